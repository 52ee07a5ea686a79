// Wires the page: the editor's source goes to the engine worker, and each
// answer updates the preview, the problem list and the status line.
import { ComposerClient } from './composer-client.mjs';
import { Preview } from './preview.mjs';
import { SourcePositions } from './source-positions.mjs';
import { attachDrafts } from './drafts/attach.mjs';

const SAMPLE_URL = new URL('samples/weekly-ml-digest.md', import.meta.url);
const COMPOSE_OPTIONS = { formats: ['html'] };

const editor = document.getElementById('source');
const diagnosticsList = document.getElementById('diagnostics');
const diagnosticsSummary = document.getElementById('diagnostics-summary');
const statusLine = document.getElementById('status');
const notice = document.getElementById('notice');
const noticeText = document.getElementById('notice-text');
const coreVersion = document.getElementById('core-version');
const preview = new Preview(document.getElementById('preview-frame'));

const client = new ComposerClient(new URL('worker.mjs', import.meta.url), {
  onReady: (meta) => { coreVersion.textContent = `core ${meta.version}`; },
  onRestart: () => showNotice('The composer stopped unexpectedly and was restarted.'),
});

// What the problem list currently describes: the source it was composed from
// and, built on first use, the positions that map its byte ranges.
let shown = null;

function showNotice(message) {
  noticeText.textContent = message;
  notice.hidden = false;
}

document.getElementById('notice-dismiss').addEventListener('click', () => { notice.hidden = true; });

function plural(count, word) {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function summarise(diagnostics) {
  if (diagnostics.length === 0) return 'No problems';
  const counts = new Map();
  for (const { severity } of diagnostics) counts.set(severity, (counts.get(severity) ?? 0) + 1);
  return ['error', 'warning', 'info']
    .filter((severity) => counts.has(severity))
    .map((severity) => plural(counts.get(severity), severity))
    .join(', ');
}

function positionsOf(view) {
  view.positions ??= new SourcePositions(view.source);
  return view.positions;
}

function selectInEditor(range) {
  const positions = positionsOf(shown);
  const start = positions.index(range.start);
  const end = positions.index(range.end);
  // Moving the caret to the start before focusing makes the browser scroll
  // the range into view; the selection itself follows.
  editor.blur();
  editor.setSelectionRange(start, start);
  editor.focus();
  editor.setSelectionRange(start, end);
}

function diagnosticItem(diagnostic, index) {
  const { start } = diagnostic.range;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'diagnostic';
  button.dataset.index = String(index);
  const parts = [
    ['diagnostic-position', `${start.line}:${positionsOf(shown).characterColumn(start)}`],
    [`diagnostic-severity severity-${diagnostic.severity}`, diagnostic.severity],
    ['diagnostic-message', diagnostic.message],
    ['diagnostic-rule', diagnostic.rule],
  ];
  for (const [className, text] of parts) {
    const part = document.createElement('span');
    part.className = className;
    part.textContent = text;
    button.append(part);
  }
  const item = document.createElement('li');
  item.append(button);
  return item;
}

function showDiagnostics(source, diagnostics) {
  shown = { source, diagnostics, positions: null };
  diagnosticsSummary.textContent = summarise(diagnostics);
  diagnosticsList.replaceChildren(...diagnostics.map(diagnosticItem));
}

diagnosticsList.addEventListener('click', (event) => {
  const button = event.target.closest('button.diagnostic');
  if (button && shown) selectInEditor(shown.diagnostics[Number(button.dataset.index)].range);
});

async function compose() {
  const source = editor.value;
  try {
    const { result, elapsedMs } = await client.compose(source, COMPOSE_OPTIONS);
    await preview.show(result.outputs.html);
    showDiagnostics(source, result.diagnostics);
    lastIssue = result.issue;
    document.title = result.issue.title ? `${result.issue.title} · Issue Composer` : 'Issue Composer';
    statusLine.textContent = `Composed ${plural(result.issue.sections.length, 'section')} in ${elapsedMs.toFixed(1)} ms`;
  } catch (error) {
    if (error.name === 'AbortError') return;
    statusLine.textContent = 'Not composed';
    showNotice(`The composer could not run: ${error.message}`);
  }
}

// Typing bursts collapse into one request per frame; the client keeps only
// the newest of those.
let composeScheduled = false;
editor.addEventListener('input', () => {
  if (composeScheduled) return;
  composeScheduled = true;
  requestAnimationFrame(() => {
    composeScheduled = false;
    compose();
  });
});

async function sampleText() {
  const response = await fetch(SAMPLE_URL);
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  return response.text();
}

let lastIssue = null;
const changeListeners = [];
editor.addEventListener('input', () => changeListeners.forEach((listener) => listener()));
attachDrafts({
  editor: {
    getText: () => editor.value,
    setText: (text) => { editor.value = text; compose(); },
    onChange: (listener) => changeListeners.push(listener),
    focus: () => editor.focus(),
  },
  describe: () => ({ title: lastIssue?.title ?? '', number: lastIssue?.number ?? null }),
  initialText: () => sampleText().catch((error) => {
    showNotice(`The sample issue could not be loaded: ${error.message}`);
    return '';
  }),
  elements: {
    status: document.getElementById('save-status'),
    banners: document.getElementById('banners'),
    toolbar: document.getElementById('drafts-toolbar'),
  },
});
