// Shows the core's HTML in the sandboxed iframe of index.html. Its sandbox
// grants no scripts, forms or top navigation; it keeps the frame's origin so
// the page can swap the body in place (keeping the reader's scroll position)
// instead of reloading the frame on every keystroke, and lets links open in a
// new tab. Without scripts, keeping the origin gives the content no power.
// The frame inherits the page's CSP, which admits images from this origin
// only: remote images become labelled placeholders rather than blocked loads.
import { PREVIEW_STYLESHEET } from './assets.mjs';
import { splitParts } from './page-view.mjs';

const SHELL = `<!doctype html><html lang="en"><head><meta charset="utf-8">${PREVIEW_STYLESHEET}</head><body></body></html>`;
// Links leave the preview in a new tab, so only web and mail links may:
// anything else (javascript:, relative paths into this app) loses its href.
const WEB_LINK = /^(?:https?|mailto):/i;
// Nothing in a preview may load code, styles or frames of its own.
const DROPPED_ELEMENTS = 'script, style, link, meta, base, iframe, frame, object, embed';

// An image with no alt text is named `unnamed` (the interface's word for "Image").
function imagePlaceholder(document, image, unnamed) {
  const placeholder = document.createElement('span');
  placeholder.className = 'image-placeholder';
  placeholder.setAttribute('role', 'img');
  const alt = image.getAttribute('alt') ?? '';
  placeholder.setAttribute('aria-label', alt || unnamed);
  placeholder.title = image.getAttribute('src') ?? '';
  placeholder.textContent = alt || unnamed;
  return placeholder;
}

// A text longer than this in one piece, counted in the HTML (where "&" is
// "&amp;"; no writer's paragraph is this long: it takes a pasted log or
// broken markup), is cut short in a preview, with a mark that says how much
// is left out. Chromium lays a paragraph out whole on every change to it: a
// megabyte of text takes 100 to 300 ms each time, long enough to hold up
// typing; this much takes a few. The cut is made in the HTML, before it is
// parsed, which spares parsing the rest too.
export const LONGEST_TEXT = 32 * 1024;

const defaultCutLabel = (n) => `… ${n.toLocaleString('en')} more characters, not shown in the preview`;
const ENTITY = /&#?\w+;/g;
const escapeText = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// Each run of text between tags (the HTML the core writes has no "<" or ">"
// but its tags') is scanned once: a pattern for long runs would rescan every
// shorter one from each of its characters.
function cutLongTexts(html, cutLabel) {
  if (html.length <= LONGEST_TEXT) return html;
  let out = '';
  let kept = 0;
  for (let start = 0; start < html.length;) {
    const tag = html.indexOf('<', start);
    const end = tag === -1 ? html.length : tag;
    if (end - start > LONGEST_TEXT) {
      let cut = start + LONGEST_TEXT;
      // Neither a character reference nor a surrogate pair is split.
      const reference = html.lastIndexOf('&', cut);
      if (reference > cut - 12 && html.indexOf(';', reference) >= cut) cut = reference;
      if (/[\uD800-\uDBFF]/.test(html[cut - 1])) cut -= 1;
      const hidden = html.slice(cut, end).replace(ENTITY, '_').replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '_').length;
      out += `${html.slice(kept, cut)}<span class="preview-cut">${escapeText(cutLabel(hidden))}</span>`;
      kept = end;
    }
    if (tag === -1) break;
    const close = html.indexOf('>', tag);
    if (close === -1) break;
    start = close + 1;
  }
  return kept === 0 ? html : out + html.slice(kept);
}

// Parses inertly (a template's content runs no scripts and loads nothing:
// its document has no window) and returns the nodes ready to show; a
// DOMParser document, as inert, costs 0.3 ms more to make each time, six
// times what parsing a section does. `images: 'show'` keeps images (the
// host's CSP decides what loads); the default shows labelled placeholders.
// `cutLabel(n)` words the mark left where a long text is cut (LONGEST_TEXT).
export function previewNodes(html, { images = 'placeholder', cutLabel = defaultCutLabel, imageLabel = () => 'Image' } = {}) {
  const template = document.createElement('template');
  template.innerHTML = cutLongTexts(html, cutLabel);
  const { content } = template;
  for (const element of content.querySelectorAll(DROPPED_ELEMENTS)) element.remove();
  for (const element of content.querySelectorAll('[style]')) element.removeAttribute('style');
  if (images !== 'show') {
    const unnamed = imageLabel();
    for (const image of content.querySelectorAll('img')) image.replaceWith(imagePlaceholder(content.ownerDocument, image, unnamed));
  }
  for (const link of content.querySelectorAll('a[href]')) {
    const href = link.getAttribute('href').trim();
    if (href.startsWith('#')) continue;
    if (!WEB_LINK.test(href)) {
      link.removeAttribute('href');
      continue;
    }
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
  }
  return [...content.childNodes];
}

// The core's HTML is cut into its top-level parts as text (splitParts in
// page-view.mjs), and only parts whose text changed are parsed and replaced:
// typing repaints one section, the rest of the frame (and its scroll
// position) stays. Parts whose only change is their data-line attributes
// (lines inserted above them) keep their nodes and get the new numbers.
const DATA_LINE = / data-line="(\d+)"/g;

// (The attribute's place stays in the key: a part whose elements carry lines
// otherwise, as a title from front matter carries none, is another part.)
const withoutLines = (part) => part.replace(DATA_LINE, ' data-line');
// A part's elements that carry a source line, in document order (listed when
// first asked, and kept with the part's nodes).
const markedOf = (part) => {
  part.marked ??= part.nodes.flatMap((node) => (node.nodeType === 1
    ? [...(node.matches('[data-line]') ? [node] : []), ...node.querySelectorAll('[data-line]')]
    : []));
  return part.marked;
};
const SLICE_MS = 12;
const BATCH_PARTS = 64;
const BATCH_CHARS = 64 * 1024;
const PART_BREAK = 'preview-part';

// Parses several parts at once, split again at comments put between them.
// Parts are whole blocks, so each comment lands between them; should one not
// (a part with unclosed tags), each part is parsed alone.
function parseParts(htmls, options) {
  if (htmls.length === 1) return [previewNodes(htmls[0], options)];
  const groups = [[]];
  for (const node of previewNodes(htmls.join(`<!--${PART_BREAK}-->`), options)) {
    if (node.nodeType === 8 && node.data === PART_BREAK) groups.push([]);
    else groups.at(-1).push(node);
  }
  return groups.length === htmls.length ? groups : htmls.map((html) => previewNodes(html, options));
}

export class Preview {
  #frame;
  #loaded;
  #shell = null;
  #parts = [];   // [{ html, key, nodes, marked? }] (marked: markedOf)
  #generation = 0;
  #onPick = null;
  #parseOptions;

  // onPick(line): a click on previewed content (not on a link) that came from
  // source line `line`. cutLabel(n): the words where a long text is cut,
  // imageLabel(): the name of a remote image with no alt text (previewNodes).
  constructor(frame, { onPick, cutLabel, imageLabel } = {}) {
    this.#frame = frame;
    this.#onPick = onPick ?? null;
    this.#parseOptions = { ...(cutLabel && { cutLabel }), ...(imageLabel && { imageLabel }) };
    this.#loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    frame.srcdoc = SHELL;
    this.#loaded.then(() => {
      frame.contentDocument.addEventListener('click', (event) => this.#clicked(event));
    });
  }

  get document() { return this.#frame.contentDocument; }

  // theme: 'light' | 'dark' | 'system' (the page's; preview.css). A frame's
  // preferred colour scheme is the system's, whatever its embedder chose.
  async setTheme(theme) {
    await this.#loaded;
    setFrameTheme(this.#frame.contentDocument, theme);
  }

  // Resolves once the frame shows `html`, or once a newer show() took over.
  show(html) {
    return this.showParts(splitParts(html));
  }

  // The same for HTML already cut into its parts (splitParts; the engine
  // worker sends the Web tab's HTML so). Work is cut into slices of SLICE_MS
  // so that a huge issue never blocks the page (typing included) for longer
  // than that.
  async showParts({ shell, parts }) {
    await this.#loaded;
    const generation = ++this.#generation;
    const document = this.#frame.contentDocument;
    let container = document.body.firstElementChild;
    if (shell !== this.#shell || !container) {
      this.#shell = shell;
      this.#parts = [];
      const [root] = previewNodes(`${shell}</article>`, this.#parseOptions).map((node) => document.adoptNode(node));
      container = root ?? document.createElement('div');
      document.body.replaceChildren(container);
    }
    this.#marked = null;
    let sliceStart = performance.now();
    for (let index = 0; index < parts.length;) {
      if (performance.now() - sliceStart > SLICE_MS) {
        await new Promise((resolve) => setTimeout(resolve));
        if (generation !== this.#generation) return;
        sliceStart = performance.now();
      }
      // Consecutive parts that need parsing are parsed together (opening a
      // huge issue parses hundreds of sections).
      const run = [];
      let size = 0;
      for (let next = index; next < parts.length && run.length < BATCH_PARTS && size < BATCH_CHARS; next += 1) {
        const change = this.#change(this.#parts[next], parts[next]);
        if (change.nodes) {
          if (run.length > 0) break;
          this.#parts[next] = change;
          index = next + 1;
          break;
        }
        run.push(change);
        size += change.html.length;
      }
      if (run.length === 0) continue;
      const groups = parseParts(run.map((change) => change.html), this.#parseOptions);
      run.forEach((change, i) => {
        this.#parts[index + i] = this.#place(container, this.#parts[index + i], change, groups[i]);
      });
      index += run.length;
    }
    for (const old of this.#parts.splice(parts.length)) for (const node of old.nodes) node.remove();
    this.#marked = null;
  }

  // What becomes of one part: kept, or renumbered (only its data-line
  // attributes changed; both come back with their nodes), or to be parsed
  // ({ html, key } without nodes).
  #change(old, html) {
    if (old && old.html === html) return old;
    const key = withoutLines(html);
    if (!old || old.key !== key) return { html, key };
    const lines = [...html.matchAll(DATA_LINE)].map((match) => match[1]);
    const marked = markedOf(old);
    marked.forEach((element, i) => element.setAttribute('data-line', lines[i]));
    return { html, key, nodes: old.nodes, marked };
  }

  // Puts a part's newly parsed nodes where the old part's were (or last).
  #place(container, old, { html, key }, parsed) {
    const document = container.ownerDocument;
    const nodes = parsed.map((node) => document.adoptNode(node));
    const anchor = old?.nodes.find((node) => node.parentNode === container) ?? null;
    for (const node of nodes) container.insertBefore(node, anchor);
    if (old) for (const node of old.nodes) node.remove();
    return { html, key, nodes };
  }

  // Scrolls the preview to the element made from the last source line at or
  // before `line`, unless it is already in view. The marked elements are
  // gathered from the parts once per repaint (each part lists its own once)
  // and searched by halves: a 1 MB issue has thousands.
  reveal(line) {
    const document = this.#frame.contentDocument;
    if (!document?.body) return;
    this.#marked ??= this.#parts.flatMap(markedOf);
    const marked = this.#marked;
    let low = 0;
    let high = marked.length - 1;
    let best = null;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (Number(marked[middle].dataset.line) <= line) {
        best = marked[middle];
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    if (!best?.isConnected) return;
    const view = this.#frame.contentWindow;
    const { top, bottom } = best.getBoundingClientRect();
    if (top >= 0 && bottom <= view.innerHeight) return;
    view.scrollBy({ top: top - 16 });
  }

  #marked = null;
  #clicked(event) {
    if (!this.#onPick || event.target.closest('a[href]')) return;
    const marked = event.target.closest('[data-line]');
    if (marked) this.#onPick(Number(marked.dataset.line));
  }
}

// A text output (the Plain text, Markdown and JSON tabs) in its <pre>, in
// blocks of OUTPUT_LINES lines that are laid out only once scrolled into
// view (content-visibility in style.css), each sized meanwhile by its lines.
// Chromium lays a text node out whole: the JSON of a 1 MB issue with
// thousands of problems, several megabytes, held the page for seconds when
// its tab was shown and again after each compose. Blocks whose text did not
// change are kept as they are.
export const OUTPUT_LINES = 100;

export function showOutputText(pre, text) {
  const blocks = [];  // [text, lines]
  for (let start = 0; start < text.length;) {
    let end = start;
    let lines = 0;
    while (lines < OUTPUT_LINES && end < text.length) {
      end = text.indexOf('\n', end) + 1 || text.length;
      lines += 1;
    }
    blocks.push([text.slice(start, end), lines]);
    start = end;
  }
  if (pre.childNodes.length !== pre.children.length) pre.replaceChildren();
  const shown = [...pre.children];
  blocks.forEach(([block, lines], index) => {
    if (shown[index]?.textContent === block) return;
    const element = pre.ownerDocument.createElement('div');
    element.className = 'output-block';
    element.textContent = block;
    element.style.containIntrinsicSize = `auto ${1.5 * lines}em`;
    if (shown[index]) shown[index].replaceWith(element);
    else pre.append(element);
  });
  for (const unused of shown.slice(blocks.length)) unused.remove();
}

// The email as its recipients see it, in a sandboxed frame without scripts.
// The email styles itself with style attributes and one <style> element,
// which the page's CSP (inherited by the frame) would block: both are moved
// into CSSOM instead (element.style and a constructed stylesheet), which CSP
// does not govern. Remote images become placeholders, as in the web preview.
const STYLE_ELEMENT = /<style\b[^>]*>([\s\S]*?)<\/style>/gi;
const START_TAG = /<[a-zA-Z][^<>]*>/g;
const INLINE_ATTRIBUTE = /(\s)(style|on[a-z]+)(\s*=)/gi;

// Renames style and event-handler attributes to data-inert-style,
// data-inert-onclick…: parsing them, even inertly with DOMParser, makes
// Chromium report CSP violations for each one.
export function inertAttributes(html) {
  return html.replace(START_TAG, (tag) => tag.replace(INLINE_ATTRIBUTE, '$1data-inert-$2$3'));
}

// The email's own dark styles, under @media (prefers-color-scheme: dark):
// in a frame that query follows the system, so for a theme the writer
// picked each such rule's media is set to match it.
const DARK_SCHEME = /\(\s*prefers-color-scheme\s*:\s*dark\s*\)/i;

function frameSchemeMedia(original, theme) {
  if (theme === 'light') return 'not all';
  if (theme === 'dark') return original.replace(DARK_SCHEME, '(min-width: 0px)');
  return original;
}

function setFrameTheme(document, theme) {
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
}

// The email as a mail client in the page's theme shows it: one that honours
// the email's dark styles in dark mode (Apple Mail, iOS Mail, Outlook for
// Mac) rather than recolouring it on its own (Gmail).
export class EmailPreview {
  #frame;
  #loaded;
  #shown = null;
  #theme = 'system';
  #schemeRules = [];   // [{ rule, original }]: the email's dark-scheme @media rules

  constructor(frame) {
    this.#frame = frame;
    this.#loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    frame.srcdoc = '<!doctype html><html><head></head><body></body></html>';
  }

  async show(html) {
    await this.#loaded;
    if (html === this.#shown) return;
    this.#shown = html;
    // Styles are taken out as text first (see inertAttributes).
    const css = [...html.matchAll(STYLE_ELEMENT)].map((match) => match[1]).join('\n');
    const parsed = new DOMParser().parseFromString(
      inertAttributes(html.replace(STYLE_ELEMENT, '')),
      'text/html',
    );
    for (const element of parsed.querySelectorAll(DROPPED_ELEMENTS)) element.remove();
    for (const image of parsed.querySelectorAll('img')) {
      const placeholder = imagePlaceholder(parsed, image);
      placeholder.style.cssText = 'display:block;padding:24px 8px;border:1px dashed #b8bfcc;color:#5b6475;'
        + 'font:13px sans-serif;text-align:center;background:#f7f8fa';
      image.replaceWith(placeholder);
    }
    for (const element of parsed.querySelectorAll('[data-inert-style]')) {
      element.style.cssText = element.dataset.inertStyle;
      element.removeAttribute('data-inert-style');
    }
    for (const link of parsed.querySelectorAll('a[href]')) {
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
    }
    const document = this.#frame.contentDocument;
    const scroll = this.#frame.contentWindow.scrollY;
    const sheet = new this.#frame.contentWindow.CSSStyleSheet();
    sheet.replaceSync(css);
    this.#schemeRules = [...sheet.cssRules]
      .filter((rule) => rule.media && DARK_SCHEME.test(rule.media.mediaText))
      .map((rule) => ({ rule, original: rule.media.mediaText }));
    this.#applyTheme();
    document.adoptedStyleSheets = [sheet];
    document.documentElement.replaceChildren(
      ...[...parsed.documentElement.childNodes].map((node) => document.adoptNode(node)),
    );
    this.#frame.contentWindow.scrollTo(0, scroll);
  }

  setTheme(theme) {
    this.#theme = theme;
    this.#applyTheme();
  }

  #applyTheme() {
    for (const { rule, original } of this.#schemeRules) rule.media.mediaText = frameSchemeMedia(original, this.#theme);
  }
}
