// One tab's open draft: autosave, history snapshots and agreement with other
// tabs. It knows the editor only through a narrow adapter
//   { getText(), setText(text), onChange(callback) }
// and reports through callbacks, so any editor and any status bar can use it.
//
// Autosave: a save starts SAVE_DELAY_MS after the last change (and at once when
// the page is hidden or left), so every change is on disk within 500 ms of the
// last keystroke on an idle machine. One save runs at a time; a failed one is
// reported at once and retried with growing pauses, while the text stays in
// the editor. onStatus({ state, at, error, retryInMs, fromOtherTab }) tells
// where things are: 'saved', 'unsaved', 'saving', 'error' (not stored:
// retrying), 'conflict'.
//
// setText is the session's own change (opening a draft, taking another tab's
// text, restoring a snapshot): the adapter does not report it through onChange.
//
// Other tabs: each confirmed save is announced on a BroadcastChannel. A tab
// showing that draft without unsaved changes takes the new text; one with
// unsaved changes is in conflict and asks its writer (onConflict, with null
// once resolved). Saves name the revision they started from, so a tab that
// missed the announcement is refused by the store instead of overwriting. While in conflict this tab's
// text is kept as a history snapshot, so neither version can be lost.
import { DraftStore, StorageError, displayName } from './store.mjs';

export const SAVE_DELAY_MS = 200;
const RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000];
const SNAPSHOT_INTERVAL_MS = 5 * 60 * 1000;
const CHECK_INTERVAL_MS = 3000;
const INTERVAL_SNAPSHOTS_KEPT = 30;
const CHANNEL_NAME = 'issue-composer-drafts';
const TAB_DRAFT_KEY = 'issue-composer:open-draft';

// Why a snapshot was kept, as stored: ids the UI puts in words. The page adds
// its own ('before-fix-all', 'before-reorder'; 'by-hand' from the history).
export const REASON = {
  interval: 'interval',
  conflictMine: 'conflict',
  overwritten: 'overwritten',
  beforeRestore: 'before-restore',
};

const tabId = Math.random().toString(36).slice(2);

function rememberOpenDraft(key, id) {
  try { sessionStorage.setItem(TAB_DRAFT_KEY + key, id); } catch { /* storage off: only the next visit's choice suffers */ }
}

function rememberedDraft(key) {
  try { return sessionStorage.getItem(TAB_DRAFT_KEY + key); } catch { return null; }
}

export class DraftSession {
  #store;
  #editor;
  #describe;
  #onStatus;
  #onConflict;
  #onTrouble;
  #onLibraryChange;
  #snapshotIntervalMs;
  #channel = null;
  #key;

  #draft = null;           // the stored record this tab's text builds on
  #edits = 0;              // changes since the page opened
  #savedEdits = 0;         // #edits as of the last confirmed save
  #saving = null;          // the running save's promise
  #timer = null;
  #failures = 0;
  #failure = null;  // the error of the last save, until one succeeds
  #conflictCopyDue = false;  // typed in a conflict since this tab's copy was kept
  #conflict = null;        // the other tab's record while in conflict
  #recreate = false;       // the store was cleared: write the draft back
  #snapshotBeforeSave = null;  // keep the stored text as a snapshot with this reason first
  #lastSnapshotText = null;
  #snapshotTimer = null;
  #checkTimer = null;
  #lineBreak = '\n';
  #closed = false;
  #stopListening;

  // describe(text) -> { title, number } for the library's list; onTrouble(error
  // or null) reports storage that is refused, full or cleared (null: fine again);
  // onLibraryChange() runs when any tab changed the list of drafts. `key`
  // names an embedding's drafts (its own store): its tabs talk among themselves.
  constructor({
    store = new DraftStore(), editor, describe = () => ({ title: '', number: null }), key = '',
    onStatus = () => {}, onConflict = () => {}, onTrouble = () => {}, onLibraryChange = () => {},
    snapshotIntervalMs = SNAPSHOT_INTERVAL_MS,
  }) {
    this.#store = store;
    this.#editor = editor;
    this.#describe = describe;
    this.#onStatus = onStatus;
    this.#onConflict = onConflict;
    this.#onTrouble = onTrouble;
    this.#onLibraryChange = onLibraryChange;
    this.#snapshotIntervalMs = snapshotIntervalMs;
    this.#key = key ? `:${key}` : '';
    const listening = new AbortController();
    const { signal } = listening;
    const stopEditor = editor.onChange(() => this.#changed());
    this.#stopListening = () => {
      stopEditor?.();
      listening.abort();
    };
    if (globalThis.BroadcastChannel) {
      this.#channel = new BroadcastChannel(CHANNEL_NAME + this.#key);
      this.#channel.onmessage = ({ data }) => this.#onMessage(data);
    }
    addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.flush().catch(() => {});  // (trouble is on screen)
      else this.#checkForNewer();
    }, { signal });
    addEventListener('pagehide', () => this.flush().catch(() => {}), { signal });
    // Catches what no event announces: storage cleared under the page, or an
    // announcement from another tab that never arrived.
    this.#checkTimer = setInterval(() => {
      if (document.visibilityState === 'visible') this.#checkForNewer();
    }, CHECK_INTERVAL_MS);
  }

  // Ends the session (an embedding switched its storage off): what is still
  // unsaved is saved, then nothing more is: no autosave, no snapshots, no
  // word from other tabs, the database closed. Resolves once that is done.
  async close() {
    if (this.#closed) return;
    this.#stopListening();
    clearInterval(this.#checkTimer);
    clearInterval(this.#snapshotTimer);
    try {
      await this.flush();
    } catch {
      // storage trouble was reported; the text stays in the composer
    }
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#channel?.close();
    this.#store.close();
  }

  get store() { return this.#store; }

  // The draft's text as stored, or as it would be saved. Editors hold lines
  // with \n: a draft whose line breaks were all \r\n gets them back, and an
  // unchanged draft is its stored text exactly.
  get text() {
    if (!this.dirty && this.#draft) return this.#draft.text;
    const text = this.#editor.getText();
    return this.#lineBreak === '\r\n' ? text.replace(/\r?\n/g, '\r\n') : text;
  }

  #setEditorText(text) {
    this.#lineBreak = /\r\n/.test(text) && !/(^|[^\r])\n/.test(text) ? '\r\n' : '\n';
    this.#editor.setText(text);
  }

  get draft() { return this.#draft; }
  get dirty() { return this.#edits !== this.#savedEdits; }
  get inConflict() { return this.#conflict !== null; }

  // Opens the draft this tab had open, else the most recently edited one, else
  // a new draft holding `initialText()`. With `keep` (a composer whose
  // storage is switched on while in use) the text stays `initialText()`: that
  // draft when it holds the same text, else a new one, so nothing written
  // there or stored before is replaced. Falls back to an unsaved draft in
  // memory when storage is unusable (onTrouble says so).
  async start(initialText, { keep = false } = {}) {
    const edits = this.#edits;
    try {
      const remembered = rememberedDraft(this.#key);
      const latest = (remembered && await this.#store.get(remembered)) ?? (await this.#store.list())[0];
      const text = keep || !latest ? await initialText() : null;
      const draft = latest && (!keep || latest.text === text)
        ? latest
        : await this.#store.create({ text, ...this.#describe(text) });
      // Kept, the composer's text may have been typed on meanwhile: it stays,
      // and is saved into the draft.
      const typed = keep && this.#edits !== edits ? this.#editor.getText() : null;
      this.#show(draft);
      if (typed !== null && typed !== draft.text) {
        this.#setEditorText(typed);
        this.#changed();
      }
      this.#onTrouble(null);
    } catch (error) {
      this.#draft = { id: null, name: '', title: '', number: null, text: await initialText(), revision: 0 };
      this.#setEditorText(this.#draft.text);
      this.#edits += 1;  // what is in the editor has never been stored
      this.#failure = error;
      this.#troubled(error);
      this.#retryLater();
    }
  }

  // Switches this tab to another draft, saving the current one first.
  async open(id) {
    await this.flush();
    const draft = await this.#store.get(id);
    if (!draft) throw new StorageError('failed', 'That draft no longer exists.');
    this.#show(draft);
  }

  async createDraft(text = '', { name = '' } = {}) {
    await this.flush();
    // (Named once its compose is back: the last one was of another text.)
    const draft = await this.#store.create({ text, title: '', number: null, name });
    this.#show(draft);
    this.#announce('library');
    return draft;
  }

  #show(draft) {
    clearTimeout(this.#timer);
    this.#draft = draft;
    if (this.#conflict) this.#onConflict(null);
    this.#conflict = null;
    this.#failures = 0;
    this.#failure = null;
    this.#conflictCopyDue = false;
    this.#lastSnapshotText = draft.text;
    rememberOpenDraft(this.#key, draft.id);
    this.#setEditorText(draft.text);
    this.#savedEdits = this.#edits;
    this.#report('saved');
    this.#scheduleSnapshots();
  }

  #changed() {
    this.#edits += 1;
    if (this.#conflict) return this.#keepConflictCopySoon();
    this.#report('unsaved');
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#save(), SAVE_DELAY_MS);
  }

  // Saves now if anything is unsaved; resolves when that save has settled.
  // Rejects when the text is still unsaved because the save failed (its
  // retries go on): what was about to replace the text (another draft, a
  // reload) must not, and a backup must take the text from here.
  async flush() {
    clearTimeout(this.#timer);
    if (this.#conflictCopyDue) await this.#keepConflictCopy();  // typed in a conflict: kept in history
    if (this.#saving) await this.#saving;
    if (this.dirty && !this.#conflict) await this.#save();
    if (this.dirty && !this.#conflict && this.#failure) throw this.#failure;
  }

  #save() {
    clearTimeout(this.#timer);
    if (this.#closed) return null;
    if (this.#saving || !this.#draft) return this.#saving;
    this.#saving = this.#attempt().finally(() => { this.#saving = null; });
    return this.#saving;
  }

  async #attempt() {
    const edits = this.#edits;
    const text = this.text;
    const draft = this.#draft;
    this.#report('saving');
    try {
      const saved = draft.id === null
        ? await this.#store.create({ text, ...this.#describe(text) })
        : await this.#store.save(draft.id, {
          text, ...this.#describe(text), baseRevision: draft.revision, recreate: this.#recreate,
          snapshotBefore: this.#snapshotBeforeSave,
        });
      if (this.#draft !== draft) return;  // the tab moved to another draft meanwhile
      this.#draft = saved;
      this.#savedEdits = edits;
      this.#failures = 0;
      this.#failure = null;
      this.#recreate = false;
      this.#snapshotBeforeSave = null;
      if (draft.id === null) rememberOpenDraft(this.#key, saved.id);
      this.#announce('saved');
      // This tab's list too, when it is open: a new draft, a new title.
      this.#onLibraryChange();
      if (this.dirty) {
        this.#report('unsaved');
        this.#timer = setTimeout(() => this.#save(), SAVE_DELAY_MS);
      } else {
        this.#report('saved', { at: saved.updated });
      }
      this.#onTrouble(null);
      this.#requestPersistence();
    } catch (error) {
      if (this.#draft !== draft) return;
      if (error.kind === 'conflict') return this.#enterConflict(error.current);
      if (error.kind === 'cleared') this.#recreate = true;
      this.#failure = error;
      this.#troubled(error);
      this.#retryLater();
    }
  }

  // A compose of the text as it is now: when the stored draft is that text but
  // names the issue differently (its save came before the compose read the
  // title and number), the library's list gets them.
  async composed() {
    if (this.#saving) await this.#saving;
    const draft = this.#draft;
    if (!draft?.id || this.dirty || this.#conflict) return;
    const { title, number } = this.#describe(draft.text);
    if (title === draft.title && number === draft.number) return;
    try {
      const described = await this.#store.describe(draft.id, { title, number, revision: draft.revision });
      // A save that started meanwhile holds on to `draft` and stores its own
      // description; another tab's newer revision is the check's to take in.
      if (this.#draft === draft && !this.#saving && described.revision === draft.revision) this.#draft = described;
      this.#onLibraryChange();
      this.#announce('library');
    } catch {
      // the next save reports any trouble, and stores the description too
    }
  }

  #troubled(error) {
    this.#onTrouble(error);
    const retry = RETRY_DELAYS_MS[Math.min(this.#failures, RETRY_DELAYS_MS.length - 1)];
    this.#report('error', { error, retryInMs: retry });
  }

  #retryLater() {
    const delay = RETRY_DELAYS_MS[Math.min(this.#failures, RETRY_DELAYS_MS.length - 1)];
    this.#failures += 1;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#save(), delay);
  }

  #report(state, extra = {}) {
    this.#onStatus({ state, draft: this.#draft, ...extra });
  }

  #announce(type) {
    this.#channel?.postMessage({ type, tabId, draftId: this.#draft?.id, revision: this.#draft?.revision });
  }

  // Any tab: the library changed (save, create, rename, trash…).
  announceLibraryChange() {
    this.#announce('library');
  }

  #onMessage(message) {
    if (message?.tabId === tabId) return;
    this.#onLibraryChange();
    if (message.type === 'saved' && message.draftId === this.#draft?.id && message.revision > this.#draft.revision) {
      this.#checkForNewer();
    }
  }

  // Compares this tab's draft with the stored one: takes a newer revision when
  // nothing here is unsaved, else enters (or updates) the conflict; a draft
  // gone from storage means the browser cleared it, so it is written back.
  refresh() {
    return this.#checkForNewer();
  }

  async #checkForNewer() {
    if (!this.#draft?.id || this.#closed) return;
    if (this.#saving) await this.#saving;
    const id = this.#draft?.id;
    if (!id) return;
    let stored;
    try {
      stored = await this.#store.get(id);
    } catch {
      return;  // a save will report the trouble
    }
    // The tab opened another draft meanwhile: what was read is not its draft.
    if (this.#draft?.id !== id) return;
    // A save of this tab's that started meanwhile may be what was read; it
    // settles any conflict or clearing itself.
    if (this.#saving) return;
    if (!stored) {
      this.#recreate = true;
      this.#troubled(new StorageError('cleared', 'The stored drafts were cleared by the browser.'));
      this.#edits += 1;
      return this.#save();
    }
    if (stored.revision === this.#draft.revision) {
      this.#draft = stored;  // a rename or trash elsewhere: same text
      return;
    }
    if (stored.revision <= (this.#conflict ?? this.#draft).revision) return;
    if (this.#conflict || this.dirty) {
      this.#enterConflict(stored);
    } else {
      this.#draft = stored;
      this.#setEditorText(stored.text);
      this.#savedEdits = this.#edits;
      this.#report('saved', { at: stored.updated, fromOtherTab: true });
    }
  }

  async #enterConflict(theirs) {
    clearTimeout(this.#timer);
    this.#conflict = theirs;
    await this.#keepConflictCopy();
    if (this.#conflict !== theirs) return;  // the tab opened another draft, or a newer conflict is shown
    this.#report('conflict');
    this.#onConflict({ mine: this.text, theirs });
  }

  #keepConflictCopySoon() {
    clearTimeout(this.#timer);
    this.#conflictCopyDue = true;
    this.#timer = setTimeout(() => this.#keepConflictCopy(), SAVE_DELAY_MS);
  }

  // This tab's text as a history snapshot (one, replaced as it changes), so
  // it is stored even while the writer has not chosen.
  async #keepConflictCopy() {
    this.#conflictCopyDue = false;
    const draft = this.#draft;
    try {
      await this.#store.addSnapshot(draft.id, { text: this.text, reason: REASON.conflictMine });
      await this.#store.pruneHistory(draft.id, REASON.conflictMine, 1);
    } catch (error) {
      this.#troubled(error);
    }
  }

  // choice: 'theirs' (take the other tab's text; this tab's stays in history),
  // 'mine' (keep this tab's; the other's goes to history), 'copy' (this tab's
  // text becomes a new draft; the original keeps the other tab's).
  // `copyName`: the 'copy' draft's name, in the interface's language.
  async resolveConflict(choice, { copyName = null } = {}) {
    const theirs = this.#conflict;
    if (!theirs) return;
    if (choice === 'theirs') {
      if (this.#conflictCopyDue) await this.#keepConflictCopy();
      this.#show(theirs);
    } else if (choice === 'mine') {
      this.#conflict = null;
      this.#draft = { ...this.#draft, revision: theirs.revision };
      this.#snapshotBeforeSave = REASON.overwritten;
      this.#edits += 1;
      await this.#save();
    } else if (choice === 'copy') {
      const mine = this.text;
      const copy = await this.#store.create({ text: mine, ...this.#describe(mine), name: copyName ?? `${displayName(theirs)} (this tab's version)` });
      this.#show(copy);
      this.#announce('library');
    }
  }

  // Keeps the current text as a snapshot before a bulk change (import, fix
  // all, reorder, restore). Resolves once it is stored.
  async snapshot(reason) {
    const text = this.text;
    const draft = this.#draft;
    if (!draft?.id) return null;
    const entry = await this.#store.addSnapshot(draft.id, { text, reason, revision: draft.revision });
    if (this.#draft?.id === draft.id) this.#lastSnapshotText = text;
    return entry;
  }

  // Replaces the text with a snapshot's, keeping the current text as a
  // snapshot first; returns that snapshot, which `restore` takes back (undo).
  // An entry of another draft (an undo offered before the tab opened
  // another) is refused.
  async restore(entry) {
    if (entry.draftId !== this.#draft?.id) throw new StorageError('failed', 'That version belongs to another draft.');
    let before = await this.snapshot(REASON.beforeRestore);
    // Another tab's save taken in meanwhile is kept as well.
    if (before && before.text !== this.text) before = await this.snapshot(REASON.beforeRestore);
    this.#setEditorText(entry.text);
    this.#changed();
    await this.flush().catch(() => {});  // a failed save is on screen, and retried
    return before;
  }

  history() {
    return this.#draft?.id ? this.#store.history(this.#draft.id) : Promise.resolve([]);
  }

  #scheduleSnapshots() {
    clearInterval(this.#snapshotTimer);
    this.#snapshotTimer = setInterval(() => this.#intervalSnapshot(), this.#snapshotIntervalMs);
  }

  async #intervalSnapshot() {
    const draft = this.#draft;
    const text = this.text;
    if (!draft?.id || text === this.#lastSnapshotText) return;
    try {
      await this.#store.addSnapshot(draft.id, { text, reason: REASON.interval, revision: draft.revision });
      await this.#store.pruneHistory(draft.id, REASON.interval, INTERVAL_SNAPSHOTS_KEPT);
      if (this.#draft?.id === draft.id) this.#lastSnapshotText = text;
    } catch {
      // The next autosave reports storage trouble; a missed snapshot is retried next interval.
    }
  }

  // Asks the browser not to evict the drafts under storage pressure; once
  // per page, after the first save shows the site is in use.
  #persistenceAsked = false;
  #requestPersistence() {
    if (this.#persistenceAsked || !navigator.storage?.persist) return;
    this.#persistenceAsked = true;
    navigator.storage.persist().catch(() => {});
  }
}
