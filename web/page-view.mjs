// What the engine worker sends the page for each compose, and how the page
// reads it back. A 1 MB issue has thousands of sections, items and problems:
// copied between threads as objects they would cost the page's thread about
// a frame per keystroke. So the worker sends
//   outline      the structure (titles, numbers, links) only when it changed
//                (the page says which one it has: options.page.outlineHash),
//                else null;
//   ranges       every range of the outline as numbers in one transferred
//                Int32Array, every time (they move as the writer types);
//   diagnostics  the first MAX_DIAGNOSTICS (errors first), with counts of all,
//                and fixable: every diagnostic with a fix (up to MAX_FIXABLE);
//   outputs      only the formats in options.page.send, and sizes of all;
//   html         instead of outputs.html when the page asks for the HTML in
//                parts (options.page.htmlBase: the version of the parts it
//                holds, or null): only the parts that differ from those.
// The Web tab's HTML of a 1 MB issue is 2 MB, of which a keystroke changes
// one section: copied whole to the page and compared there, it cost each
// keystroke tens of milliseconds on both threads.

// Below this size the email is rendered on every keystroke for its size in
// the status bar; above it, only once typing pauses (or on the Email tab).
export const EMAIL_EVERY_KEYSTROKE = 256 * 1024;
export const MAX_DIAGNOSTICS = 300;
const MAX_FIXABLE = 2000;
const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 };
const RANGE_INTS = 6;

export function countBySeverity(diagnostics) {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const { severity } of diagnostics) counts[severity] = (counts[severity] ?? 0) + 1;
  return counts;
}

// FNV-1a over the outline's titles, numbers and links.
function outlineHash(issue) {
  let hash = 0x811c9dc5;
  const add = (value) => {
    const text = `${value ?? ''}\u0001`;
    for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  };
  add(issue.title);
  add(issue.number);
  add(issue.newsletter);
  add(issue.toc ? 'toc' : '');
  for (const section of issue.sections) {
    add(section.number);
    add(section.title);
    add(section.heading_range ? 'h' : '');
    for (const item of section.items) {
      add(item.title);
      add(item.url);
    }
  }
  return hash >>> 0;
}

// The order ranges are written and read in: toc, then per section its range
// and heading, then its items' ranges.
function* rangeSlots(outline) {
  yield [outline, 'toc'];
  for (const section of outline.sections) {
    yield [section, 'range'];
    yield [section, 'heading'];
    for (const item of section.items) yield [item, 'range'];
  }
}

function encodeRanges(issue) {
  const list = [issue.toc?.range];
  for (const section of issue.sections) {
    list.push(section.range, section.heading_range, ...section.items.map((item) => item.range));
  }
  const ranges = new Int32Array(list.length * RANGE_INTS).fill(-1);
  list.forEach((range, i) => {
    if (range) {
      ranges.set([range.start.line, range.start.column, range.start.offset,
        range.end.line, range.end.column, range.end.offset], i * RANGE_INTS);
    }
  });
  return ranges;
}

// The core's HTML is <article class="issue"> holding a header, highlights,
// contents and one <section> per section: it is cut, as text, into the
// article's opening tag (shell) and those top-level parts. Anything else is
// one part.
const SECTION_START = '\n<section ';

export function splitParts(html) {
  const open = html.indexOf('>') + 1;
  const close = html.lastIndexOf('</article>');
  if (!html.startsWith('<article') || close < open) return { shell: '', parts: [html] };
  const inner = html.slice(open, close);
  const parts = [];
  let at = 0;
  for (let next = inner.indexOf(SECTION_START); next !== -1; next = inner.indexOf(SECTION_START, next + 1)) {
    parts.push(inner.slice(at, next));
    at = next;
  }
  parts.push(inner.slice(at));
  return { shell: html.slice(0, open), parts };
}

// Whether the email is over Gmail's clipping limit, as the last compose that
// rendered it found: a large issue's keystrokes compose without the email
// (EMAIL_EVERY_KEYSTROKE), and its warning came and went as the writer typed
// and paused, repainting every problem of the issue each time.
const EMAIL_SIZE_RULE = 'email/too-large';
export class EmailVerdict {
  #warning = null;  // the rule's diagnostic as last found, or null

  // A new text (not an edit of the last one): what was found no longer holds.
  forget() { this.#warning = null; }

  // Takes the verdict from a result that rendered the email; gives it to a
  // result that did not, at the place its own email diagnostics have (the
  // title), or where it last was.
  apply(result) {
    const { diagnostics } = result;
    if (result.outputBytes?.email !== undefined) {
      this.#warning = diagnostics.find((diagnostic) => diagnostic.rule === EMAIL_SIZE_RULE) ?? null;
      return;
    }
    if (!this.#warning || diagnostics.some((diagnostic) => diagnostic.rule === EMAIL_SIZE_RULE)) return;
    const sibling = diagnostics.find((diagnostic) => diagnostic.rule.startsWith('email/'));
    const warning = { ...this.#warning, range: sibling?.range ?? this.#warning.range };
    const at = diagnostics.findIndex((diagnostic) => diagnostic.range.start.offset > warning.range.start.offset);
    diagnostics.splice(at === -1 ? diagnostics.length : at, 0, warning);
  }
}

// The worker's side of the HTML in parts: the parts it last sent, under a
// version no other worker gives (a restarted worker knows none of the page's).
export class SentParts {
  #prefix = Math.random().toString(36).slice(2);
  #sent = 0;
  #version = null;
  #parts = [];

  // { version, base, shell, count, changed: [index, part, index, part…] }:
  // the parts of `html` that differ from those of version `base`, or all of
  // them (base null) when that is not the version last sent.
  delta(html, base) {
    const { shell, parts } = splitParts(html);
    const known = base !== null && base === this.#version;
    const from = known ? this.#parts : [];
    const changed = [];
    parts.forEach((part, index) => {
      if (from[index] !== part) changed.push(index, part);
    });
    this.#version = `${this.#prefix}.${this.#sent += 1}`;
    this.#parts = parts;
    return { version: this.#version, base: known ? base : null, shell, count: parts.length, changed };
  }
}

// The page's side: { version, shell, parts } from a delta and the parts the
// page held (null for none).
export function receiveParts(delta, held) {
  if (delta.base !== null && delta.base !== held?.version) {
    throw new Error(`The preview's HTML came as changes to parts this page does not have (${delta.base}).`);
  }
  const parts = delta.base === null ? new Array(delta.count) : held.parts.slice(0, delta.count);
  const { changed } = delta;
  for (let i = 0; i < changed.length; i += 2) parts[changed[i]] = changed[i + 1];
  return { version: delta.version, shell: delta.shell, parts };
}

export function pageView(result, { send = [], outlineHash: known = null, htmlBase }, sentParts = null, emailVerdict = null) {
  emailVerdict?.apply(result);
  const { issue, diagnostics } = result;
  const hash = outlineHash(issue);
  const outputs = {};
  let html = null;
  for (const [format, text] of Object.entries(result.outputs ?? {})) {
    if (!send.includes(format)) continue;
    if (format === 'html' && htmlBase !== undefined && sentParts) html = sentParts.delta(text, htmlBase);
    else outputs[format] = text;
  }
  const first = diagnostics.length <= MAX_DIAGNOSTICS ? diagnostics : [...diagnostics]
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.range.start.offset - b.range.start.offset)
    .slice(0, MAX_DIAGNOSTICS);
  return {
    outline: hash === known ? null : {
      title: issue.title,
      number: issue.number,
      newsletter: issue.newsletter,
      toc: null,
      sections: issue.sections.map((section) => ({
        number: section.number,
        title: section.title,
        level: section.level,
        items: section.items.map((item) => ({ title: item.title, url: item.url })),
      })),
    },
    outlineHash: hash,
    ranges: encodeRanges(issue),
    diagnostics: first,
    counts: countBySeverity(diagnostics),
    total: diagnostics.length,
    fixable: diagnostics.filter((diagnostic) => diagnostic.fix).slice(0, MAX_FIXABLE),
    outputs,
    html,
    sizes: result.outputBytes,
  };
}

// The page's side: the outline (this answer's, or the last one when it did
// not change) with this answer's ranges: { start, end } with
// { line, column, offset }, or null.
export function readOutline(view, previous) {
  const outline = view.outline ?? previous;
  const { ranges } = view;
  let i = 0;
  for (const [owner, key] of rangeSlots(outline)) {
    const at = i * RANGE_INTS;
    owner[key] = ranges[at] === -1 ? null : {
      start: { line: ranges[at], column: ranges[at + 1], offset: ranges[at + 2] },
      end: { line: ranges[at + 3], column: ranges[at + 4], offset: ranges[at + 5] },
    };
    i += 1;
  }
  return outline;
}
