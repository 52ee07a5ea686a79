// What the writer sees of the drafts: the save state in the status bar,
// banners for storage trouble, conflicts between tabs and new versions, the
// drafts library (search, new, open, duplicate, rename, trash), the history
// of the open draft with a diff against the current text, and files: open
// (picker or drag and drop), export, backup and restore. Builds its own DOM
// inside the elements index.html gives it.
import { BackupError, readBackup, writeBackup } from './backup.mjs';
import { diffLines, diffStats } from './diff.mjs';
import { download } from '../publish.mjs';
import { FileError, fileKind, fileNameFor, readTextFile } from './files.mjs';
import { displayName } from './store.mjs';

const CONTEXT_LINES = 3;
const MAX_DIFF_LINES = 3000;
const MAX_LISTED_DIFF_CHARS = 256 * 1024;

function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'dataset') Object.assign(element.dataset, value);
    else if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else if (key in element && !key.includes('-')) element[key] = value;
    else element.setAttribute(key, value);
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

const button = (text, onclick, props = {}) => h('button', { type: 'button', onclick, ...props }, text);

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function relativeTime(at, now = Date.now()) {
  const seconds = Math.round((now - at) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return timeFormat.format(at);
}

export function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

const TROUBLE_TEXT = {
  unavailable: 'This browser does not let Issue Composer store drafts here (a private window, or site data '
    + 'blocked). Keep writing: the text stays in this tab, but export it before you close the tab.',
  quota: 'Storage is full, so your latest changes are not saved in this browser. Keep writing: the text stays '
    + 'in this tab and saving retries by itself. Export the draft now, or free space by emptying the trash.',
  cleared: 'The browser cleared this site\'s stored data. This draft is still here and was saved again; other '
    + 'drafts are gone from this browser unless you restore them from a backup.',
};

function troubleText(error) {
  return TROUBLE_TEXT[error.kind]
    ?? `Saving failed: ${error.message} Keep writing: the text stays in this tab and saving retries; export it to be safe.`;
}

export class DraftsUI {
  #session;
  #store;
  #editor;
  #elements;
  #dialog;
  #historyDialog;
  #showTrash = false;
  #undoRestore = null;
  #clearedNoticeShown = false;

  // elements: { toolbar, banners } from index.html and setSaveState(state,
  // when, detail) for the status bar; editor: the adapter the session uses
  // (getText/setText/focus).
  constructor({ session, editor, elements }) {
    this.#session = session;
    this.#store = session.store;
    this.#editor = editor;
    this.#elements = elements;
    this.#buildToolbar();
    this.#dialog = this.#buildLibraryDialog();
    this.#historyDialog = this.#buildHistoryDialog();
    this.#acceptDrops();
  }

  // --- status bar and banners ---

  showStatus({ state, message, at }) {
    this.#elements.setSaveState(state, at ? new Date(at) : new Date(), message);
  }

  #banner(id, className, role, ...content) {
    let banner = document.getElementById(id);
    if (!banner) {
      banner = h('div', { id });
      this.#elements.banners.append(banner);
    }
    banner.className = `banner ${className}`;
    banner.setAttribute('role', role);
    banner.replaceChildren(...content);
    banner.hidden = false;
    return banner;
  }

  #hideBanner(id) {
    const banner = document.getElementById(id);
    if (banner) banner.hidden = true;
  }

  #exportButtons() {
    return [
      button('Export this draft', () => this.exportDraft(), { className: 'banner-action' }),
      button('Back up all drafts', () => this.backupAll(), { className: 'banner-action' }),
    ];
  }

  showTrouble(error) {
    if (!error) {
      // A cleared store stays announced until dismissed: other drafts are gone.
      if (!this.#clearedNoticeShown) this.#hideBanner('storage-banner');
      return;
    }
    if (error.kind === 'cleared') this.#clearedNoticeShown = true;
    this.#banner('storage-banner', 'banner-error', 'alert',
      h('p', { className: 'banner-text' }, troubleText(error)),
      ...this.#exportButtons(),
      button('Dismiss', () => {
        this.#clearedNoticeShown = false;
        this.#hideBanner('storage-banner');
      }, { className: 'banner-dismiss' }));
  }

  showConflict(conflict) {
    if (!conflict) return this.#hideBanner('conflict-banner');
    const { mine, theirs } = conflict;
    const groups = diffLines(theirs.text, mine);
    const { added, removed } = diffStats(groups);
    const choose = (choice) => async () => {
      this.#hideBanner('conflict-banner');
      await this.#session.resolveConflict(choice);
    };
    this.#banner('conflict-banner', 'banner-warning', 'alert',
      h('p', { className: 'banner-text' },
        `Another tab saved this draft (${relativeTime(theirs.updated)}) while this tab had unsaved changes. `
        + 'Nothing was overwritten: choose which version to keep. The other version stays in the history.'),
      button('Keep this tab\'s version', choose('mine'), { className: 'banner-action' }),
      button('Use the other tab\'s version', choose('theirs'), { className: 'banner-action' }),
      button('Keep both (this tab\'s as a new draft)', choose('copy'), { className: 'banner-action' }),
      h('details', { className: 'banner-details' },
        h('summary', {}, `Differences: ${added} lines only here, ${removed} only in the other tab`),
        renderDiff(groups, { removed: 'only in the other tab', added: 'only in this tab' })));
  }

  showUpdateReady(apply) {
    this.#banner('update-banner', 'banner-info', 'status',
      h('p', { className: 'banner-text' }, 'A new version of Issue Composer is ready. Your draft is saved first.'),
      button('Reload to update', apply, { className: 'banner-action' }),
      button('Later', () => this.#hideBanner('update-banner'), { className: 'banner-dismiss' }));
  }

  notify(message, { error = false, action = null } = {}) {
    this.#banner('drafts-notice', error ? 'banner-error' : 'banner-info', error ? 'alert' : 'status',
      h('p', { className: 'banner-text' }, message),
      action && button(action.label, async () => {
        this.#hideBanner('drafts-notice');
        await action.run();
      }, { className: 'banner-action' }),
      button('Dismiss', () => this.#hideBanner('drafts-notice'), { className: 'banner-dismiss' }));
  }

  // --- toolbar ---

  #buildToolbar() {
    const input = h('input', {
      type: 'file', id: 'drafts-file-input', hidden: true, multiple: true,
      accept: '.md,.markdown,.mdown,.txt,.json,text/markdown,text/plain,application/json',
      onchange: async () => {
        await this.openFiles([...input.files]);
        input.value = '';
      },
    });
    this.#elements.toolbar.append(
      button('Drafts', () => this.openLibrary(), { id: 'drafts-button', title: 'All drafts in this browser' }),
      button('New', () => this.newDraft(), { id: 'new-draft-button', title: 'Start a new empty draft' }),
      button('History', () => this.openHistory(), { id: 'history-button', title: 'Earlier versions of this draft' }),
      button('Open…', () => input.click(), { id: 'open-file-button', title: 'Open a .md file or restore a .json backup (or drop it on the page)' }),
      button('Export', () => this.exportDraft(), { id: 'export-button', title: 'Download this draft as a .md file' }),
      button('Back up', () => this.backupAll(), { id: 'backup-button', title: 'Download every draft with its history as one .json file' }),
      input,
    );
  }

  // --- files ---

  exportDraft() {
    const draft = this.#session.draft;
    download(fileNameFor(draft ? displayName(draft) : 'draft', 'md'), this.#session.text, 'text/markdown;charset=utf-8');
  }

  async backupAll() {
    let contents;
    try {
      await this.#session.flush();
      contents = await this.#store.everything();
    } catch {
      // Storage is unusable: the draft in this tab is what there is to keep.
      const draft = this.#session.draft;
      const now = Date.now();
      contents = {
        drafts: [{ ...draft, id: draft.id ?? `unsaved-${now}`, text: this.#session.text, created: draft.created ?? now,
          updated: now, revision: Math.max(draft.revision, 1), deletedAt: null }],
        history: [],
      };
    }
    const day = new Date().toISOString().slice(0, 10);
    download(`issue-composer-backup-${day}.json`, writeBackup(contents), 'application/json');
  }

  async openFiles(files) {
    for (const file of files) {
      try {
        const kind = fileKind(file.name);
        if (kind === 'markdown') {
          const text = await readTextFile(file);
          await this.#session.createDraft(text, { name: file.name.replace(/\.[^.]+$/, '') });
          this.notify(`Opened ${file.name} as a new draft.`);
        } else if (kind === 'backup') {
          await this.restoreBackup(await readTextFile(file, Number.MAX_SAFE_INTEGER), file.name);
        } else {
          throw new FileError(`${file.name} is neither a Markdown file (.md) nor a backup (.json). Nothing was opened.`);
        }
      } catch (error) {
        const known = error instanceof FileError || error instanceof BackupError;
        this.notify(known ? error.message : `${file.name} could not be opened: ${error.message}`, { error: true });
      }
    }
    this.#refreshLibrary();
  }

  async restoreBackup(text, name) {
    const backup = readBackup(text);
    await this.#session.flush();
    const counts = await this.#store.restore(backup);
    this.#session.announceLibraryChange();
    await this.#session.refresh();
    this.notify(`Restored ${name}: ${counts.added} new drafts, ${counts.replaced} updated (their previous text is `
      + `in their history), ${counts.unchanged} unchanged, ${counts.snapshots} history snapshots.`);
  }

  #acceptDrops() {
    const hasFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
    addEventListener('dragover', (event) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      document.body.classList.add('dropping');
    });
    addEventListener('dragleave', (event) => {
      if (event.relatedTarget === null) document.body.classList.remove('dropping');
    });
    addEventListener('drop', (event) => {
      document.body.classList.remove('dropping');
      if (!hasFiles(event)) return;
      event.preventDefault();
      this.openFiles([...event.dataTransfer.files]);
    });
  }

  // --- library ---

  async newDraft() {
    await this.#session.createDraft('');
    this.#editor.focus();
  }

  #buildLibraryDialog() {
    const search = h('input', {
      type: 'search', id: 'drafts-search', placeholder: 'Search titles and text', 'aria-label': 'Search drafts',
      oninput: () => this.#refreshLibrary(),
    });
    const dialog = h('dialog', { id: 'drafts-dialog', className: 'drafts-dialog', 'aria-labelledby': 'drafts-dialog-title' },
      h('div', { className: 'dialog-head' },
        h('h2', { id: 'drafts-dialog-title' }, 'Drafts'),
        search,
        button('New draft', async () => { dialog.close(); await this.newDraft(); }),
        button('Trash', () => { this.#showTrash = !this.#showTrash; this.#refreshLibrary(); }, { id: 'drafts-trash-toggle' }),
        button('Close', () => dialog.close(), { className: 'dialog-close' })),
      h('p', { id: 'drafts-caption', className: 'dialog-caption' }),
      h('ul', { id: 'drafts-list', className: 'drafts-list' }),
      h('p', { id: 'drafts-storage', className: 'dialog-caption' }));
    document.body.append(dialog);
    return dialog;
  }

  async openLibrary() {
    await this.#session.flush().catch(() => {});
    this.#showTrash = false;
    await this.#refreshLibrary();
    if (!this.#dialog.open) this.#dialog.showModal();
    this.#dialog.querySelector('#drafts-search').focus();
  }

  // Called when any tab changed the library, and after local changes.
  async refreshLibrary() {
    if (this.#dialog.open) await this.#refreshLibrary();
  }

  async #refreshLibrary() {
    const list = this.#dialog.querySelector('#drafts-list');
    const caption = this.#dialog.querySelector('#drafts-caption');
    const query = this.#dialog.querySelector('#drafts-search').value.trim().toLowerCase();
    let drafts;
    try {
      drafts = await this.#store.list({ trash: this.#showTrash });
    } catch (error) {
      caption.textContent = `The drafts cannot be listed: ${error.message}`;
      list.replaceChildren();
      return;
    }
    const trashCount = this.#showTrash ? drafts.length : (await this.#store.list({ trash: true }).catch(() => [])).length;
    this.#dialog.querySelector('#drafts-trash-toggle').textContent = this.#showTrash ? 'Back to drafts' : `Trash (${trashCount})`;
    const shown = query
      ? drafts.filter((draft) => [displayName(draft), draft.title, draft.text].some((text) => text.toLowerCase().includes(query)))
      : drafts;
    caption.textContent = this.#showTrash
      ? `${shown.length} drafts in the trash. Restore one, or delete it for good.`
      : `${shown.length} of ${drafts.length} drafts${query ? ` matching “${query}”` : ''}, newest edit first.`;
    list.replaceChildren(...shown.map((draft) => this.#libraryRow(draft)));
    if (this.#showTrash && drafts.length > 0) {
      list.append(h('li', { className: 'drafts-row' }, button('Empty the trash', () => this.#emptyTrash(drafts))));
    }
    this.#showUsage();
  }

  #libraryRow(draft) {
    const current = draft.id === this.#session.draft?.id;
    const title = h('span', { className: 'draft-title' }, displayName(draft));
    const details = h('span', { className: 'draft-details' },
      draft.number !== null ? `#${draft.number} · ` : '',
      h('time', { dateTime: new Date(draft.updated).toISOString(), title: timeFormat.format(draft.updated) },
        `edited ${relativeTime(draft.updated)}`),
      ` · ${formatBytes(new Blob([draft.text]).size)}`,
      current ? ' · open here' : '');
    const actions = this.#showTrash
      ? [button('Restore', () => this.#act(() => this.#store.untrash(draft.id))),
        button('Delete for good', () => this.#act(() => this.#store.purge(draft.id)))]
      : [button('Open', () => this.#openDraft(draft.id), { disabled: current }),
        button('Duplicate', () => this.#act(() => this.#store.duplicate(draft.id))),
        button('Rename', () => this.#rename(row, draft)),
        button('Delete', () => this.#trash(draft))];
    const row = h('li', { className: `drafts-row${current ? ' current' : ''}`, dataset: { id: draft.id } },
      h('div', { className: 'draft-summary' }, title, details),
      h('div', { className: 'draft-actions' }, actions));
    return row;
  }

  async #act(change) {
    try {
      await change();
    } catch (error) {
      this.notify(error.message, { error: true });
    }
    this.#session.announceLibraryChange();
    await this.#refreshLibrary();
  }

  async #openDraft(id) {
    try {
      await this.#session.open(id);
      this.#dialog.close();
      this.#editor.focus();
    } catch (error) {
      this.notify(error.message, { error: true });
    }
  }

  #rename(row, draft) {
    const input = h('input', { type: 'text', value: displayName(draft), 'aria-label': 'New name', className: 'draft-rename' });
    const finish = async (save) => {
      if (save) await this.#act(() => this.#store.rename(draft.id, input.value));
      else await this.#refreshLibrary();
      if (save && draft.id === this.#session.draft?.id) await this.#session.refresh();
    };
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') { event.preventDefault(); finish(true); }
      if (event.key === 'Escape') { event.preventDefault(); event.stopPropagation(); finish(false); }
    });
    row.querySelector('.draft-title').replaceWith(input);
    input.select();
  }

  async #trash(draft) {
    await this.#act(() => this.#store.trash(draft.id));
    if (draft.id === this.#session.draft?.id) {
      const [next] = await this.#store.list();
      if (next) await this.#session.open(next.id);
      else await this.#session.createDraft('');
      await this.#refreshLibrary();
    }
    this.notify(`Moved “${displayName(draft)}” to the trash.`, {
      action: { label: 'Undo', run: () => this.#act(() => this.#store.untrash(draft.id)) },
    });
  }

  async #emptyTrash(drafts) {
    await this.#act(async () => {
      for (const draft of drafts) await this.#store.purge(draft.id);
    });
  }

  async #showUsage() {
    const line = this.#dialog.querySelector('#drafts-storage');
    if (!navigator.storage?.estimate) {
      line.textContent = '';
      return;
    }
    try {
      const [{ usage, quota }, persisted] = await Promise.all([
        navigator.storage.estimate(), navigator.storage.persisted?.() ?? false]);
      line.textContent = `This site uses ${formatBytes(usage)} of the ${formatBytes(quota)} the browser allows. `
        + (persisted ? 'Storage is persistent: the browser keeps the drafts until you delete them.'
          : 'Storage is not persistent: the browser may clear it when space runs low; keep a backup.');
    } catch {
      line.textContent = '';
    }
  }

  // --- history ---

  #buildHistoryDialog() {
    const dialog = h('dialog', { id: 'history-dialog', className: 'history-dialog', 'aria-labelledby': 'history-dialog-title' },
      h('div', { className: 'dialog-head' },
        h('h2', { id: 'history-dialog-title' }, 'History'),
        button('Take a snapshot now', async () => {
          await this.#session.snapshot('taken by hand');
          await this.#refreshHistory();
        }),
        button('Close', () => dialog.close(), { className: 'dialog-close' })),
      h('p', { id: 'history-caption', className: 'dialog-caption' }),
      h('div', { className: 'history-body' },
        h('ol', { id: 'history-list', className: 'history-list' }),
        h('div', { id: 'history-diff', className: 'history-diff', tabIndex: 0, 'aria-label': 'Differences' })));
    document.body.append(dialog);
    return dialog;
  }

  async openHistory() {
    await this.#session.flush().catch(() => {});
    await this.#refreshHistory();
    if (!this.#historyDialog.open) this.#historyDialog.showModal();
  }

  async #refreshHistory() {
    const list = this.#historyDialog.querySelector('#history-list');
    const caption = this.#historyDialog.querySelector('#history-caption');
    let entries;
    try {
      entries = await this.#session.history();
    } catch (error) {
      caption.textContent = `The history cannot be read: ${error.message}`;
      return;
    }
    caption.textContent = entries.length
      ? `${entries.length} snapshots of “${displayName(this.#session.draft)}”, newest first: taken every few minutes `
        + 'while you write and before every import, fix-all, reorder or restore.'
      : 'No snapshots yet: one is taken every few minutes while you write and before every bulk change.';
    const current = this.#session.text;
    list.replaceChildren(...entries.map((entry) => h('li', {},
      button([
        h('time', { dateTime: new Date(entry.at).toISOString() }, timeFormat.format(entry.at)),
        h('span', { className: 'history-reason' }, entry.reason),
        h('span', { className: 'history-stats' }, changeSummary(entry.text, current)),
      ], () => this.#showSnapshot(entry), { className: 'history-entry', dataset: { id: String(entry.id) } }))));
    this.#historyDialog.querySelector('#history-diff').replaceChildren();
  }

  #showSnapshot(entry) {
    for (const other of this.#historyDialog.querySelectorAll('.history-entry')) {
      other.setAttribute('aria-pressed', String(other.dataset.id === String(entry.id)));
    }
    const groups = diffLines(entry.text, this.#session.text);
    this.#historyDialog.querySelector('#history-diff').replaceChildren(
      h('div', { className: 'history-diff-head' },
        h('span', {}, `Snapshot of ${timeFormat.format(entry.at)} (−) against the current text (+)`),
        button('Restore this version', () => this.#restore(entry), { id: 'history-restore' })),
      renderDiff(groups, { removed: 'only in the snapshot', added: 'only in the current text' }));
  }

  async #restore(entry) {
    try {
      const before = await this.#session.restore(entry);
      this.#historyDialog.close();
      this.notify(`Restored the version of ${timeFormat.format(entry.at)}. The text it replaced is in the history.`, {
        action: { label: 'Undo restore', run: () => this.#session.restore(before) },
      });
    } catch (error) {
      this.notify(`The version could not be restored: ${error.message}`, { error: true });
    }
  }
}

// Lines added and removed since a snapshot; for large drafts (where a diff
// per listed snapshot would hold up the page) only the sizes.
function changeSummary(before, after) {
  if (before === after) return 'same as now';
  if (before.length + after.length > MAX_LISTED_DIFF_CHARS) return `${formatBytes(new Blob([before]).size)} then, ${formatBytes(new Blob([after]).size)} now`;
  const { added, removed } = diffStats(diffLines(before, after));
  return `+${added} −${removed} lines to now`;
}

// A diff as lines marked − and +, unchanged runs cut to a few lines of
// context around each change.
export function renderDiff(groups, labels) {
  const lines = [];
  const line = (type, text) => h('div', { className: `diff-line diff-${type}` },
    h('span', { className: 'diff-sign', 'aria-label': type === 'add' ? labels.added : type === 'del' ? labels.removed : '' },
      type === 'add' ? '+' : type === 'del' ? '−' : ' '),
    text.replace(/\r?\n$/, ''));
  groups.forEach((group, index) => {
    if (group.type !== 'same') {
      for (const text of group.lines) lines.push(line(group.type, text));
      return;
    }
    const head = index === 0 ? 0 : CONTEXT_LINES;
    const tail = index === groups.length - 1 ? 0 : CONTEXT_LINES;
    if (group.lines.length <= head + tail + 1) {
      for (const text of group.lines) lines.push(line('same', text));
      return;
    }
    for (const text of group.lines.slice(0, head)) lines.push(line('same', text));
    lines.push(h('div', { className: 'diff-skip' }, `… ${group.lines.length - head - tail} unchanged lines …`));
    for (const text of group.lines.slice(group.lines.length - tail)) lines.push(line('same', text));
  });
  if (groups.every((group) => group.type === 'same')) return h('p', { className: 'diff-none' }, 'No differences.');
  const shown = lines.slice(0, MAX_DIFF_LINES);
  if (lines.length > shown.length) shown.push(h('div', { className: 'diff-skip' }, `… ${lines.length - shown.length} more lines …`));
  return h('div', { className: 'diff' }, shown);
}
