// The source editor: CodeMirror 6 with Markdown highlighting, line numbers,
// soft wrap, search and replace, undo history and diagnostics, mounted in a
// shadow root. CodeMirror styles itself through style-mod, which writes a
// <style> element into a document (blocked by the page's `style-src 'self'`)
// but a constructed stylesheet into a shadow root (adoptedStyleSheets, which
// CSP does not govern): the shadow root keeps the strict policy working, and
// lets the editor be mounted inside other components unchanged.
//
// Narrow interface for the rest of the page: getText/setText/onChange, edits
// as one undoable change, positions mapped across edits made since a
// snapshot, diagnostics, selection, and the formatting commands the toolbar
// and shortcuts share.
import { defaultKeymap, history, historyKeymap, indentWithTab, redo, undo } from '@codemirror/commands';
import {
  defineLanguageFacet, HighlightStyle, Language, LanguageSupport, syntaxHighlighting,
} from '@codemirror/language';
import { lintGutter, lintKeymap, setDiagnostics } from '@codemirror/lint';
import { highlightSelectionMatches, openSearchPanel, search, searchKeymap } from '@codemirror/search';
import { ChangeSet, Compartment, EditorSelection, EditorState, Prec } from '@codemirror/state';
import {
  EditorView, ViewPlugin, drawSelection, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers,
} from '@codemirror/view';
import { Parser, Tree } from '@lezer/common';
import { tags } from '@lezer/highlight';
import { GFM, parser as markdownParser } from '@lezer/markdown';

// Markdown with GitHub's extensions, straight from the Lezer parser (which
// carries its own highlighting tags). @codemirror/lang-markdown would add
// HTML, CSS and JavaScript support for code blocks: 150 KB the page does
// not need.
// Front matter (--- … --- on the first lines) is one block, shown as meta
// text, instead of a setext heading made of its lines.
const FrontMatter = {
  defineNodes: [{ name: 'FrontMatter', block: true, style: tags.meta }],
  parseBlock: [{
    name: 'FrontMatter',
    before: 'HorizontalRule',
    parse(context, line) {
      if (context.lineStart !== 0 || line.text.trimEnd() !== '---') return false;
      const start = context.lineStart;
      while (context.nextLine()) {
        if (line.text.trimEnd() === '---' || line.text.trimEnd() === '...') {
          context.nextLine();
          break;
        }
      }
      context.addElement(context.elt('FrontMatter', start, context.prevLineEnd()));
      return true;
    },
  }],
};

// Lezer's Markdown parser writes nested inline elements recursively: a
// paragraph of thousands of emphasis markers that nest ("*a **a *a **a …",
// a known pathological input) overflows the stack, and the RangeError, thrown
// inside CodeMirror's update, would refuse the paste or the new text. Such a
// text is shown without highlighting instead: the parse gives up with a tree
// of no nodes (and tries again after the next edit).
class GuardedParser extends Parser {
  #inner;
  #document;

  constructor(inner) {
    super();
    this.#inner = inner;
    this.#document = inner.nodeSet.types.find((type) => type.name === 'Document');
  }

  createParse(input, fragments, ranges) {
    const parse = this.#inner.startParse(input, fragments, ranges);
    const document = this.#document;
    return {
      get parsedPos() { return parse.parsedPos; },
      get stoppedAt() { return parse.stoppedAt; },
      stopAt(pos) { parse.stopAt(pos); },
      advance() {
        try {
          return parse.advance();
        } catch (error) {
          if (!(error instanceof RangeError)) throw error;
          return new Tree(document, [], [], input.length);
        }
      },
    };
  }
}

const markdownLanguage = new Language(
  defineLanguageFacet({ commentTokens: { block: { open: '<!--', close: '-->' } } }),
  new GuardedParser(markdownParser.configure([GFM, FrontMatter])),
  [],
  'markdown',
);

// Colours come from the page's custom properties, which cross the shadow
// boundary, so one editor theme serves light and dark.
const theme = EditorView.theme({
  '&': { height: '100%', color: 'var(--text)', backgroundColor: 'var(--surface)', fontSize: '14px' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.55', overflow: 'auto' },
  '.cm-content': { caretColor: 'var(--text)', padding: '8px 0' },
  '.cm-gutters': { backgroundColor: 'var(--bg)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'var(--selection-row)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--selection-row)', color: 'var(--text)' },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '-2px' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--selection) !important' },
  '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--text)' },
  '.cm-panels': { backgroundColor: 'var(--bg)', color: 'var(--text)', borderColor: 'var(--border)' },
  '.cm-panel input, .cm-panel button': { font: 'inherit', color: 'var(--text)' },
  '.cm-textfield': { backgroundColor: 'var(--surface)', border: '1px solid var(--border)' },
  '.cm-button': { backgroundImage: 'none', backgroundColor: 'var(--surface)', border: '1px solid var(--border)' },
  '.cm-tooltip': { backgroundColor: 'var(--surface)', color: 'var(--text)', border: '1px solid var(--border)' },
  '.cm-diagnosticAction': { backgroundColor: 'var(--accent-strong)', color: 'var(--on-accent)' },
  '.cm-searchMatch': { backgroundColor: 'var(--match)' },
  '.cm-selectionMatch': { backgroundColor: 'var(--selection-row)' },
  // The lint package draws underlines and gutter markers with data: images,
  // which the page's CSP (img-src 'self') refuses: CSS draws them instead.
  '& .cm-lintRange': { backgroundImage: 'none', paddingBottom: '0', textDecoration: 'underline wavy', textDecorationSkipInk: 'none', textUnderlineOffset: '3px' },
  '& .cm-lintRange-error': { textDecorationColor: 'var(--error)' },
  '& .cm-lintRange-warning': { textDecorationColor: 'var(--warning)' },
  '& .cm-lintRange-info, & .cm-lintRange-hint': { textDecorationColor: 'var(--info)' },
  '& .cm-lint-marker': { content: 'none', width: '0.7em', height: '0.7em', margin: '0.35em 0 0 0.2em', borderRadius: '50%' },
  '& .cm-lint-marker-error': { content: 'none', backgroundColor: 'var(--error)' },
  '& .cm-lint-marker-warning': { content: 'none', backgroundColor: 'var(--warning)' },
  '& .cm-lint-marker-info': { content: 'none', backgroundColor: 'var(--info)' },
});

const highlight = HighlightStyle.define([
  { tag: tags.heading1, fontWeight: '700', fontSize: '1.15em', color: 'var(--syntax-heading)' },
  { tag: [tags.heading2, tags.heading3, tags.heading4], fontWeight: '700', color: 'var(--syntax-heading)' },
  { tag: tags.strong, fontWeight: '700' },
  { tag: tags.emphasis, fontStyle: 'italic' },
  { tag: tags.strikethrough, textDecoration: 'line-through' },
  { tag: [tags.link, tags.url], color: 'var(--syntax-link)' },
  { tag: tags.monospace, color: 'var(--syntax-code)' },
  { tag: [tags.processingInstruction, tags.meta, tags.contentSeparator], color: 'var(--muted)' },
  { tag: tags.quote, color: 'var(--muted)', fontStyle: 'italic' },
  { tag: tags.list, color: 'var(--syntax-list)' },
]);

// Wraps the selection (or the word at the cursor) in a Markdown marker;
// wrapped again, it unwraps.
function toggleMarker(marker) {
  return (view) => {
    view.dispatch(view.state.changeByRange((range) => {
      let { from, to } = range;
      if (from === to) {
        const word = view.state.wordAt(from);
        if (word) ({ from, to } = word);
      }
      const text = view.state.sliceDoc(from, to);
      // How many marker characters wrap the text: * is italic, ** bold,
      // *** both, so "present" depends on the run, not on the next char.
      const char = marker[0];
      let run = 0;
      while (run < 3 && view.state.sliceDoc(from - run - 1, from - run) === char
        && view.state.sliceDoc(to + run, to + run + 1) === char) run += 1;
      const present = marker.length === 1 ? run % 2 === 1 : run >= 2;
      if (present) {
        return {
          changes: [{ from: from - marker.length, to: from }, { from: to, to: to + marker.length }],
          range: EditorSelection.range(from - marker.length, to - marker.length),
        };
      }
      return {
        changes: { from, to, insert: marker + text + marker },
        range: EditorSelection.range(from + marker.length, to + marker.length),
      };
    }), { userEvent: 'input.format', scrollIntoView: true });
    return true;
  };
}

// [selection](url) with the url selected, ready to be typed or pasted over.
function insertLink(view) {
  view.dispatch(view.state.changeByRange(({ from, to }) => {
    const text = view.state.sliceDoc(from, to) || 'link text';
    const insert = `[${text}](https://)`;
    const urlStart = from + text.length + 3;
    return { changes: { from, to, insert }, range: EditorSelection.range(urlStart, urlStart + 8) };
  }), { userEvent: 'input.format', scrollIntoView: true });
  return true;
}

// Inserts a block on its own lines after the cursor's line, with blank lines
// around it, and selects `select` inside it.
function insertBlock(view, block, select) {
  const line = view.state.doc.lineAt(view.state.selection.main.head);
  const prefix = line.length === 0 ? '' : '\n\n';
  const insert = `${prefix}${block}\n`;
  const at = line.length === 0 ? line.from : line.to;
  const start = at + prefix.length + block.indexOf(select);
  view.dispatch({
    changes: { from: at, insert },
    selection: EditorSelection.range(start, start + select.length),
    userEvent: 'input.format',
    scrollIntoView: true,
  });
  return true;
}

// A section numbered one past the last numbered section heading above.
function newSection(view) {
  const head = view.state.doc.lineAt(view.state.selection.main.head).number;
  let number = 1;
  for (let n = head; n >= 1; n -= 1) {
    const match = /^#{1,2}\s+(\d+)[.)、:：]/.exec(view.state.doc.line(n).text);
    if (match) {
      number = Number(match[1]) + 1;
      break;
    }
  }
  return insertBlock(view, `## ${number}. Section title`, 'Section title');
}

export const itemSkeleton = (url, { title = 'TK title', paperId = null } = {}) =>
  `### [${title}](${url})\n${paperId ? `[${paperId}] ` : ''}TK summary`;

export const COMMANDS = {
  bold: toggleMarker('**'),
  italic: toggleMarker('*'),
  link: insertLink,
  newItem: (view) => insertBlock(view, itemSkeleton('https://'), 'TK title'),
  newSection,
  find: openSearchPanel,
  undo,
  redo,
};

const READ_ONLY_COMMANDS = new Set(['find']);

const SHORTCUTS = [
  { key: 'Mod-b', run: COMMANDS.bold },
  { key: 'Mod-i', run: COMMANDS.italic },
  { key: 'Mod-k', run: COMMANDS.link },
  { key: 'Mod-Alt-i', run: COMMANDS.newItem },
  { key: 'Mod-Alt-s', run: COMMANDS.newSection },
];

const LEVELS = { error: 'error', warning: 'warning', info: 'info' };

// Past this size the editor stops highlighting Markdown: CodeMirror re-parses
// up to 100 000 characters past the viewport after each edit, in slices of
// up to 100 ms, which on a huge issue are long tasks while typing.
export const PLAIN_ABOVE = 256 * 1024;

// Typing into a line longer than this is applied by the editor itself, not
// left to the browser: otherwise Chromium edits the line's text in place
// (10 to 30 ms for a megabyte line) and CodeMirror reads the change back
// from the page and compares it with the whole line (another 15 to 30 ms),
// for every key. Composition (input methods, dead keys) and everything other
// than plain typing take the usual way.
export const LONG_LINE = 10000;
const typeIntoLongLines = EditorView.domEventHandlers({
  beforeinput(event, view) {
    if (event.inputType !== 'insertText' || !event.data || event.isComposing || view.composing) return false;
    const { state } = view;
    if (!state.selection.ranges.some((range) => state.doc.lineAt(range.head).length > LONG_LINE)) return false;
    event.preventDefault();
    view.dispatch(state.replaceSelection(event.data), { userEvent: 'input.type', scrollIntoView: true });
    return true;
  },
});

// The cursor stays solid while the writer types and blinks once they pause,
// as in most editors; never with reduced motion. CodeMirror's own blink
// restarts a CSS animation at every keystroke, and that restart costs the
// key most of a frame: in headless Chromium the editor alone painted a key
// of the sample in 12 to 19 ms (p50) with it, 7.5 to 9.5 ms without (README
// "Performance"). Its animation is therefore given no length, and this
// blinks the cursor layer from a timer that keys only reset.
export const BLINK_MS = 600;
const reducedMotion = typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : null;
const steadyCursor = ViewPlugin.fromClass(class {
  #view;
  #timer = 0;
  #hidden = false;

  constructor(view) {
    this.#view = view;
    this.#restart();
  }

  update(update) {
    if (update.docChanged || update.selectionSet || update.focusChanged) this.#restart();
  }

  destroy() { clearInterval(this.#timer); }

  #restart() {
    clearInterval(this.#timer);
    this.#show(true);
    if (reducedMotion?.matches || !this.#view.hasFocus) return;
    this.#timer = setInterval(() => this.#show(this.#hidden), BLINK_MS);
  }

  #show(visible) {
    if (this.#hidden === !visible) return;
    this.#hidden = !visible;
    const layer = this.#view.scrollDOM.querySelector(':scope > .cm-cursorLayer');
    if (layer) layer.style.visibility = visible ? '' : 'hidden';
  }
});

const languageFor = (length) => (length > PLAIN_ABOVE
  ? []
  : [new LanguageSupport(markdownLanguage), syntaxHighlighting(highlight)]);

export class Editor {
  #view;
  #listeners = new Set();
  #phrases = new Compartment();
  #label = new Compartment();
  #readOnly = new Compartment();
  #language = new Compartment();
  #large = false;  // whether the text is past PLAIN_ABOVE
  #snapshots = new Set();
  #text = null;     // the text of #textDoc
  #textDoc = null;
  #changes = null;  // from #textDoc to #changesDoc, not yet applied to #text
  #changesDoc = null;
  #extensions;
  #localized;  // [label, phrases] as configured

  // host: an element whose shadow root the editor fills. options.label and
  // options.phrases: its accessible name and CodeMirror's own words, as
  // localize() later changes them; options.keys adds key bindings (e.g. the
  // page's own shortcuts) and options.extensions any further CodeMirror
  // extensions (paste handling).
  constructor(host, {
    doc = '', label = 'Issue source', phrases = {}, keys = [], extensions = [],
  } = {}) {
    this.#localized = [label, phrases];
    const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    this.#extensions = [
      lineNumbers(),
      highlightActiveLineGutter(),
      history(),
      drawSelection({ cursorBlinkRate: 0 }),
      steadyCursor,
      highlightActiveLine(),
      highlightSelectionMatches(),
      search({ top: true }),
      lintGutter(),
      EditorView.lineWrapping,
      theme,
      this.#label.of(EditorView.contentAttributes.of({ 'aria-label': label })),
      // Focusable as it is; the explicit tabindex tells checkers (axe) that the
      // scrolling region around it has focusable content.
      EditorView.contentAttributes.of({ tabindex: '0' }),
      this.#phrases.of(EditorState.phrases.of(phrases)),
      this.#readOnly.of([]),
      Prec.high(keymap.of([...SHORTCUTS, ...keys])),
      keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, ...lintKeymap, indentWithTab]),
      typeIntoLongLines,
      ...extensions,
      EditorView.updateListener.of((update) => this.#updated(update)),
    ];
    this.#view = new EditorView({ state: this.#stateFor(doc), parent: root });
    this.#large = doc.length > PLAIN_ABOVE;
  }

  // A new state for `text`, highlighted only if it is small enough: a huge
  // text is never parsed as Markdown, not even once.
  #stateFor(text) {
    return EditorState.create({ doc: text, extensions: [this.#language.of(languageFor(text.length)), ...this.#extensions] });
  }

  get view() { return this.#view; }

  #checkSize() {
    const large = this.length > PLAIN_ABOVE;
    if (large === this.#large) return;
    this.#large = large;
    // Reconfigured after the current update, which may not dispatch.
    queueMicrotask(() => this.#view.dispatch({ effects: this.#language.reconfigure(languageFor(this.length)) }));
  }

  // The text as one string, kept between calls and patched with the changes
  // made since, when asked, rather than joined anew from the document's
  // lines: a megabyte of short lines takes tens of milliseconds to join.
  // Patching is left until asked, as each patch copies the whole text (the
  // page sends the engine worker changes, not the text, as the writer types).
  getText() {
    const { doc } = this.#view.state;
    if (this.#textDoc !== doc) {
      if (this.#changes && this.#changesDoc === doc) {
        let text = '';
        let at = 0;
        this.#changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
          text += this.#text.slice(at, fromA) + inserted.toString();
          at = toA;
        });
        this.#text = text + this.#text.slice(at);
      } else {
        this.#text = doc.toString();
      }
      this.#textDoc = doc;
      this.#changes = null;
      this.#changesDoc = null;
    }
    return this.#text;
  }

  get length() { return this.#view.state.doc.length; }

  // Replaces the whole text as a new document: a fresh undo history, since
  // undoing into another issue would surprise. Change listeners are not
  // told: they hear of the writer's changes only.
  setText(text) {
    const kept = [this.#label, this.#phrases, this.#readOnly].map((compartment) => [compartment, compartment.get(this.#view.state)]);
    this.#view.setState(this.#stateFor(text));
    // The document counts a CRLF or a lone CR as one line break: its text
    // is then not the one given, and is made from it when first asked.
    this.#text = text;
    this.#textDoc = text.includes('\r') ? null : this.#view.state.doc;
    this.#large = text.length > PLAIN_ABOVE;
    this.#view.dispatch({ effects: kept.map(([compartment, value]) => compartment.reconfigure(value)) });
    // Snapshots of the text replaced map nothing into the new one: they stop
    // following its changes (they are no longer `live`).
    this.#snapshots.clear();
  }

  onChange(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #updated(update) {
    if (!update.docChanged && !update.selectionSet) return;
    if (update.docChanged) this.#checkSize();
    if (update.docChanged) {
      for (const snapshot of this.#snapshots) snapshot.changes = snapshot.changes.compose(update.changes);
      if (this.#textDoc === update.startState.doc) {
        this.#changes = update.changes;
        this.#changesDoc = update.state.doc;
      } else if (this.#changesDoc === update.startState.doc) {
        this.#changes = this.#changes.compose(update.changes);
        this.#changesDoc = update.state.doc;
      }
    }
    for (const listener of this.#listeners) listener(update);
  }

  // Remembers the current text so that positions computed on it (by the
  // worker, which answers later) can be mapped to the text as it is then.
  // `doc` is the same text as CodeMirror's document, whose line index finds
  // a line without scanning (SourcePositions). Release each snapshot when done.
  // Its `text` is made when first read (from the editor's text while the
  // document is still the same); `edits()` lists the changes since as
  // [from, to, inserted, …] (positions in the snapshot's text, ascending).
  snapshot() {
    const editor = this;
    const { doc } = this.#view.state;
    let text = null;
    const snapshot = {
      get text() {
        text ??= editor.#view.state.doc === doc ? editor.getText() : doc.toString();
        return text;
      },
      doc,
      changes: ChangeSet.empty(this.length),
      map: (index, assoc = -1) => snapshot.changes.mapPos(index, assoc),
      edits: () => {
        const edits = [];
        snapshot.changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => edits.push(fromA, toA, inserted.toString()));
        return edits;
      },
      release: () => this.#snapshots.delete(snapshot),
      // Still following the editor's changes: not released, and its text not replaced (setText).
      get live() { return editor.#snapshots.has(snapshot); },
    };
    this.#snapshots.add(snapshot);
    return snapshot;
  }

  // Applies edits [{from, to, insert}] (positions in the current text) as one
  // undoable change; none while read-only.
  edit(changes, userEvent = 'input') {
    if (this.readOnly) return;
    this.#view.dispatch({ changes, userEvent, scrollIntoView: true });
  }

  // Applies edits made in rounds, each round's positions in the text the
  // round before left, as one undoable change.
  editInRounds(rounds, userEvent = 'input') {
    if (this.readOnly || rounds.length === 0) return;
    let changes = ChangeSet.empty(this.#view.state.doc.length);
    for (const round of rounds) changes = changes.compose(ChangeSet.of(round, changes.newLength));
    this.#view.dispatch({ changes, userEvent, scrollIntoView: true });
  }

  // Read-only (for an embedding): the text can be read, selected and
  // searched, and no command, fix or move changes it.
  get readOnly() { return this.#view.state.readOnly; }

  // The change filter holds for what checks no flag: a shortcut (Mod-b), a
  // drop, the search panel's replace.
  setReadOnly(readOnly) {
    this.#view.dispatch({
      effects: this.#readOnly.reconfigure(readOnly
        ? [EditorState.readOnly.of(true), EditorView.editable.of(false), EditorState.changeFilter.of(() => false)]
        : []),
    });
  }

  select(from, to = from, { focus = true } = {}) {
    this.#view.dispatch({
      selection: EditorSelection.range(from, to),
      effects: EditorView.scrollIntoView(from, { y: 'center' }),
    });
    if (focus) this.#view.focus();
  }

  get cursor() { return this.#view.state.selection.main.head; }

  lineOf(index) { return this.#view.state.doc.lineAt(index).number; }

  lineStart(lineNumber) {
    const doc = this.#view.state.doc;
    return doc.line(Math.min(Math.max(lineNumber, 1), doc.lines)).from;
  }

  focus() { this.#view.focus(); }

  run(command) {
    if (this.readOnly && !READ_ONLY_COMMANDS.has(command)) return false;
    const done = COMMANDS[command](this.#view);
    this.#view.focus();
    return done;
  }

  // diagnostics: [{from, to, severity, message, source, actions: [{name, apply()}]}]
  // with positions in the current text.
  setDiagnostics(diagnostics) {
    const length = this.length;
    const clamped = diagnostics.map((diagnostic) => ({
      ...diagnostic,
      severity: LEVELS[diagnostic.severity] ?? 'info',
      from: Math.min(diagnostic.from, length),
      to: Math.min(Math.max(diagnostic.to, diagnostic.from), length),
      actions: (diagnostic.actions ?? []).map(({ name, apply }) => ({ name, apply: () => apply() })),
    }));
    this.#view.dispatch(setDiagnostics(this.#view.state, clamped));
  }

  // The accessible name and CodeMirror's own phrases (search panel, lint) in
  // the page's language. Reconfiguring the editor costs a frame's worth of
  // work when the page opens: the same words again are left as they are.
  localize(label, phrases) {
    if (label === this.#localized[0] && phrases === this.#localized[1]) return;
    this.#localized = [label, phrases];
    this.#view.dispatch({
      effects: [
        this.#label.reconfigure(EditorView.contentAttributes.of({ 'aria-label': label })),
        this.#phrases.reconfigure(EditorState.phrases.of(phrases)),
      ],
    });
  }
}
