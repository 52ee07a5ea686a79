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
import './strings.mjs';

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

export function relativeTime(t, at, now = Date.now()) {
  const seconds = Math.round((now - at) / 1000);
  if (seconds < 45) return t('justNow');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return t('minutesAgo', { n: minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 24) return t('hoursAgo', { n: hours });
  return timeFormat.format(at);
}

// A snapshot's stored reason id in words; an unknown one as it is.
function reasonText(t, reason) {
  const key = `reason.${reason}`;
  const text = t(key);
  return text === key ? reason : text;
}

// A text's size in UTF-8 (a lone surrogate as U+FFFD, as a Blob stores it),
// counted: a Blob made for the size copied each draft's text out to the
// browser, about half a second a megabyte draft each time the library is
// listed, which it is at every key typed into its search.
export function utf8Size(text) {
  let bytes = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code < 0xdc00 && (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      index += 1;
    } else bytes += 3;
  }
  return bytes;
}

export function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

const TROUBLES = ['unavailable', 'quota', 'cleared'];

function troubleText(t, error) {
  return TROUBLES.includes(error.kind) ? t(`trouble.${error.kind}`) : t('trouble.failed', { message: error.message });
}

export class DraftsUI {
  #session;
  #store;
  #editor;
  #elements;
  #dialog;
  #historyDialog;
  #showTrash = false;
  // The library as last read, which its search filters key by key without
  // reading every draft again, and each draft's text lowercased and size.
  #library = null;
  #facts = new WeakMap();
  #undoRestore = null;
  #clearedNoticeShown = false;
  #t;
  #readOnly = false;
  // What this UI put into the page (toolbar buttons, dialogs, banners) and
  // the listeners it added outside it: remove() takes them away.
  #added = new Set();
  #listening = new AbortController();
  #status = null;  // the last save state shown

  // elements: { toolbar, banners } from index.html, optionally { dialogs,
  // dropZone } (attach.mjs), and setSaveState(state, when, detail) for the
  // status bar; editor: the adapter the session uses (getText/setText/focus);
  // locale: the composer's (i18n.mjs).
  constructor({ session, editor, elements, locale, readOnly = false }) {
    this.#readOnly = readOnly;
    this.#session = session;
    this.#store = session.store;
    this.#editor = editor;
    this.#elements = elements;
    this.#t = locale.t;
    // The save state's words are set with each state: a new language says
    // the last one again. (What has data-i18n the page's translate() renames.)
    const stopLocale = locale.onChange(() => this.#status && this.showStatus(this.#status));
    this.#listening.signal.addEventListener('abort', stopLocale);
    this.#buildToolbar();
    this.#dialog = this.#buildLibraryDialog();
    this.#historyDialog = this.#buildHistoryDialog();
    this.#acceptDrops();
  }

  #nameOf(draft) { return displayName(draft, this.#t('untitledDraft')); }

  // A control that changes the text or the stored drafts: unavailable while
  // the composer is read-only (setReadOnly), and inert if pressed anyway.
  #changer(text, onclick, props = {}) {
    const run = (event) => (this.#readOnly ? undefined : onclick(event));
    return button(text, run, { ...props, disabled: this.#readOnly || props.disabled === true, 'data-changes': '' });
  }

  // Read-only: the library, the history and its differences can be seen,
  // drafts exported and backed up; nothing opens, creates, restores, imports,
  // renames or deletes.
  setReadOnly(readOnly) {
    this.#readOnly = readOnly;
    for (const node of this.#added) {
      const controls = node.matches('[data-changes]') ? [node] : node.querySelectorAll('[data-changes]');
      for (const control of controls) control.disabled = readOnly;
    }
    this.refreshLibrary();
    if (this.#historyDialog.open) this.#refreshHistory();
  }

  // Takes the drafts UI off the composer (storage switched off).
  remove() {
    this.#listening.abort();
    for (const node of this.#added) {
      if (node.open) node.close();
      node.remove();
    }
    this.#added.clear();
  }

  // --- status bar and banners ---

  showStatus(status) {
    this.#status = status;
    const { state, at, error, retryInMs, fromOtherTab } = status;
    const detail = state === 'error' ? this.#t('notSavedDetail', { message: error.message, seconds: Math.ceil(retryInMs / 1000) })
      : state === 'conflict' ? this.#t('conflictDetail')
        : state === 'saved' ? this.#t(fromOtherTab ? 'updatedFromOtherTab' : 'savedDetail') : '';
    this.#elements.setSaveState(state, at ? new Date(at) : new Date(), detail);
  }

  #banner(id, className, role, ...content) {
    let banner = this.#elements.banners.querySelector(`#${id}`);
    if (!banner) {
      banner = h('div', { id });
      this.#elements.banners.append(banner);
      this.#added.add(banner);
    }
    banner.className = `banner ${className}`;
    banner.setAttribute('role', role);
    banner.replaceChildren(...content.filter((child) => child !== null && child !== false));
    banner.hidden = false;
    return banner;
  }

  #hideBanner(id) {
    const banner = this.#elements.banners.querySelector(`#${id}`);
    if (banner) banner.hidden = true;
  }

  #exportButtons() {
    return [
      button(this.#t('exportThisDraft'), () => this.exportDraft(), { className: 'banner-action' }),
      button(this.#t('backUpAll'), () => this.backupAll(), { className: 'banner-action' }),
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
      h('p', { className: 'banner-text' }, troubleText(this.#t, error)),
      ...this.#exportButtons(),
      button(this.#t('dismiss'), () => {
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
      await this.#session.resolveConflict(choice, { copyName: this.#t('tabVersionName', { name: this.#nameOf(theirs) }) });
    };
    this.#banner('conflict-banner', 'banner-warning', 'alert',
      h('p', { className: 'banner-text' }, this.#t('conflict', { when: relativeTime(this.#t, theirs.updated) })),
      this.#changer(this.#t('keepMine'), choose('mine'), { className: 'banner-action' }),
      this.#changer(this.#t('useTheirs'), choose('theirs'), { className: 'banner-action' }),
      this.#changer(this.#t('keepBoth'), choose('copy'), { className: 'banner-action' }),
      h('details', { className: 'banner-details' },
        h('summary', {}, this.#t('conflictDifferences', { added: this.#t('lineCount', { n: added }), removed: this.#t('lineCount', { n: removed }) })),
        renderDiff(this.#t, groups, { removed: this.#t('onlyOtherTab'), added: this.#t('onlyThisTab') })));
  }

  showUpdateReady(apply) {
    this.#banner('update-banner', 'banner-info', 'status',
      h('p', { className: 'banner-text' }, this.#t('updateReady')),
      button(this.#t('reloadToUpdate'), () => apply().catch((error) => this.#refused(error)), { className: 'banner-action' }),
      button(this.#t('later'), () => this.#hideBanner('update-banner'), { className: 'banner-dismiss' }));
  }

  // What would have replaced the text (another draft, a reload) did not
  // happen: the text here is not saved.
  #refused(error) {
    this.notify(this.#session.dirty ? this.#t('stillUnsaved', { message: error.message }) : error.message, { error: true });
  }

  notify(message, { error = false, action = null } = {}) {
    this.#banner('drafts-notice', error ? 'banner-error' : 'banner-info', error ? 'alert' : 'status',
      h('p', { className: 'banner-text' }, message),
      action && this.#changer(action.label, async () => {
        this.#hideBanner('drafts-notice');
        await action.run();
      }, { className: 'banner-action' }),
      button(this.#t('dismiss'), () => this.#hideBanner('drafts-notice'), { className: 'banner-dismiss' }));
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
    // data-i18n: the page's translate() renames them when the language changes.
    const toolButton = (key, onclick, id, make = button) => make(this.#t(key), onclick,
      { id, title: this.#t(`${key}Hint`), 'data-i18n': key, 'data-i18n-attr': `title:${key}Hint` });
    const changer = (text, onclick, props) => this.#changer(text, onclick, props);
    const controls = [
      toolButton('drafts', () => this.openLibrary(), 'drafts-button'),
      toolButton('newDraft', () => this.newDraft(), 'new-draft-button', changer),
      toolButton('history', () => this.openHistory(), 'history-button'),
      toolButton('openFile', () => input.click(), 'open-file-button', changer),
      toolButton('exportDraft', () => this.exportDraft(), 'export-button'),
      toolButton('backUp', () => this.backupAll(), 'backup-button'),
      input,
    ];
    this.#elements.toolbar.append(...controls);
    for (const control of controls) this.#added.add(control);
  }

  // --- files ---

  exportDraft() {
    const draft = this.#session.draft;
    download(fileNameFor(draft ? this.#nameOf(draft) : 'draft', 'md'), this.#session.text, 'text/markdown;charset=utf-8');
  }

  async backupAll() {
    await this.#session.flush().catch(() => {});  // (unsaved: this tab's text goes in below)
    let contents;
    try {
      contents = await this.#store.everything();
    } catch {
      contents = { drafts: [], history: [] };  // storage is unusable
    }
    // The draft in this tab as written, when that is not what is stored (a
    // failed save, a full disk, no storage at all).
    const draft = this.#session.draft;
    if (draft && (this.#session.dirty || !contents.drafts.some((stored) => stored.id === draft.id))) {
      const now = Date.now();
      const mine = { ...draft, id: draft.id ?? `unsaved-${now}`, text: this.#session.text, created: draft.created ?? now,
        updated: now, revision: Math.max(draft.revision, 1), deletedAt: null };
      contents.drafts = [...contents.drafts.filter((stored) => stored.id !== mine.id), mine];
    }
    const day = new Date().toISOString().slice(0, 10);
    download(`issue-composer-backup-${day}.json`, writeBackup(contents), 'application/json');
  }

  async openFiles(files) {
    if (this.#readOnly) return;
    for (const file of files) {
      try {
        const kind = fileKind(file.name);
        if (kind === 'markdown') {
          const text = await readTextFile(file);
          await this.#session.createDraft(text, { name: file.name.replace(/\.[^.]+$/, '') });
          this.notify(this.#t('openedAsDraft', { name: file.name }));
        } else if (kind === 'backup') {
          await this.restoreBackup(await readTextFile(file, Number.MAX_SAFE_INTEGER), file.name);
        } else {
          throw new FileError(this.#t('notOpenable', { name: file.name }));
        }
      } catch (error) {
        const known = error instanceof FileError || error instanceof BackupError;
        this.notify(known ? error.message : this.#t('couldNotOpen', { name: file.name, message: error.message }), { error: true });
      }
    }
    this.#refreshLibrary();
  }

  async restoreBackup(text, name) {
    if (this.#readOnly) return;
    const backup = readBackup(text);
    await this.#session.flush();
    const counts = await this.#store.restore(backup);
    this.#session.announceLibraryChange();
    await this.#session.refresh();
    this.notify(this.#t('restoredBackup', { name, ...counts }));
  }

  #acceptDrops() {
    const hasFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
    const { dropZone } = this.#elements;
    const target = dropZone ?? globalThis;
    const shown = dropZone ?? document.body;
    const { signal } = this.#listening;
    target.addEventListener('dragover', (event) => {
      if (!hasFiles(event) || this.#readOnly) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      shown.classList.add('dropping');
    }, { signal });
    target.addEventListener('dragleave', (event) => {
      const left = dropZone ? !dropZone.contains(event.relatedTarget) : event.relatedTarget === null;
      if (left) shown.classList.remove('dropping');
    }, { signal });
    target.addEventListener('drop', (event) => {
      shown.classList.remove('dropping');
      if (!hasFiles(event) || this.#readOnly) return;
      event.preventDefault();
      this.openFiles([...event.dataTransfer.files]);
    }, { signal });
  }

  // --- library ---

  async newDraft() {
    if (this.#readOnly) return;
    try {
      await this.#session.createDraft('');
      this.#editor.focus();
    } catch (error) {
      this.#refused(error);
    }
  }

  #buildLibraryDialog() {
    const search = h('input', {
      type: 'search', id: 'drafts-search', placeholder: this.#t('searchPlaceholder'), 'aria-label': this.#t('searchDrafts'),
      'data-i18n-attr': 'placeholder:searchPlaceholder;aria-label:searchDrafts',
      oninput: () => this.#refreshLibrary({ reread: false }),
    });
    const dialog = h('dialog', { id: 'drafts-dialog', className: 'drafts-dialog', 'aria-labelledby': 'drafts-dialog-title' },
      h('div', { className: 'dialog-head' },
        h('h2', { id: 'drafts-dialog-title', 'data-i18n': 'drafts' }, this.#t('drafts')),
        search,
        this.#changer(this.#t('newDraftButton'), async () => { dialog.close(); await this.newDraft(); }, { 'data-i18n': 'newDraftButton' }),
        button('', () => { this.#showTrash = !this.#showTrash; this.#refreshLibrary({ reread: false }); }, { id: 'drafts-trash-toggle' }),
        button(this.#t('close'), () => dialog.close(), { className: 'dialog-close', 'data-i18n': 'close' })),
      h('p', { id: 'drafts-caption', className: 'dialog-caption' }),
      h('ul', { id: 'drafts-list', className: 'drafts-list' }),
      h('p', { id: 'drafts-storage', className: 'dialog-caption' }));
    (this.#elements.dialogs ?? document.body).append(dialog);
    this.#added.add(dialog);
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

  // `reread`: read the store again (anything may have changed); else the
  // search or the trash toggle changed what is shown of the last read.
  async #refreshLibrary({ reread = true } = {}) {
    const list = this.#dialog.querySelector('#drafts-list');
    const caption = this.#dialog.querySelector('#drafts-caption');
    if (reread || !this.#library) {
      try {
        this.#library = await this.#store.library();
      } catch (error) {
        caption.textContent = this.#t('cannotList', { message: error.message });
        list.replaceChildren();
        return;
      }
    }
    const query = this.#dialog.querySelector('#drafts-search').value.trim().toLowerCase();
    const library = this.#library;
    const drafts = this.#showTrash ? library.trash : library.drafts;
    this.#dialog.querySelector('#drafts-trash-toggle').textContent = this.#showTrash ? this.#t('backToDrafts') : this.#t('trashCount', { n: library.trash.length });
    const shown = query
      ? drafts.filter((draft) => [this.#nameOf(draft).toLowerCase(), draft.title.toLowerCase(), this.#factsOf(draft).text]
        .some((text) => text.includes(query)))
      : drafts;
    caption.textContent = this.#showTrash ? this.#t('trashCaption', { n: shown.length })
      : this.#t(query ? 'draftsMatching' : 'draftsCaption', { shown: shown.length, n: drafts.length, query });
    list.replaceChildren(...shown.map((draft) => this.#libraryRow(draft)));
    if (this.#showTrash && drafts.length > 0) {
      list.append(h('li', { className: 'drafts-row' }, this.#changer(this.#t('emptyTrash'), () => this.#emptyTrash(drafts))));
    }
    this.#showUsage();
  }

  #factsOf(draft) {
    let facts = this.#facts.get(draft);
    if (!facts) {
      facts = { text: draft.text.toLowerCase(), size: utf8Size(draft.text) };
      this.#facts.set(draft, facts);
    }
    return facts;
  }

  #libraryRow(draft) {
    const current = draft.id === this.#session.draft?.id;
    const title = h('span', { className: 'draft-title' }, this.#nameOf(draft));
    const details = h('span', { className: 'draft-details' },
      draft.number !== null ? `#${draft.number} · ` : '',
      h('time', { dateTime: new Date(draft.updated).toISOString(), title: timeFormat.format(draft.updated) },
        this.#t('edited', { when: relativeTime(this.#t, draft.updated) })),
      ` · ${formatBytes(this.#factsOf(draft).size)}`,
      current ? ` · ${this.#t('openHere')}` : '');
    const actions = this.#showTrash
      ? [this.#changer(this.#t('restore'), () => this.#act(() => this.#store.untrash(draft.id))),
        this.#changer(this.#t('deleteForGood'), () => this.#act(() => this.#store.purge(draft.id)))]
      : [this.#changer(this.#t('open'), () => this.#openDraft(draft.id), { disabled: current }),
        this.#changer(this.#t('duplicate'), () => this.#act(() => this.#store.duplicate(draft.id, {
          name: (source) => this.#t('copyName', { name: this.#nameOf(source) }),
        }))),
        this.#changer(this.#t('rename'), () => this.#rename(row, draft)),
        this.#changer(this.#t('delete'), () => this.#trash(draft))];
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
      this.#refused(error);
    }
  }

  #rename(row, draft) {
    const input = h('input', { type: 'text', value: this.#nameOf(draft), 'aria-label': this.#t('newName'), className: 'draft-rename' });
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
    if (draft.id === this.#session.draft?.id) {
      try {
        await this.#session.flush();  // (what replaces it below would drop unsaved text)
      } catch (error) {
        return this.#refused(error);
      }
    }
    await this.#act(() => this.#store.trash(draft.id));
    if (draft.id === this.#session.draft?.id) {
      const [next] = await this.#store.list();
      if (next) await this.#session.open(next.id);
      else await this.#session.createDraft('');
      await this.#refreshLibrary();
    }
    this.notify(this.#t('movedToTrash', { name: this.#nameOf(draft) }), {
      action: { label: this.#t('undo'), run: () => this.#act(() => this.#store.untrash(draft.id)) },
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
      line.textContent = `${this.#t('usage', { usage: formatBytes(usage), quota: formatBytes(quota) })} `
        + this.#t(persisted ? 'persistent' : 'notPersistent');
    } catch {
      line.textContent = '';
    }
  }

  // --- history ---

  #buildHistoryDialog() {
    const dialog = h('dialog', { id: 'history-dialog', className: 'history-dialog', 'aria-labelledby': 'history-dialog-title' },
      h('div', { className: 'dialog-head' },
        h('h2', { id: 'history-dialog-title', 'data-i18n': 'history' }, this.#t('history')),
        this.#changer(this.#t('takeSnapshot'), async () => {
          await this.#session.snapshot('by-hand');
          await this.#refreshHistory();
        }, { 'data-i18n': 'takeSnapshot' }),
        button(this.#t('close'), () => dialog.close(), { className: 'dialog-close', 'data-i18n': 'close' })),
      h('p', { id: 'history-caption', className: 'dialog-caption' }),
      h('div', { className: 'history-body' },
        h('ol', { id: 'history-list', className: 'history-list' }),
        h('div', {
          id: 'history-diff', className: 'history-diff', tabIndex: 0, 'aria-label': this.#t('differences'), 'data-i18n-attr': 'aria-label:differences',
        })));
    (this.#elements.dialogs ?? document.body).append(dialog);
    this.#added.add(dialog);
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
      caption.textContent = this.#t('cannotReadHistory', { message: error.message });
      return;
    }
    caption.textContent = entries.length
      ? this.#t('historyCaption', { n: entries.length, name: this.#nameOf(this.#session.draft) }) : this.#t('historyEmpty');
    const current = this.#session.text;
    list.replaceChildren(...entries.map((entry) => h('li', {},
      button([
        h('time', { dateTime: new Date(entry.at).toISOString() }, timeFormat.format(entry.at)),
        h('span', { className: 'history-reason' }, reasonText(this.#t, entry.reason)),
        h('span', { className: 'history-stats' }, changeSummary(this.#t, entry.text, current)),
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
        h('span', {}, this.#t('snapshotAgainst', { when: timeFormat.format(entry.at) })),
        this.#changer(this.#t('restoreVersion'), () => this.#restore(entry), { id: 'history-restore' })),
      renderDiff(this.#t, groups, { removed: this.#t('onlySnapshot'), added: this.#t('onlyCurrent') }));
  }

  async #restore(entry) {
    if (entry.draftId !== this.#session.draft?.id) {
      this.notify(this.#t('otherDraftsVersion'), { error: true });
      return;
    }
    try {
      const before = await this.#session.restore(entry);
      this.#historyDialog.close();
      this.notify(this.#t('restoredVersion', { when: timeFormat.format(entry.at) }), {
        action: { label: this.#t('undoRestore'), run: () => this.#restore(before) },
      });
    } catch (error) {
      this.notify(this.#t('cannotRestore', { message: error.message }), { error: true });
    }
  }
}

// Lines added and removed since a snapshot; for large drafts (where a diff
// per listed snapshot would hold up the page) only the sizes.
function changeSummary(t, before, after) {
  if (before === after) return t('sameAsNow');
  if (before.length + after.length > MAX_LISTED_DIFF_CHARS) {
    return t('sizesThenNow', { then: formatBytes(utf8Size(before)), now: formatBytes(utf8Size(after)) });
  }
  return t('linesToNow', diffStats(diffLines(before, after)));
}

// A diff as lines marked − and +, unchanged runs cut to a few lines of
// context around each change. Elements are made for the rows shown only: a
// big change (a move that renumbers every section of a 1 MB draft) lists
// tens of thousands of lines, of which the first MAX_DIFF_LINES show.
export function renderDiff(t, groups, labels) {
  if (groups.every((group) => group.type === 'same')) return h('p', { className: 'diff-none' }, t('noDifferences'));
  const rows = [];  // [type, text], or ['skip', n] for n unchanged lines left out
  groups.forEach((group, index) => {
    if (group.type !== 'same') {
      for (const text of group.lines) rows.push([group.type, text]);
      return;
    }
    const head = index === 0 ? 0 : CONTEXT_LINES;
    const tail = index === groups.length - 1 ? 0 : CONTEXT_LINES;
    if (group.lines.length <= head + tail + 1) {
      for (const text of group.lines) rows.push(['same', text]);
      return;
    }
    for (const text of group.lines.slice(0, head)) rows.push(['same', text]);
    rows.push(['skip', group.lines.length - head - tail]);
    for (const text of group.lines.slice(group.lines.length - tail)) rows.push(['same', text]);
  });
  const line = ([type, text]) => (type === 'skip'
    ? h('div', { className: 'diff-skip' }, t('unchangedLines', { n: text }))
    : h('div', { className: `diff-line diff-${type}` },
      h('span', { className: 'diff-sign', 'aria-label': type === 'add' ? labels.added : type === 'del' ? labels.removed : '' },
        type === 'add' ? '+' : type === 'del' ? '−' : ' '),
      text.replace(/\r?\n$/, '')));
  const shown = rows.slice(0, MAX_DIFF_LINES).map(line);
  if (rows.length > shown.length) shown.push(h('div', { className: 'diff-skip' }, t('moreLines', { n: rows.length - shown.length })));
  return h('div', { className: 'diff' }, shown);
}
