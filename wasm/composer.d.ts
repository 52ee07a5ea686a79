// Types of composer.mjs. tests/wasm/api.test.mjs checks that the names here
// match what the module really exports, so the two cannot drift apart.

export interface CreateComposerOptions {
  /** The bytes of composer-core.wasm, when the caller already has them. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Browsers: where to fetch composer-core.wasm from (Emscripten's locateFile). */
  locateFile?: (path: string, prefix: string) => string;
}

/** Options of compose(); unknown keys and bad values become diagnostics (rule "options/invalid"). */
export interface ComposeOptions {
  /** Output formats to render into `outputs`, e.g. ["html"]; meta().formats lists them. */
  formats?: string[];
  [key: string]: unknown;
}

export interface GfmOptions {
  /** cmark-gfm extensions: "table", "strikethrough", "autolink", "tagfilter", "footnotes", "tasklist". */
  extensions?: string[];
  /** Keep raw HTML and dangerous URLs, like cmark-gfm --unsafe. */
  unsafe?: boolean;
}

/** 1-based line and column; columns count UTF-8 bytes. `offset` is the 0-based byte offset. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

/** `end` is exclusive. */
export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

export interface TextEdit {
  range: Range;
  text: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface Diagnostic {
  /** Stable id, e.g. "link/empty-text". */
  rule: string;
  severity: Severity;
  message: string;
  range: Range;
  fix?: Fix;
}

/** The issue model, as `issuec render --format json` prints it. */
export type Issue = Record<string, unknown>;

export interface ComposeResult {
  issue: Issue;
  diagnostics: Diagnostic[];
  /** Format name to rendered text, for the formats asked for. */
  outputs: Record<string, string>;
}

export interface Meta {
  version: string;
  formats: string[];
  [key: string]: unknown;
}

export interface Composer {
  /** Parses, checks and renders one issue. A Uint8Array is taken as raw bytes. */
  compose(source: string | Uint8Array, options?: ComposeOptions): ComposeResult;
  /** The JSON text of compose() without outputs: byte for byte what `issuec render --format json` prints. */
  composeJson(source: string | Uint8Array, options?: ComposeOptions): string;
  /** Plain cmark-gfm HTML, exactly as the cmark-gfm program renders it. */
  renderGfm(source: string | Uint8Array, options?: GfmOptions): string;
  /** Version, output formats and rule ids with their defaults. */
  meta(): Meta;
  readonly version: string;
}

/** Thrown for an error reply of the core; `crashed` means this composer is done: create another. */
export declare class ComposerError extends Error {
  readonly crashed: boolean;
  constructor(message: string, options?: { cause?: unknown; crashed?: boolean });
}

/** Loads the WASM core (once per call) and returns the API over it. */
export declare function createComposer(options?: CreateComposerOptions): Promise<Composer>;
