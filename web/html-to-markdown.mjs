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
    if (child.nodeType === 3 || (child.nodeType === 1 && !isBlock(child) && !child.querySelector(BLOCK_SELECTOR))) {
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
    inertAttributes(html.replace(/<!--[\s\S]*?-->/g, '').replace(/<\/?o:p>/g, '')),
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
