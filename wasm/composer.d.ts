// Types of composer.mjs. tests/wasm/api.test.mjs checks that the names here
// match what the module really exports, so the two cannot drift apart.

export interface CreateComposerOptions {
  /** The bytes of composer-core.wasm, when the caller already has them. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Browsers: where to fetch composer-core.wasm from (Emscripten's locateFile). */
  locateFile?: (path: string, prefix: string) => string;
  /**
   * The most memory the core may use, in bytes (16 MiB to 2 GiB, the default). Past it a
   * call fails with ComposerError "out of memory" and the composer goes on.
   */
  maxMemoryBytes?: number;
}

/** Options of compose(); unknown keys and bad values become diagnostics (rule "options/invalid"). */
export interface ComposeOptions {
  /**
   * Output formats to render into `outputs`, e.g. ["html"]; meta().formats lists them:
   * "json" (the model), "html" (the blog fragment), "email" (a complete HTML email),
   * "text" (its plain-text alternative, 72 columns), "markdown" (canonical Markdown).
   */
  formats?: string[];
  /** Input past this many bytes is not read; a diagnostic says so. */
  max_input_bytes?: number;
  /** "html" as a whole page with a default stylesheet and the front matter's branding, not a fragment. */
  standalone?: boolean;
  /** Campaign values for the utm_* parameters of the email's and text's links; each overrides the front matter's. */
  utm?: UtmOptions;
  /** Rule id -> "off", "error", "warning" or "info"; overrides the front matter's "rules:" (meta().rules lists the ids). */
  rules?: Record<string, 'off' | 'error' | 'warning' | 'info'>;
  /** Longest summary in words (a CJK character counts as one); default: the front matter's, or 120. */
  summary_max_words?: number;
  /** false: compose without running the rules; diagnostics are then only those of reading the input. Default true. */
  check?: boolean;
  /**
   * compose() only: what `issue` holds. "outline": an IssueOutline, only what an editor's outline and scroll
   * sync read (a fifth of the model's JSON on a long issue, read in a fifth of the time). Default "full".
   * With the "json" format `issue` is always the whole model, read from that output.
   */
  issue?: 'full' | 'outline';
}

export interface UtmOptions {
  source?: string;
  medium?: string;
  campaign?: string;
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
  /** Replaces the bytes of `range`. */
  text: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface Diagnostic {
  /** Stable id, e.g. "front-matter/invalid-number"; meta().rules lists them. */
  rule: string;
  severity: Severity;
  message: string;
  range: Range;
  fix?: Fix;
}

// The issue model (core/include/composer/issue.hpp), as `issuec render --format json` prints it.

export interface Link {
  /** Plain text. */
  text: string;
  /** As written. */
  url: string;
  range: Range;
}

export interface Image {
  src: string;
  alt: string;
  range: Range;
}

/** A piece of Markdown as written: its plain text and normalised Markdown. */
export interface Fragment {
  text: string;
  markdown: string;
  range: Range;
}

export interface Highlight {
  text: string;
  markdown: string;
  range: Range;
  links: Link[];
}

export interface Item {
  title: string;
  /** As written. */
  url: string;
  /** Without tracking parameters. */
  canonical_url: string;
  /** The domain, or the writer's source label. */
  source: string;
  image: Image | null;
  /** "arXiv:2108.05887", "doi:…". */
  paper_id: string | null;
  /** Plain text of the summary. */
  summary: string;
  summary_markdown: string;
  /** Came from a Medium-style link card. */
  link_card: boolean;
  card_teaser: string | null;
  range: Range;
  title_range: Range;
}

export interface Section {
  number: number | null;
  title: string;
  /** The address its heading links to (`### [RFCs](url)`), as written; null when none. */
  url: string | null;
  /** Heading level as written; 0 for items before any heading. */
  level: number;
  /** From the heading to the end of the section's content. */
  range: Range;
  /** null when level is 0. */
  heading_range: Range | null;
  items: Item[];
  /** Content that is not an item, in order. */
  notes: Fragment[];
}

export interface TableOfContents {
  entries: string[];
  range: Range;
}

export interface Issue {
  title: string;
  title_range: Range | null;
  /** The address the title heading links to (`# [Weekly 12](url)`), as written; null when none. */
  url: string | null;
  number: number | null;
  date: string | null;
  newsletter: string | null;
  /** The front matter, as read. */
  meta: Record<string, unknown>;
  highlights: Highlight[];
  toc: TableOfContents | null;
  /** Text before the first section that is not a highlight. */
  intro: Fragment[];
  sections: Section[];
}

// The outline of the model: compose()'s `issue` with the option `issue: "outline"`.

export interface OutlineItem {
  title: string;
  url: string;
  range: Range;
}

export interface OutlineSection {
  number: number | null;
  title: string;
  level: number;
  range: Range;
  heading_range: Range | null;
  items: OutlineItem[];
}

export interface OutlineToc {
  range: Range;
}

export interface IssueOutline {
  title: string;
  number: number | null;
  newsletter: string | null;
  toc: OutlineToc | null;
  sections: OutlineSection[];
}

export interface ComposeResult {
  /** An IssueOutline with the option `issue: "outline"` (and no "json" format). */
  issue: Issue | IssueOutline;
  diagnostics: Diagnostic[];
  /** Format name to rendered text, for the formats asked for. */
  outputs: Record<string, string>;
  /** Format name to the UTF-8 byte length of its output (what an email weighs), for each output. */
  outputBytes: Record<string, number>;
}

export interface ImportResult {
  /** The canonical issue Markdown; importing it again gives the same text. */
  markdown: string;
  /**
   * What the import left out ("import/left-out": raw HTML, unsafe addresses, contents entries naming no
   * section) and the problems found reading the source ("input/…", "front-matter/…"), at their ranges in the source.
   */
  diagnostics: Diagnostic[];
}

export interface RuleInfo {
  id: string;
  /** The severity the rule reports with. */
  severity: Severity;
  description: string;
  /** Whether its diagnostics carry a fix. */
  fixable: boolean;
}

export interface Meta {
  version: string;
  /** The version of cmark-gfm inside. */
  cmark_gfm: string;
  /** What compose() can render into `outputs`. */
  formats: string[];
  /** "utf8-bytes": what a Position's column counts. */
  columns: string;
  rules: RuleInfo[];
}

export interface Composer {
  /** Parses, checks and renders one issue. A Uint8Array is taken as raw bytes. */
  compose(source: string | Uint8Array, options?: ComposeOptions): ComposeResult;
  /** The JSON text of compose() without outputs: byte for byte what `issuec render --format json` prints. */
  composeJson(source: string | Uint8Array, options?: ComposeOptions): string;
  /** The canonical Markdown of a messy export: byte for byte what `issuec import` prints. Options as for compose() (formats are ignored). */
  importIssue(source: string | Uint8Array, options?: ComposeOptions): ImportResult;
  /** Plain cmark-gfm HTML, exactly as the cmark-gfm program renders it. */
  renderGfm(source: string | Uint8Array, options?: GfmOptions): string;
  /** Version, output formats and rule ids with their defaults. */
  meta(): Meta;
  readonly version: string;
}

/**
 * Thrown for an error reply of the core ("out of memory" among them). `crashed` means the core
 * trapped during this call; it was replaced by a fresh one, so the composer goes on working.
 */
export declare class ComposerError extends Error {
  readonly crashed: boolean;
  constructor(message: string, options?: { cause?: unknown; crashed?: boolean });
}

/**
 * The version of the API's contract (exports, options, results, meta(), the custom elements
 * and the embed's postMessage protocol); raised only by a change that could break a caller.
 */
export declare const API_VERSION: 1;

/** Loads the WASM core (once per call) and returns the API over it. */
export declare function createComposer(options?: CreateComposerOptions): Promise<Composer>;
