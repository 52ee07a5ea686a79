// What pasting does in the editor:
// - a bare URL on an empty line inside a section becomes an item skeleton:
//   a "TK" title (the placeholder rule flags it until it is written), the
//   source's domain, and for arXiv links the [id] paper line;
// - a URL pasted over selected text makes that text a link (not over an
//   address: a link's target, or a URL, is replaced);
// - rich HTML (a web page, Google Docs, Word) becomes clean Markdown: no
//   inline styles, no junk spans, only structure and emphasis that mean
//   something; blocks go on lines of their own. A code editor's copy (VS
//   Code's highlighted HTML) is the text it holds.
// Anything else is pasted as CodeMirror pastes it.
import { EditorView } from '@codemirror/view';
import { itemSkeleton } from './editor.mjs';
import { htmlToMarkdown } from './html-to-markdown.mjs';

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

// --- The editor extension ----------------------------------------------------------

// inSection(index) tells whether a position lies inside a section of the
// issue (the page answers from the latest outline).
export function pasteHandling({ inSection }) {
  return EditorView.domEventHandlers({
    paste(event, view) {
      const data = event.clipboardData;
      if (!data || view.state.readOnly) return false;
      const text = data.getData('text/plain');
      const html = data.getData('text/html');
      const { state } = view;
      const range = state.selection.main;
      const url = text.trim();
      const selected = state.sliceDoc(range.from, range.to);
      const inAddress = BARE_URL.test(selected.trim())
        || /\]\([^()\s]*$/.test(state.sliceDoc(state.doc.lineAt(range.from).from, range.from));
      const fromCodeEditor = Array.from(data.types ?? []).includes('vscode-editor-data');
      if (BARE_URL.test(url) && inAddress) return false;  // pasted as it is, even from a page's link
      let change = null;
      let after = '';  // inserted after the caret's place
      if (BARE_URL.test(url) && !range.empty) {
        change = { from: range.from, to: range.to, insert: `[${selected}](${url})` };
      } else if (BARE_URL.test(url) && state.doc.lineAt(range.head).text.trim() === '' && inSection(range.head)) {
        const line = state.doc.lineAt(range.head);
        change = { from: line.from, to: line.to, insert: skeletonFor(url) };
      } else if (html && !fromCodeEditor && /<(?:p|h[1-6]|ul|ol|li|a|b|strong|i|em|span|div|br|table)\b/i.test(html)) {
        const markdown = htmlToMarkdown(html);
        // Blocks start on a line of their own, and what follows them too.
        const blocks = markdown.includes('\n');
        const before = state.doc.lineAt(range.from);
        const last = state.doc.lineAt(range.to);
        const lead = blocks && range.from > before.from ? '\n\n' : '';
        const next = last.number < state.doc.lines ? state.doc.line(last.number + 1).text : '';
        after = !blocks ? '' : range.to < last.to ? '\n\n' : next.trim() ? '\n' : '';
        if (markdown) change = { from: range.from, to: range.to, insert: lead + markdown + after };
      }
      if (!change) return false;
      event.preventDefault();
      const placeholder = change.insert.indexOf('TK title');
      const selection = placeholder === -1
        ? { anchor: change.from + change.insert.length - after.length }
        : { anchor: change.from + placeholder, head: change.from + change.insert.indexOf(']') };
      view.dispatch({ changes: change, selection, userEvent: 'input.paste', scrollIntoView: true });
      return true;
    },
  });
}
