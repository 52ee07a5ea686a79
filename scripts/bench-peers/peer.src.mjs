// The floor under the composer's editor figures, for scripts/bench-browser.mjs:
// the same sample typed into the same way, in an editor that does less.
// peer.html?editor=
//   plain       a contenteditable element, one <div> a line: the browser alone
//   codemirror  CodeMirror with soft wrap and nothing else
//   composer    the page's editor (web/editor.mjs) without the rest of the page
// Each fills a shadow root, as the page's editor does, with lines as
// .cm-line elements inside .cm-content (what the bench watches), and offers
// window.benchEditor: getText(), select(at) and remove(from, to).
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { Editor } from '../../web/editor.mjs';

const text = await (await fetch('sample.md')).text();
const host = document.getElementById('editor');
const root = host.attachShadow({ mode: 'open' });

function plain() {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`.cm-content { height: 100%; overflow: auto; white-space: pre-wrap;
    font: 14px/1.55 ui-monospace, monospace; padding: 8px; box-sizing: border-box; outline: none; }`);
  root.adoptedStyleSheets = [sheet];
  const content = document.createElement('div');
  content.className = 'cm-content';
  content.contentEditable = 'true';
  for (const line of text.split('\n')) {
    const div = document.createElement('div');
    div.className = 'cm-line';
    div.append(line || document.createElement('br'));
    content.append(div);
  }
  root.append(content);
  // The line element holding offset `at` of the text, and the offset in it.
  const locate = (at) => {
    let start = 0;
    for (const line of content.children) {
      const end = start + line.textContent.length;
      if (at <= end) return [line, at - start];
      start = end + 1;
    }
    throw new RangeError(`offset ${at} is past the text`);
  };
  return {
    getText: () => [...content.children].map((line) => line.textContent).join('\n'),
    select(at) {
      const [line, offset] = locate(at);
      const range = document.createRange();
      range.setStart(line.firstChild, offset);
      content.focus();
      const selection = document.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    },
    remove(from, to) {
      const [line, offset] = locate(from);
      line.firstChild.deleteData(offset, to - from);
    },
  };
}

function codemirror() {
  const view = new EditorView({
    state: EditorState.create({ doc: text, extensions: [EditorView.lineWrapping, EditorView.theme({ '&': { height: '100%' } })] }),
    parent: root,
  });
  return {
    getText: () => view.state.doc.toString(),
    select(at) {
      view.dispatch({ selection: { anchor: at } });
      view.focus();
    },
    remove(from, to) { view.dispatch({ changes: { from, to } }); },
  };
}

function composer() {
  const editor = new Editor(host, { doc: text });
  return {
    getText: () => editor.getText(),
    select(at) { editor.select(at); },
    remove(from, to) { editor.edit([{ from, to, insert: '' }]); },
  };
}

const editors = { plain, codemirror, composer };
const name = new URLSearchParams(location.search).get('editor');
if (!Object.hasOwn(editors, name)) throw new Error(`unknown editor "${name}"`);
window.benchEditor = editors[name]();
performance.mark('bench:editor-ready');
