// Types of the custom elements (dist/issue-preview.mjs, dist/issue-composer.mjs).
// tests/web/elements-types.test.mjs checks them against the elements as
// Chromium defines them: the attributes each observes, and every property and
// method below, so the two cannot drift apart.
import type { ComposeOptions, ComposeResult, Diagnostic, Issue, Meta } from '../composer';

/** What `publish` carries: every output asked for (all formats by default), the model and the problems. */
export interface PublishDetail {
  source: string;
  outputs: Record<string, string>;
  issue: Issue;
  diagnostics: Diagnostic[];
}

/** What `diagnostics` carries after each compose of the live document. */
export interface DiagnosticsDetail {
  /** The first few hundred problems, errors first (compose() gives every one). */
  diagnostics: Diagnostic[];
  counts: { error: number; warning: number; info: number };
  /** How many problems there are in all. */
  total: number;
}

export interface IssuePreviewResult {
  issue: Issue;
  diagnostics: Diagnostic[];
}

/**
 * <issue-preview value="…" src="issue.md" theme="auto" lang="en" images="show" loading="lazy">
 * Attributes: value, src, theme, lang, images ("show" | "placeholder"), loading ("lazy" | "eager").
 * Events: render (detail: IssuePreviewResult), error (detail: { message }).
 */
export interface IssuePreviewElement extends HTMLElement {
  /** The Markdown shown: set it to show another issue (null: back to `src` or the inline text). */
  value: string | null;
  src: string;
  theme: 'light' | 'dark' | 'auto';
  /** The last render's model and problems; null before the first render. */
  readonly result: IssuePreviewResult | null;
  /** Renders now, in view or not. */
  reveal(): void;
}

/**
 * <issue-composer value="…" src="issue.md" formats="html email text" theme="auto" lang="en" readonly storage="none">
 * Attributes: value, src, formats, theme, lang, readonly, storage ("none" | "local").
 * Events: input (detail: { source }, after a pause in typing), diagnostics (detail: DiagnosticsDetail),
 * publish (detail: PublishDetail).
 */
export interface IssueComposerElement extends HTMLElement {
  /** The document: reading it is getValue(), setting it setValue() (the `value` attribute sets it too). */
  value: string;
  src: string;
  /** What publish renders; default: every format meta() lists. */
  formats: string[];
  theme: 'light' | 'dark' | 'auto';
  readonly: boolean;
  storage: 'none' | 'local';
  /** Resolves with meta() once the core has loaded. */
  readonly ready: Promise<Meta>;
  getValue(): string;
  setValue(source: string): void;
  /** Composes the current document with any options. */
  compose(options?: ComposeOptions): Promise<ComposeResult>;
  /** Composes every format in `formats` and fires `publish` with it (what the Publish button does). */
  publish(): Promise<PublishDetail>;
  focus(options?: FocusOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'issue-preview': IssuePreviewElement;
    'issue-composer': IssueComposerElement;
  }
}
