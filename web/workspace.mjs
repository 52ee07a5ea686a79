// Mounts the composer's pieces on index.html's markup and wires them: the
// editor's text goes to the engine worker, and each answer updates the
// preview, the problems, the outline and the status bar. The pieces (editor,
// preview, problems, outline, status, paste, publish) know nothing of each
// other; this module is the only one that does. The markup lives in the page
// (app.mjs mounts it there) or in the shadow root of <issue-composer>, which
// is why every lookup goes through `root` and nothing here names the document.
import { fetchText, startEngineWorker } from './assets.mjs';
import { ComposerClient } from './composer-client.mjs';
import { Editor } from './editor.mjs';
import { LANGUAGES } from './i18n.mjs';
import { Outline, applyEdits, diffChange, lineStartAfter, moveBlock, restructure } from './outline.mjs';
import { EMAIL_EVERY_KEYSTROKE, readOutline, receiveParts } from './page-view.mjs';
import { pasteHandling } from './paste.mjs';
import { EmailPreview, Preview, showOutputText } from './preview.mjs';
import { ProblemsPanel } from './problems.mjs';
import {
  baseName, copyRich, copyText, DOWNLOADS, download,
} from './publish.mjs';
import { SourcePositions } from './source-positions.mjs';
import { StatusBar } from './status.mjs';

const EMAIL_IDLE_MS = 1200;
// Once a compose has taken longer than this (a pathological or very large
// issue: a clean 1 MB issue takes about 200 ms), the next waits until typing
// pauses for TYPING_PAUSE_MS: composing on every keystroke would keep one of
// the processor's cores busy for nothing (each answer is stale on arrival)
// and hand the page a megabyte answer to take in between keys.
const SLOW_COMPOSE_MS = 300;
const TYPING_PAUSE_MS = 250;

// Lets pending input run before what follows (scheduler.yield where there is one).
const yieldToInput = () => (globalThis.scheduler?.yield
  ? globalThis.scheduler.yield()
  : new Promise((resolve) => setTimeout(resolve)));

const TABS = ['web', 'email', 'text', 'markdown', 'json'];
const THEME_KEY = 'issue-composer.theme';

// root: a Document or ShadowRoot holding index.html's body markup; locale:
// its language (i18n.mjs: the page's, or an element's own), which the
// language menu sets.
// themeRoot gets data-theme ("light" | "dark", none for the system's);
// rememberTheme keeps the writer's pick in localStorage; setTitle(title) hears
// the title (null without one); onReady(meta) hears the core's meta()
// each time a worker has loaded it; onResult(view) hears every live
// compose's view (worker.mjs: outline, diagnostics, outputs, sizes).
// openExample(text) opens a picked example (without: in place of the text);
// beforeBulkChange(reason) runs, and is awaited, before fix all or an outline
// move (a drafts store keeps a history snapshot: 'before-fix-all',
// 'before-reorder'). sourceFile() gives what "Save source" downloads: the
// text as a file holds it (a drafts store keeps the line breaks the file was
// opened with; the editor has only \n). Returns the narrow handle a storage
// layer or an embedding uses.
export function mountWorkspace(root, {
  locale,
  themeRoot = document.documentElement,
  rememberTheme = true,
  setTitle = () => {},
  onReady = () => {},
  onResult = () => {},
  openExample = null,
  beforeBulkChange = async () => {},
  sourceFile = null,
} = {}) {
  const $ = (id) => root.getElementById(id);
  const { t } = locale;
  const statusLine = $('status');

  // --- Notices -------------------------------------------------------------------

  function showNotice(message) {
    $('notice-text').textContent = message;
    $('notice').hidden = false;
  }
  $('notice-dismiss').addEventListener('click', () => { $('notice').hidden = true; });

  // --- The core ------------------------------------------------------------------

  let rules = new Map();
  const client = new ComposerClient(startEngineWorker, {
    onReady: (meta) => {
      onReady(meta);
      rules = new Map(meta.rules.map((rule) => [rule.id, rule]));
      $('core-version').textContent = t('coreVersion', { version: meta.version });
      $('core-version').dataset.version = meta.version;
    },
    onRestart: () => showNotice(t('restarted')),
    onStats: (stats) => status.stats(stats),
  });
  // The worker, and the core it loads, start before the editor is built:
  // they load while this thread sets up the page and fetches the text.
  client.start();

  // The page's view of a text that is not the live one (moves, publishing),
  // answered whatever the writer types meanwhile.
  const composeView = (text, options = {}) => client.compose(text, {
    formats: [], ...options, page: { send: options.formats ?? [] },
  }, { replaceable: false }).then(({ result }) => ({ ...result, outline: readOutline(result, null) }));

  // --- The pieces ----------------------------------------------------------------

  // What the panels describe: the snapshot of the text they were composed from
  // (which maps its positions to the text as it is now), its byte positions and
  // the worker's answer.
  let shown = null;

  // A position in an answer as an index in the text as it is now.
  const indexIn = (view, position) => view.snapshot.map(view.positions.index(position));
  const currentIndex = (position) => indexIn(shown, position);

  const editor = new Editor($('editor'), {
    label: t('editorLabel'),
    phrases: locale.editorPhrases,
    extensions: [pasteHandling({ inSection: (index) => inSection(index) })],
    keys: [
      { key: 'Mod-Alt-p', run: () => { togglePreview(); return true; } },
      { key: 'Mod-.', run: () => fixAtCursor() },
    ],
  });

  const preview = new Preview($('preview-frame'), {
    onPick: (line) => {
      if (!shown) return;
      const at = currentIndex({ line, column: 1 });
      editor.select(at, at);
    },
    cutLabel: (n) => t('previewCut', { n, count: n.toLocaleString(locale.tag) }),
    imageLabel: () => t('imageUnnamed'),
  });
  const emailPreview = new EmailPreview($('email-frame'));

  const problems = new ProblemsPanel({
    list: $('diagnostics'),
    summary: $('diagnostics-summary'),
    fixAll: $('fix-all'),
  }, locale);
  problems.onFixAll = () => fixAll();

  const outline = new Outline($('outline'), {
    onJump: (range) => {
      if (!shown) return;
      editor.select(currentIndex(range.start));
    },
    onMove: (from, to) => moveInOutline(from, to).catch((error) => {
      if (error.name !== 'AbortError') showNotice(t('composeFailed', { message: error.message }));
    }),
  }, locale);

  const status = new StatusBar({
    counts: $('status-counts'),
    items: $('status-items'),
    email: $('status-email'),
    problems: $('status-problems'),
    save: $('status-save'),
  }, locale);

  // --- Diagnostics and fixes -----------------------------------------------------

  // `view`: the answer the diagnostics come from, whose snapshot maps their
  // places to the text as it is now.
  function fixChanges(diagnostic, view) {
    return view.positions.edits(diagnostic.fix).map(({ from, to, insert }) => ({
      from: view.snapshot.map(from, 1), to: view.snapshot.map(to, -1), insert,
    }));
  }

  // The changes of fixes that overlap none before them: the others wait for
  // the next round.
  function withoutOverlaps(changes) {
    const kept = [];
    let end = -1;
    for (const change of [...changes].sort((a, b) => a.from - b.from || a.to - b.to)) {
      if (change.from < end || change.to < change.from) continue;
      kept.push(change);
      end = Math.max(change.to, change.from + 1);
    }
    return kept;
  }

  function applyFixes(diagnostics, view = shown) {
    const changes = withoutOverlaps(diagnostics.flatMap((diagnostic) => fixChanges(diagnostic, view)));
    if (changes.length > 0) editor.edit(changes, 'input.fix');
    return changes.length > 0;
  }

  // Fix all works in rounds, as `issuec fix` does: each round composes the
  // text the round before left and applies the fixes that overlap none, until
  // none is left (at most FIX_ROUNDS). All rounds are one change, undone at once.
  const FIX_ROUNDS = 8;
  async function fixAll() {
    if (!shown || editor.readOnly) return;
    const text = editor.getText();
    await beforeBulkChange('before-fix-all');
    if (!shown || editor.getText() !== text) return;  // typed meanwhile: the writer presses again
    const rounds = [withoutOverlaps(shown.result.fixable.flatMap((diagnostic) => fixChanges(diagnostic, shown)))];
    let fixed = applyEdits(text, rounds[0]);
    while (rounds.length < FIX_ROUNDS && rounds.at(-1).length > 0) {
      let fixable;
      try {
        ({ fixable } = await composeView(fixed));
      } catch {
        break;  // (the engine failed, and says so): the rounds made apply
      }
      const positions = new SourcePositions(fixed);
      const round = withoutOverlaps(fixable.flatMap(({ fix }) => positions.edits(fix)));
      const next = applyEdits(fixed, round);
      if (next === fixed) break;
      rounds.push(round);
      fixed = next;
    }
    if (editor.getText() !== text) return;
    editor.editInRounds(rounds.filter((round) => round.length > 0), 'input.fix');
    editor.focus();
  }

  function fixAtCursor() {
    if (!shown) return false;
    const cursor = editor.cursor;
    const here = shown.result.fixable.find((diagnostic) => currentIndex(diagnostic.range.start) <= cursor && cursor <= currentIndex(diagnostic.range.end));
    return here ? applyFixes([here]) : false;
  }

  // A huge issue can have thousands of problems: the panel and the editor show
  // the first few hundred (errors first; page-view.mjs), the counts cover all.
  let shownKey = '';
  // What the panel and the editor's marks list: the diagnostics and the
  // answer they came from, whose snapshot is kept (following the writer's
  // changes) for as long as they are listed. Each entry acts through its own
  // listing: a click that comes while a newer answer is being taken in fixes
  // the problem it was on, in the text as it is.
  let listing = null;

  // An answer's snapshot is released once neither shown nor listed.
  function releaseUnlessHeld(view) {
    if (view !== shown && view !== listing?.view) view.snapshot.release();
  }

  function jumpTo({ view, diagnostics }, index) {
    if (!view.snapshot.live) return;  // the text was replaced; its entries go with the next answer
    const { range } = diagnostics[index];
    editor.select(indexIn(view, range.start), indexIn(view, range.end));
  }

  function fixOne({ view, diagnostics }, index) {
    if (!view.snapshot.live) return;
    applyFixes([diagnostics[index]], view);
    editor.focus();
  }

  async function showDiagnostics() {
    const view = shown;
    const { diagnostics, counts, total } = view.result;
    status.problems(counts);
    // Typing that leaves every problem on its line, at its column and over the
    // same text repaints nothing: the editor has already moved its marks along
    // (and the listing's snapshot its places).
    const { doc } = view.snapshot;
    const key = `${locale.tag}|${editor.readOnly}\n${diagnostics.map(({ rule, message, range: { start, end } }) => (
      `${rule}|${start.line}:${start.column}|${message}|${doc.sliceString(view.positions.index(start), view.positions.index(end))}`
    )).join('\n')}`;
    if (key === shownKey && listing?.view.snapshot.live) return;
    const previous = listing;
    const listed = { view, diagnostics };
    listing = listed;
    // The message in the interface's language: the core's own (English, with
    // specifics) and its rule's description on hover, or the rule's
    // description translated and the core's message on hover.
    const entries = diagnostics.map((diagnostic, index) => ({
      severity: diagnostic.severity,
      message: locale.ruleDescription(diagnostic.rule) ?? diagnostic.message,
      detail: locale.ruleDescription(diagnostic.rule) ? diagnostic.message : rules.get(diagnostic.rule)?.description,
      rule: diagnostic.rule,
      line: diagnostic.range.start.line,
      column: view.positions.characterColumn(diagnostic.range.start),
      fixTitle: diagnostic.fix && locale.fixTitle(diagnostic.fix.title),
      fix: diagnostic.fix && !editor.readOnly ? () => fixOne(listed, index) : null,
      jump: () => jumpTo(listed, index),
    }));
    problems.show(entries, counts, total);
    // The editor's marks in a task of their own: on a pathological issue
    // each half takes tens of milliseconds, and a key may come between.
    // Their places are read then, in the text as it is then.
    await yieldToInput();
    if (previous) releaseUnlessHeld(previous.view);  // (its marks' fixes do nothing until replaced)
    if (shown !== view) return;  // a newer answer shows its own
    shownKey = key;
    editor.setDiagnostics(entries.map((entry, index) => ({
      from: indexIn(view, diagnostics[index].range.start),
      to: indexIn(view, diagnostics[index].range.end),
      severity: entry.severity,
      message: entry.message,
      source: entry.rule,
      actions: entry.fix ? [{ name: entry.fixTitle ?? t('fix'), apply: entry.fix }] : [],
    })));
  }

  // --- Composing as the writer types ---------------------------------------------

  let activeTab = 'web';
  // The outline structure the page has, and its hash (page-view.mjs).
  let lastOutline = null;
  let lastOutlineHash = null;
  let outlineChanged = false;  // since the outline panel was last shown
  // The Web tab's HTML, which the worker sends as changes to the parts the
  // page holds (page-view.mjs).
  let heldParts = null;
  // The snapshot of the last text sent to the worker, whose changes since
  // are the next request's edits (composer-client.mjs), and that of the last
  // compose the panels show (the editor may be ahead).
  let sent = null;
  let composedSnapshot = null;
  let emailTimer = 0;

  // Only the tab shown is rendered and sent (and the email, for its size in
  // the status bar): a hidden tab catches up when it is shown (selectTab).
  function liveOptions(length, { email = length < EMAIL_EVERY_KEYSTROKE } = {}) {
    const shownFormat = activeTab === 'web' ? 'html' : activeTab;
    const formats = [shownFormat];
    if (email && shownFormat !== 'email') formats.push('email');
    return { formats, page: { send: [shownFormat], outlineHash: lastOutlineHash, htmlBase: heldParts?.version ?? null } };
  }

  function showOutputs(result) {
    const { outputs } = result;
    if (result.html) preview.showParts(heldParts).then(revealCursor);
    if (outputs.email !== undefined && activeTab === 'email') emailPreview.show(outputs.email);
    for (const pre of root.querySelectorAll('pre[data-output]')) {
      const text = outputs[pre.dataset.output];
      if (text !== undefined) showOutputText(pre, text);
    }
    if (result.sizes.email !== undefined) status.emailSize(result.sizes.email);
  }

  // The text and options are read when the request is sent: while the
  // worker is busy, newer keystrokes replace the waiting request unread.
  async function compose({ email } = {}) {
    let snapshot = null;
    try {
      const { result, elapsedMs } = await client.compose(() => {
        clearTimeout(pauseTimer);
        snapshot = editor.snapshot();
        const base = sent?.live ? sent : null;
        const edits = base?.edits() ?? [];
        sent?.release();
        sent = editor.snapshot();
        const source = { key: sent, base, edits, text: () => snapshot.text };
        return { source, options: liveOptions(snapshot.doc.length, { email }) };
      });
      lastComposeMs = elapsedMs;
      // Taken in even when not shown: the worker's next parts build on these.
      if (result.html) heldParts = receiveParts(result.html, heldParts);
      if (!snapshot.live) return;  // the text was replaced meanwhile
      const before = shown;
      // The worker sends the structure only when it changed (page-view.mjs):
      // otherwise the outline and the items per section stand as they are.
      if (result.outline !== null) outlineChanged = true;
      result.outline = readOutline(result, lastOutline);
      lastOutline = result.outline;
      lastOutlineHash = result.outlineHash;
      shown = { snapshot, positions: new SourcePositions(snapshot.doc), result };
      if (before) releaseUnlessHeld(before);
      showOutputs(result);
      // The rest lets a key pressed meanwhile go first: taking a pathological
      // answer in at once (thousands of problems, a megabyte title) could
      // hold a keystroke up for tens of milliseconds.
      await yieldToInput();
      if (shown?.snapshot !== snapshot || !snapshot.live) return;  // a newer answer or text took over
      showDiagnostics();
      // (Also when the structure changed in an answer a newer one overtook.)
      if (outlineChanged) {
        outlineChanged = false;
        outline.show(result.outline);  // repaints only what it shows differently
        status.outline(result.outline);
      }
      onResult(result);
      composedSnapshot = snapshot;
      for (const listener of composeListeners) listener(result.outline);
      setTitle(result.outline.title);
      statusLine.textContent = t('composed', {
        sections: t('sections', { n: result.outline.sections.length }), ms: elapsedMs.toFixed(1),
      });
      if (result.diagnostics.some((diagnostic) => diagnostic.rule === 'input/too-large')) showNotice(t('tooLarge'));
      clearTimeout(emailTimer);
      if (result.sizes.email === undefined) emailTimer = setTimeout(() => compose({ email: true }), EMAIL_IDLE_MS);
    } catch (error) {
      snapshot?.release();
      if (error.name === 'AbortError') return;
      statusLine.textContent = t('notComposed');
      showNotice(t('composeFailed', { message: error.message }));
    }
  }

  // A keystroke is sent to the worker at once (waiting for the next frame
  // would cost half a frame on average); changes made in one task (a fix, a
  // paste, a move) go as one request. The client keeps only the newest of
  // those that arrive while the worker is busy. After a slow compose, the
  // next waits for a pause in typing (SLOW_COMPOSE_MS).
  let composeScheduled = false;
  let lastComposeMs = 0;
  let pauseTimer = 0;
  function scheduleCompose() {
    if (lastComposeMs > SLOW_COMPOSE_MS) {
      clearTimeout(pauseTimer);
      pauseTimer = setTimeout(() => compose(), TYPING_PAUSE_MS);
      return;
    }
    if (composeScheduled) return;
    composeScheduled = true;
    queueMicrotask(() => {
      composeScheduled = false;
      compose();
    });
  }

  // --- Following the cursor ------------------------------------------------------

  // Once the next frame has been painted: measuring the preview before that
  // (a keystroke and a repaint have just changed both documents) would lay
  // them out an extra time, in the frame's way; after it, their layout is
  // there to read.
  let revealScheduled = false;
  function revealCursor() {
    if (activeTab !== 'web' || revealScheduled) return;
    revealScheduled = true;
    requestAnimationFrame(() => setTimeout(() => {
      revealScheduled = false;
      preview.reveal(editor.lineOf(editor.cursor));
    }));
  }

  const changeListeners = new Set();
  const composeListeners = new Set();
  editor.onChange((update) => {
    if (update.docChanged) {
      scheduleCompose();
      for (const listener of changeListeners) listener();
    }
    if (update.selectionSet) revealCursor();
  });

  // --- Outline moves ---------------------------------------------------------------

  function inSection(index) {
    if (!shown) return false;
    const first = shown.result.outline.sections.find((section) => section.heading);
    return Boolean(first) && index > currentIndex(first.heading.end);
  }

  async function moveInOutline(from, to) {
    if (!shown) return;
    const text = editor.getText();
    if (text !== shown.snapshot.text) return;  // the outline is being refreshed
    const { sections } = shown.result.outline;
    const span = (range) => ({ from: shown.positions.index(range.start), to: shown.positions.index(range.end) });
    const modelOf = (ref) => (ref.item === undefined ? sections[ref.section] : sections[ref.section]?.items[ref.item]);
    const source = modelOf(from);
    if (!source) return;
    let at;
    if (to.end) {
      const container = to.section === undefined ? sections.at(-1) : sections[to.section];
      const range = span(container.range);
      at = lineStartAfter(text, range.from, range.to);
    } else {
      const target = modelOf(to);
      if (!target) return;
      at = text.lastIndexOf('\n', span(target.range).from - 1) + 1;
    }
    const moved = moveBlock(text, span(source.range), at);
    if (moved === text) return;
    const final = await restructure(moved, (next) => composeView(next));
    if (editor.getText() !== text) return;
    await beforeBulkChange('before-reorder');
    if (editor.getText() !== text) return;
    editor.edit([diffChange(text, final)], 'move.outline');
  }

  // --- Preview tabs, widths and visibility -----------------------------------------

  function selectTab(name, { focus = false } = {}) {
    activeTab = name;
    for (const tab of root.querySelectorAll('[role="tab"]')) {
      const selected = tab.dataset.tab === name;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      $(tab.getAttribute('aria-controls')).hidden = !selected;
      if (selected && focus) tab.focus();
    }
    compose();
  }

  root.querySelector('[role="tablist"]').addEventListener('click', (event) => {
    const tab = event.target.closest('[role="tab"]');
    if (tab) selectTab(tab.dataset.tab);
  });
  root.querySelector('[role="tablist"]').addEventListener('keydown', (event) => {
    const index = TABS.indexOf(activeTab);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: TABS.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    selectTab(TABS[(next + TABS.length) % TABS.length], { focus: true });
  });

  for (const button of root.querySelectorAll('[data-width]')) {
    button.addEventListener('click', () => {
      for (const other of root.querySelectorAll('[data-width]')) other.setAttribute('aria-pressed', String(other === button));
      $('email-frame').classList.toggle('is-phone', button.dataset.width === '375');
    });
  }

  function togglePreview() {
    const hidden = $('workspace').classList.toggle('preview-hidden');
    $('toggle-preview').setAttribute('aria-pressed', String(!hidden));
  }
  $('toggle-preview').addEventListener('click', togglePreview);
  // Narrow screens have room for one of editor and preview: the editor first.
  if (matchMedia('(max-width: 900px)').matches) togglePreview();

  // --- Toolbar, shortcuts and help -------------------------------------------------

  root.querySelector('.toolbar').addEventListener('click', (event) => {
    const button = event.target.closest('[data-command]');
    if (button) editor.run(button.dataset.command);
  });

  const help = $('help-dialog');
  $('help-button').addEventListener('click', () => help.showModal());
  // "?" asks for help where it types nothing: outside the editor and the fields.
  const typesText = (target) =>
    target instanceof Element && (target.closest('input, textarea, select, [contenteditable]:not([contenteditable="false"])') !== null);
  root.addEventListener('keydown', (event) => {
    const asksHelp = event.key === '?' && !event.ctrlKey && !event.metaKey && !event.altKey && !typesText(event.composedPath()[0]);
    if (event.key === 'F1' || asksHelp) {
      event.preventDefault();
      if (!help.open) help.showModal();
    } else if ((event.ctrlKey || event.metaKey) && event.altKey && event.code === 'KeyP' && !event.defaultPrevented) {
      event.preventDefault();
      togglePreview();
    }
  });

  // Menus (<details>) close on a choice, on Escape and on a click elsewhere.
  for (const menu of root.querySelectorAll('details.menu')) {
    menu.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && menu.open) {
        menu.open = false;
        menu.querySelector('summary').focus();
      }
    });
  }
  // Seen from the document, a click inside a shadow root targets its host: the
  // event's path says where it really was.
  (root.ownerDocument ?? root).addEventListener('click', (event) => {
    for (const menu of root.querySelectorAll('details.menu[open]')) {
      if (!event.composedPath().includes(menu) || event.target.closest('.menu-list button')) menu.open = false;
    }
  });

  // --- Examples --------------------------------------------------------------------

  for (const button of root.querySelectorAll('[data-example]')) {
    button.addEventListener('click', async () => {
      try {
        await (openExample ?? setText)(await fetchText(button.dataset.example));
      } catch (error) {
        showNotice(t('sampleFailed', { message: error.message }));
      }
    });
  }

  // --- Publishing ------------------------------------------------------------------

  // The outputs asked for, each there: one the core left out (too large)
  // fails the copy or download with the core's reason, never as "undefined".
  async function outputsOf(text, formats, options = {}) {
    const { outputs, diagnostics } = await composeView(text, { formats, ...options });
    const missing = formats.find((format) => typeof outputs[format] !== 'string');
    if (missing) {
      const reason = diagnostics.find((diagnostic) => diagnostic.rule === 'output/too-large');
      throw new Error(reason?.message ?? t('noOutput', { format: missing }));
    }
    return outputs;
  }

  async function publish(kind) {
    const text = editor.getText();
    const outlineNow = shown?.result.outline;
    const copying = kind.startsWith('copy-');
    try {
      if (kind === 'copy-rich') {
        const outputs = await outputsOf(text, ['html', 'text']);
        await copyRich(outputs.html, outputs.text);
        statusLine.textContent = t('copied');
      } else if (kind === 'copy-email') {
        const outputs = await outputsOf(text, ['email']);
        await copyText(outputs.email);
        statusLine.textContent = t('copied');
      } else {
        const spec = DOWNLOADS[kind];
        const name = `${baseName(outlineNow)}${spec.suffix ?? ''}.${spec.extension}`;
        if (!spec.format) {
          download(name, sourceFile ? await sourceFile() : text, spec.type);
        } else {
          const outputs = await outputsOf(text, [spec.format], { standalone: spec.standalone === true });
          download(name, outputs[spec.format], spec.type);
        }
      }
    } catch (error) {
      // (An AbortError: the page is going.)
      if (error.name !== 'AbortError') showNotice(t(copying ? 'copyFailed' : 'downloadFailed', { message: error.message }));
    }
  }

  for (const button of root.querySelectorAll('[data-publish]')) {
    button.addEventListener('click', () => publish(button.dataset.publish));
  }

  // --- Language and theme ----------------------------------------------------------

  const languageSelect = $('language-select');
  languageSelect.replaceChildren(...LANGUAGES.map(([tag, name]) => {
    const option = document.createElement('option');
    option.value = tag;
    option.textContent = name;
    option.lang = tag;
    return option;
  }));
  languageSelect.value = locale.tag;
  languageSelect.addEventListener('change', () => locale.set(languageSelect.value));

  function localize() {
    locale.translate(root);
    languageSelect.value = locale.tag;
    editor.localize(t('editorLabel'), locale.editorPhrases);
    status.refresh();
    if (shown) {
      showDiagnostics();
      outline.show(shown.result.outline, { force: true });
      statusLine.textContent = t('composed', { sections: t('sections', { n: shown.result.outline.sections.length }), ms: '—' });
    }
    const version = $('core-version').dataset.version;
    if (version) $('core-version').textContent = t('coreVersion', { version });
  }
  locale.onChange(localize);
  localize();

  const themeSelect = $('theme-select');
  function applyTheme(theme) {
    if (theme === 'light' || theme === 'dark') themeRoot.dataset.theme = theme;
    else delete themeRoot.dataset.theme;
    themeSelect.value = theme;
    preview.setTheme(theme);
    emailPreview.setTheme(theme);
  }
  themeSelect.addEventListener('change', () => {
    applyTheme(themeSelect.value);
    if (!rememberTheme) return;
    try { localStorage.setItem(THEME_KEY, themeSelect.value); } catch { /* storage may be off */ }
  });
  try { applyTheme((rememberTheme && localStorage.getItem(THEME_KEY)) || 'system'); } catch { applyTheme('system'); }

  // --- The handle for storage layers and embeddings ------------------------------

  function setText(text) {
    editor.setText(text);  // (which ends the snapshots of the text it replaces)
    shown = null;
    compose();
  }

  return {
    getText: () => editor.getText(),
    setText,
    // listener() after each change of the text by the writer.
    onChange: (listener) => {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    // listener(outline) once the preview and panels show a compose (of a
    // text the writer may have changed since: a newer compose then follows).
    onCompose: (listener) => {
      composeListeners.add(listener);
      return () => composeListeners.delete(listener);
    },
    // The text of the last compose shown, null before the first.
    composedSource: () => composedSnapshot?.text ?? null,
    // 'new' | 'unsaved' | 'saving' | 'saved' | 'error' | 'conflict', with a Date and a detail
    setSaveState: (state, when, detail) => status.save(state, when, detail),
    // The outline of the last compose (title, number, sections), null before it.
    outline: () => shown?.result.outline ?? null,
    setTheme: applyTheme,
    // Read-only: the text can be read, searched and copied, and nothing here
    // changes it (no typing, paste, command, fix or outline move).
    setReadOnly: (readOnly) => {
      editor.setReadOnly(readOnly);
      outline.setMovable(!readOnly);
      if (shown) showDiagnostics();
    },
    // Ends the worker until the next compose (an element taken off its page).
    stop: () => client.stop(),
    showNotice,
    editor,
  };
}
