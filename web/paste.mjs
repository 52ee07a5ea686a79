// What pasting does in the editor:
// - a bare URL on an empty line inside a section becomes an item skeleton:
//   a "TK" title (the placeholder rule flags it until it is written), the
//   source's domain, and for arXiv links the [id] paper line;
// - a URL pasted over selected text makes that text a link;
// - rich HTML (a web page, Google Docs, Word) becomes clean Markdown: no
//   inline styles, no junk spans, only structure and emphasis that mean
//   something.
// Anything else is pasted as CodeMirror pastes it.
import { EditorView } from '@codemirror/view';
import { itemSkeleton } from './editor.mjs';

const BARE_URL = /^https?:\/\/[^\s<>"]+$/i;
const ARXIV = /^https?:\/\/(?:www\.)?arxiv\.org\/(?:abs|pdf)\/(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?$/i;

export function domainOf(url) {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

export function skeletonFor(url) {
  const arxiv = ARXIV.exec(url);
  const domain = domainOf(url);
  return itemSkeleton(url, { title: `TK title (${domain})`, paperId: arxiv ? arxiv[1] : null });
}

// --- HTML to Markdown -----------------------------------------------------------

const BLOCKS = new Set(['P', 'DIV', 'SECTION', 'ARTICLE', 'MAIN', 'HEADER', 'FOOTER', 'ASIDE', 'FIGURE', 'FIGCAPTION', 'TABLE', 'TR', 'DL', 'DD', 'DT']);
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'TITLE', 'META', 'LINK', 'IFRAME', 'OBJECT', 'SVG', 'BUTTON', 'INPUT', 'SELECT', 'TEXTAREA']);
const SAFE_URL = /^(?:https?:|mailto:)/i;

// Google Docs marks bold and italic with styles on spans (and wraps the whole
// paste in <b style="font-weight:normal">); Word uses <b>/<i> or styles too.
function emphasisOf(element) {
  const style = element.getAttribute('style') ?? '';
  const weight = /font-weight\s*:\s*(\w+)/i.exec(style)?.[1];
  const bold = element.tagName === 'STRONG' || (element.tagName === 'B' && weight !== 'normal' && weight !== '400')
    || (weight !== undefined && (weight === 'bold' || Number(weight) >= 600));
  const italic = element.tagName === 'EM' || element.tagName === 'I' || /font-style\s*:\s*italic/i.test(style);
  return { bold, italic };
}

const escapeText = (text) => text.replace(/([\\`*_[\]<>])/g, '\\$1');

function inline(node) {
  if (node.nodeType === 3) return escapeText(node.data.replace(/\s+/g, ' '));
  if (node.nodeType !== 1 || SKIPPED.has(node.tagName)) return '';
  if (node.tagName === 'BR') return '\n';
  if (node.tagName === 'IMG') {
    const src = node.getAttribute('src') ?? '';
    return SAFE_URL.test(src) ? `![${escapeText(node.getAttribute('alt') ?? '')}](${src})` : '';
  }
  const inner = [...node.childNodes].map(inline).join('');
  if (node.tagName === 'CODE' || node.tagName === 'KBD') return inner.trim() ? `\`${node.textContent}\`` : '';
  if (node.tagName === 'A') {
    const href = node.getAttribute('href') ?? '';
    const text = inner.trim();
    if (!SAFE_URL.test(href)) return inner;
    return text ? `[${text}](${href})` : '';
  }
  let text = inner;
  const { bold, italic } = emphasisOf(node);
  if (!text.trim()) return text;
  const [, lead, core, trail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(text);
  if (italic) text = `*${core}*`;
  if (bold) text = `**${italic ? text : core}**`;
  return bold || italic ? lead + text + trail : inner;
}

function blocks(node, out, depth = 0) {
  for (const child of node.childNodes) {
    if (child.nodeType === 3 || (child.nodeType === 1 && !BLOCKS.has(child.tagName) && !/^(H[1-6]|UL|OL|LI|PRE|BLOCKQUOTE|HR|BODY)$/.test(child.tagName))) {
      const text = inline(child);
      if (text.trim()) {
        if (out.open) out.lines[out.lines.length - 1] += text;
        else {
          out.lines.push(text.replace(/^\s+/, ''));
          out.open = true;
        }
      }
      continue;
    }
    if (child.nodeType !== 1 || SKIPPED.has(child.tagName)) continue;
    out.open = false;
    const tag = child.tagName;
    if (/^H[1-6]$/.test(tag)) {
      const text = [...child.childNodes].map(inline).join('').replace(/\*\*/g, '').trim();
      if (text) out.blocks(`${'#'.repeat(Number(tag[1]))} ${text}`);
    } else if (tag === 'UL' || tag === 'OL') {
      let number = 1;
      for (const item of child.children) {
        if (item.tagName !== 'LI') continue;
        const nested = { lines: [], open: false, blocks(text) { this.lines.push(text); this.open = false; } };
        blocks(item, nested, depth + 1);
        const marker = tag === 'OL' ? `${number++}. ` : '- ';
        const body = nested.lines.filter((line) => line.trim()).join('\n').split('\n');
        out.lines.push(body.map((line, i) => (i === 0 ? marker : ' '.repeat(marker.length)) + line.trim()).join('\n'));
      }
      out.lines.push('');
    } else if (tag === 'PRE') {
      out.blocks(`\`\`\`\n${child.textContent.replace(/\n$/, '')}\n\`\`\``);
    } else if (tag === 'BLOCKQUOTE') {
      const nested = { lines: [], open: false, blocks(text) { this.lines.push(text, ''); this.open = false; } };
      blocks(child, nested, depth);
      out.blocks(nested.lines.join('\n').trim().split('\n').map((line) => `> ${line}`.trimEnd()).join('\n'));
    } else if (tag === 'HR') {
      out.blocks('---');
    } else {
      blocks(child, out, depth);
      out.open = false;
      if (depth === 0) out.lines.push('');
    }
  }
}

export function htmlToMarkdown(html) {
  const document = new DOMParser().parseFromString(
    // Word's conditional comments and XML islands carry nothing to keep.
    html.replace(/<!--[\s\S]*?-->/g, '').replace(/<\/?o:p>/g, ''),
    'text/html',
  );
  const out = { lines: [], open: false, blocks(text) { this.lines.push(text, ''); this.open = false; } };
  blocks(document.body, out);
  return out.lines.join('\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/\u00a0/g, ' ')
    .trim();
}

// --- The editor extension ----------------------------------------------------------

// inSection(index) tells whether a position lies inside a section of the
// issue (the page answers from the latest outline).
export function pasteHandling({ inSection }) {
  return EditorView.domEventHandlers({
    paste(event, view) {
      const data = event.clipboardData;
      if (!data) return false;
      const text = data.getData('text/plain');
      const html = data.getData('text/html');
      const { state } = view;
      const range = state.selection.main;
      const url = text.trim();
      let change = null;
      if (BARE_URL.test(url) && !range.empty) {
        change = { from: range.from, to: range.to, insert: `[${state.sliceDoc(range.from, range.to)}](${url})` };
      } else if (BARE_URL.test(url) && state.doc.lineAt(range.head).text.trim() === '' && inSection(range.head)) {
        const line = state.doc.lineAt(range.head);
        change = { from: line.from, to: line.to, insert: skeletonFor(url) };
      } else if (html && /<(?:p|h[1-6]|ul|ol|li|a|b|strong|i|em|span|div|br|table)\b/i.test(html)) {
        const markdown = htmlToMarkdown(html);
        if (markdown) change = { from: range.from, to: range.to, insert: markdown };
      }
      if (!change) return false;
      event.preventDefault();
      const placeholder = change.insert.indexOf('TK title');
      const selection = placeholder === -1
        ? { anchor: change.from + change.insert.length }
        : { anchor: change.from + placeholder, head: change.from + change.insert.indexOf(']') };
      view.dispatch({ changes: change, selection, userEvent: 'input.paste', scrollIntoView: true });
      return true;
    },
  });
}
