// Rich HTML from the clipboard (a web page, Google Docs, Word) as clean
// Markdown: headings, paragraphs, lists, links, images, code, quotes, bold
// and italic; no inline styles, classes, spans or comments survive. Runs in
// a browser (DOMParser parses inertly: no scripts run, nothing loads).

import { inertAttributes } from './preview.mjs';

const BLOCKS = new Set(['P', 'DIV', 'SECTION', 'ARTICLE', 'MAIN', 'HEADER', 'FOOTER', 'ASIDE', 'FIGURE', 'FIGCAPTION', 'TABLE', 'TR', 'DL', 'DD', 'DT']);
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'TITLE', 'META', 'LINK', 'IFRAME', 'OBJECT', 'SVG', 'BUTTON', 'INPUT', 'SELECT', 'TEXTAREA']);
const BLOCK_SELECTOR = [...BLOCKS, 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'UL', 'OL', 'LI', 'PRE', 'BLOCKQUOTE', 'HR']
  .map((tag) => tag.toLowerCase()).join(',');
const isBlock = (element) => element.matches(BLOCK_SELECTOR);
const SAFE_URL = /^(?:https?:|mailto:)/i;

// Google Docs marks bold and italic with styles on spans (and wraps the whole
// paste in <b style="font-weight:normal">); Word uses <b>/<i> or styles too.
function emphasisOf(element) {
  const style = element.getAttribute('data-inert-style') ?? '';
  const weight = /font-weight\s*:\s*(\w+)/i.exec(style)?.[1];
  const bold = element.tagName === 'STRONG' || (element.tagName === 'B' && weight !== 'normal' && weight !== '400')
    || (weight !== undefined && (weight === 'bold' || Number(weight) >= 600));
  const italic = element.tagName === 'EM' || element.tagName === 'I' || /font-style\s*:\s*italic/i.test(style);
  return { bold, italic };
}

const escapeText = (text) => text.replace(/([\\`*_[\]<>])/g, '\\$1');
const HARD_BREAK = '\\\n';  // a <br>: CommonMark's backslash line break
const edges = (text) => /^(\s*)([\s\S]*?)(\s*)$/.exec(text).slice(1);

function inline(node) {
  if (node.nodeType === 3) return escapeText(node.data.replace(/\s+/g, ' '));
  if (node.nodeType !== 1 || SKIPPED.has(node.tagName)) return '';
  if (node.tagName === 'BR') return HARD_BREAK;
  if (node.tagName === 'IMG') {
    const src = node.getAttribute('src') ?? '';
    return SAFE_URL.test(src) ? `![${escapeText(node.getAttribute('alt') ?? '')}](${src})` : '';
  }
  const inner = [...node.childNodes].map(inline).join('');
  if (node.tagName === 'CODE' || node.tagName === 'KBD') return inner.trim() ? `\`${node.textContent}\`` : '';
  if (node.tagName === 'A') {
    const href = node.getAttribute('href') ?? '';
    if (!SAFE_URL.test(href)) return inner;
    const [lead, core, trail] = edges(inner);  // "<a>Read more </a>here": the space stays outside
    return core ? `${lead}[${core}](${href})${trail}` : lead + trail;
  }
  let text = inner;
  const { bold, italic } = emphasisOf(node);
  if (!text.trim()) return text;
  const [lead, core, trail] = edges(text);
  if (italic) text = `*${core}*`;
  if (bold) text = `**${italic ? text : core}**`;
  return bold || italic ? lead + text + trail : inner;
}

const newOut = (code) => ({ lines: [], open: false, code, blocks(text) { this.lines.push(text, ''); this.open = false; } });

// A list's lines: items under their markers, what an item holds indented
// under it; a list that sits beside the items (as Google Docs nests them)
// goes under the item before it.
function listLines(list, out, depth) {
  const lines = [];
  let number = Number(list.getAttribute('start')) || 1;
  let indent = 2;
  for (const item of list.children) {
    if (item.tagName === 'UL' || item.tagName === 'OL') {
      lines.push(...listLines(item, out, depth + 1).map((line) => (line ? ' '.repeat(indent) + line : line)));
      continue;
    }
    if (item.tagName !== 'LI') continue;
    const nested = newOut(out.code);
    blocks(item, nested, depth + 1);
    const marker = list.tagName === 'OL' ? `${number++}. ` : '- ';
    indent = marker.length;
    const body = nested.lines.filter((line) => line.trim()).join('\n').split('\n');
    lines.push(...body.map((line, i) => (i === 0 ? marker + line.trimStart() : ' '.repeat(indent) + line.trimEnd())));
  }
  return lines;
}

// A table as a GFM table: its first row the header.
function tableLines(table) {
  const rows = [...table.querySelectorAll('tr')].map((row) => [...row.children]
    .filter((cell) => cell.tagName === 'TD' || cell.tagName === 'TH')
    .map((cell) => inline(cell).replaceAll(HARD_BREAK, ' ').replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|')));
  const width = Math.max(0, ...rows.map((cells) => cells.length));
  if (width === 0) return [];
  const line = (cells) => `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
  return [line(rows[0]), line(Array(width).fill('---')), ...rows.slice(1).map(line)];
}

function blocks(node, out, depth = 0) {
  for (const child of node.childNodes) {
    if (child.nodeType === 3 || (child.nodeType === 1 && !isBlock(child) && !child.querySelector(BLOCK_SELECTOR))) {
      const text = inline(child);
      if (text.trim()) {
        if (out.open) out.lines[out.lines.length - 1] += text;
        else {
          out.lines.push(text.replace(/^(?:\s|\\\n)+/, ''));
          out.open = true;
        }
      } else if (out.open) {
        out.lines[out.lines.length - 1] += text;  // the space between two inline runs
      }
      continue;
    }
    if (child.nodeType !== 1 || SKIPPED.has(child.tagName)) continue;
    out.open = false;
    const tag = child.tagName;
    if (/^H[1-6]$/.test(tag)) {
      const text = [...child.childNodes].map(inline).join('').replaceAll(HARD_BREAK, ' ').replace(/\*\*/g, '').trim();
      if (text) out.blocks(`${'#'.repeat(Number(tag[1]))} ${text}`);
    } else if (tag === 'UL' || tag === 'OL') {
      out.lines.push(listLines(child, out, depth).join('\n'), '');
    } else if (tag === 'TABLE') {
      const lines = tableLines(child);
      if (lines.length > 0) out.blocks(lines.join('\n'));
    } else if (tag === 'PRE') {
      // Kept aside until the end, so that no clean-up touches the code.
      out.code.push(child.textContent.replace(/\n$/, ''));
      out.blocks(`\u0000${out.code.length - 1}\u0000`);
    } else if (tag === 'BLOCKQUOTE') {
      const nested = newOut(out.code);
      blocks(child, nested, depth);
      out.blocks(nested.lines.join('\n').trim().split('\n').map((line) => `> ${line}`.trimEnd()).join('\n'));
    } else if (tag === 'HR') {
      out.blocks('---');
    } else if (tag === 'A' && SAFE_URL.test(child.getAttribute('href') ?? '')) {
      // A card: a link around a heading and a teaser. The heading (or the
      // first line) links to the address.
      const nested = newOut(out.code);
      blocks(child, nested, depth);
      const lines = nested.lines.join('\n').trim().split('\n');
      const [, hashes, first] = /^(#{1,6} )?(.*)$/.exec(lines[0]);
      if (first) lines[0] = `${hashes ?? ''}[${first}](${child.getAttribute('href')})`;
      out.blocks(lines.join('\n'));
    } else {
      blocks(child, out, depth);
      out.open = false;
      if (depth === 0) out.lines.push('');
    }
  }
}

// Code kept aside goes back fenced, each line with the indentation (or the
// quote marks) of the line that held its place.
function withCode(markdown, code) {
  return markdown.replace(/^(.*)\u0000(\d+)\u0000$/gm, (_, prefix, index) => {
    const text = code[Number(index)];
    const fence = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map(([run]) => run.length + 1)));
    const continuation = prefix.replace(/(?:[-+*]|\d+[.)])(?= )/g, (marker) => ' '.repeat(marker.length));
    return [fence, ...text.split('\n'), fence]
      .map((line, i) => (i === 0 ? prefix : continuation) + line)
      .map((line) => (line.trim() ? line : continuation.trimEnd()))
      .join('\n');
  });
}

export function htmlToMarkdown(html) {
  const document = new DOMParser().parseFromString(
    // Word's conditional comments and XML islands carry nothing to keep.
    inertAttributes(html.replace(/<!--[\s\S]*?-->/g, '').replace(/<\/?o:p>/g, '')),
    'text/html',
  );
  const out = newOut([]);
  blocks(document.body, out);
  const markdown = out.lines.join('\n')
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\\\n(?=\n|$)/g, '\n')  // no line break at the end of a block
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .replace(/\\$/, '');
  return withCode(markdown, out.code);
}
