// The drafts library in IndexedDB. Every write is one transaction, so a draft
// is replaced whole or not at all; a save counts as done only once its
// transaction has completed and a fresh read returns exactly what was written.
// Each draft carries a revision: a save names the revision it started from and
// is refused when the stored one moved on (another tab saved), so no tab
// overwrites text it has not seen.
//
// Stores: drafts {id, name, title, number, text, created, updated, revision,
// deletedAt}; history {id, draftId, at, reason, text, revision}, indexed by
// draftId. `name` is what the writer typed (rename); `title` and `number`
// come from the last compose. Times are milliseconds since the epoch.

const DB_NAME = 'issue-composer';
const DB_VERSION = 1;

export class StorageError extends Error {
  // kind: 'unavailable' (no IndexedDB, or opening it was refused), 'quota'
  // (the disk or the browser's quota is full), 'cleared' (a draft this tab had
  // saved is gone: the browser cleared the site's data), 'conflict' (another
  // tab saved a newer revision: `current` holds it), 'verify' (the read-back
  // differed), 'failed' (anything else).
  constructor(kind, message, { cause, current } = {}) {
    super(message, { cause });
    this.name = 'StorageError';
    this.kind = kind;
    this.current = current;
  }
}

function storageError(error, fallbackMessage) {
  if (error instanceof StorageError) return error;
  const name = error?.name ?? '';
  if (name === 'QuotaExceededError' || /quota/i.test(error?.message ?? '')) {
    return new StorageError('quota', 'The browser has no room left for drafts (quota exceeded).', { cause: error });
  }
  if (name === 'SecurityError' || name === 'InvalidStateError' && !globalThis.indexedDB) {
    return new StorageError('unavailable', 'This browser refuses to store drafts for this page.', { cause: error });
  }
  return new StorageError('failed', `${fallbackMessage}: ${error?.message ?? error}`, { cause: error });
}

function requestResult(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

// Resolves once the transaction has committed; rejects with the reason it
// aborted (a failed request, a quota error, or an explicit abort).
function transactionDone(transaction) {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onabort = () => reject(transaction.error ?? transaction.abortReason
      ?? new DOMException('The transaction was aborted.', 'AbortError'));
    transaction.onerror = (event) => event.preventDefault();  // reported by onabort
  });
}

function upgrade(db) {
  const drafts = db.createObjectStore('drafts', { keyPath: 'id' });
  drafts.createIndex('updated', 'updated');
  const history = db.createObjectStore('history', { keyPath: 'id', autoIncrement: true });
  history.createIndex('draftId', 'draftId');
}

export function newDraftId() {
  return crypto.randomUUID ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

// What a list shows: no text, so listing 100 drafts of 1 MB stays cheap to render.
export function draftSummary({ text, ...rest }) {
  return { ...rest, size: text.length };
}

// A draft's name as shown: its own, else its issue's title, else `untitled`
// (the interface's words for it).
export function displayName(draft, untitled = 'Untitled draft') {
  return draft.name || draft.title || untitled;
}

export class DraftStore {
  #dbName;
  #db = null;
  #opening = null;
  #onClose;

  // onClose() runs when the browser closes the database under the page (its
  // data was cleared, or the browser is shutting down); the next call reopens.
  constructor({ dbName = DB_NAME, onClose = () => {} } = {}) {
    this.#dbName = dbName;
    this.#onClose = onClose;
  }

  // Later callers of onClose (attachDrafts) replace the constructor's.
  set onClose(listener) { this.#onClose = listener; }

  // Starts opening the database now, rather than at the first read or write:
  // the page calls it first thing, so that the opening overlaps setting up
  // the editor. Trouble is reported by the calls that need the database.
  open() {
    this.#open().catch(() => {});
  }

  async #open() {
    if (this.#db) return this.#db;
    this.#opening ??= new Promise((resolve, reject) => {
      if (!globalThis.indexedDB) {
        reject(new StorageError('unavailable', 'This browser has no IndexedDB, so drafts cannot be stored.'));
        return;
      }
      let request;
      try {
        request = indexedDB.open(this.#dbName, DB_VERSION);
      } catch (error) {
        reject(new StorageError('unavailable', `This browser refuses to store drafts: ${error.message}`, { cause: error }));
        return;
      }
      request.onupgradeneeded = () => upgrade(request.result);
      request.onsuccess = () => {
        const db = request.result;
        db.onclose = () => {
          if (this.#db === db) this.#db = null;
          this.#onClose();
        };
        // A newer version of the app in another tab wants to upgrade: let it.
        db.onversionchange = () => {
          db.close();
          if (this.#db === db) this.#db = null;
        };
        this.#db = db;
        resolve(db);
      };
      request.onerror = () => reject(new StorageError('unavailable',
        `This browser refuses to store drafts: ${request.error?.message ?? 'opening the database failed'}`,
        { cause: request.error }));
      request.onblocked = () => reject(new StorageError('failed',
        'Another tab holds an older version of the drafts database open; close it and try again.'));
    }).finally(() => { this.#opening = null; });
    return this.#opening;
  }

  // Runs work(stores, transaction) in one transaction and resolves with its
  // result once the transaction has committed.
  async #transact(storeNames, mode, work, what) {
    try {
      const db = await this.#open();
      // Strict: a save is reported only once it is on disk, so it survives
      // the browser being killed right after.
      const options = mode === 'readwrite' ? { durability: 'strict' } : undefined;
      let transaction;
      try {
        transaction = db.transaction(storeNames, mode, options);
      } catch (error) {
        // The connection closed between open and use (data cleared): retry once.
        if (error.name !== 'InvalidStateError') throw error;
        this.#db = null;
        transaction = (await this.#open()).transaction(storeNames, mode, options);
      }
      const done = transactionDone(transaction);
      const stores = Object.fromEntries(storeNames.map((name) => [name, transaction.objectStore(name)]));
      let result;
      try {
        result = await work(stores, transaction);
      } catch (error) {
        try { transaction.abort(); } catch { /* already finished */ }
        await done.catch(() => {});
        throw error;
      }
      await done;
      return result;
    } catch (error) {
      throw storageError(error, what);
    }
  }

  close() {
    this.#db?.close();
    this.#db = null;
  }

  async list({ trash = false } = {}) {
    const library = await this.library();
    return trash ? library.trash : library.drafts;
  }

  // { drafts, trash }, each as list() orders it, from one read of the store:
  // a read copies every draft's text, which the library, listed at each key
  // typed into its search, did twice.
  async library() {
    const all = await this.#transact(['drafts'], 'readonly', ({ drafts }) => requestResult(drafts.getAll()),
      'Listing drafts failed');
    return {
      drafts: all.filter((draft) => draft.deletedAt === null).sort((a, b) => b.updated - a.updated),
      trash: all.filter((draft) => draft.deletedAt !== null).sort((a, b) => b.deletedAt - a.deletedAt),
    };
  }

  async get(id) {
    return (await this.#transact(['drafts'], 'readonly', ({ drafts }) => requestResult(drafts.get(id)),
      'Reading the draft failed')) ?? null;
  }

  async create({ text = '', name = '', title = '', number = null, id = newDraftId() } = {}) {
    const now = Date.now();
    const draft = { id, name, title, number, text, created: now, updated: now, revision: 1, deletedAt: null };
    await this.#transact(['drafts'], 'readwrite', ({ drafts }) => requestResult(drafts.add(draft)),
      'Creating the draft failed');
    return this.#verified(draft);
  }

  // Writes the draft's text and description, as the revision after
  // `baseRevision`. Refuses with 'conflict' when the stored revision is not
  // `baseRevision`, and with 'cleared' when the draft is gone although this tab
  // had saved it, unless `recreate` says to write it back anyway. Resolves with
  // the stored record once it has been read back.
  async save(id, { text, title, number, baseRevision, recreate = false, snapshotBefore = null }) {
    const saved = await this.#transact(['drafts', 'history'], 'readwrite', async ({ drafts, history }) => {
      const current = await requestResult(drafts.get(id));
      if (!current && !recreate) {
        throw new StorageError('cleared', 'The stored drafts were cleared by the browser.');
      }
      if (current && current.revision !== baseRevision) {
        throw new StorageError('conflict', 'Another tab saved a newer version of this draft.', { current });
      }
      const now = Date.now();
      const record = current
        ? { ...current, text, title, number, updated: now, revision: current.revision + 1 }
        : { id, name: '', title, number, text, created: now, updated: now, revision: baseRevision + 1, deletedAt: null };
      if (snapshotBefore && current) {
        history.add({ draftId: id, at: now, reason: snapshotBefore, text: current.text, revision: current.revision });
      }
      drafts.put(record);
      return record;
    }, 'Saving the draft failed');
    return this.#verified(saved);
  }

  // Changes only the fields given (name, deletedAt), keeping the text and
  // revision; with `revision`, only that revision (else the record is left
  // as it is, and returned).
  async #update(id, changes, what, revision = null) {
    return this.#transact(['drafts'], 'readwrite', async ({ drafts }) => {
      const current = await requestResult(drafts.get(id));
      if (!current) throw new StorageError('failed', `${what}: the draft no longer exists.`);
      if (revision !== null && current.revision !== revision) return current;
      const record = { ...current, ...changes };
      drafts.put(record);
      return record;
    }, what);
  }

  // The title and number as the compose of the text of `revision`
  // read them (another tab's newer revision keeps its own).
  describe(id, { title, number, revision }) {
    return this.#update(id, { title, number }, 'Saving the draft\'s title failed', revision);
  }

  rename(id, name) {
    return this.#update(id, { name: name.trim() }, 'Renaming the draft failed');
  }

  trash(id) {
    return this.#update(id, { deletedAt: Date.now() }, 'Moving the draft to the trash failed');
  }

  untrash(id) {
    return this.#update(id, { deletedAt: null }, 'Restoring the draft from the trash failed');
  }

  // `name(source)`: the copy's name, in the interface's language.
  async duplicate(id, { name = (source) => `${displayName(source)} (copy)` } = {}) {
    const source = await this.get(id);
    if (!source) throw new StorageError('failed', 'Duplicating the draft failed: it no longer exists.');
    return this.create({ text: source.text, name: name(source), title: source.title, number: source.number });
  }

  // Removes a draft and its history for good (from the trash).
  async purge(id) {
    await this.#transact(['drafts', 'history'], 'readwrite', async ({ drafts, history }) => {
      drafts.delete(id);
      const keys = await requestResult(history.index('draftId').getAllKeys(id));
      for (const key of keys) history.delete(key);
    }, 'Deleting the draft failed');
  }

  async addSnapshot(draftId, { text, reason, revision = null, at = Date.now() }) {
    const entry = { draftId, at, reason, text, revision };
    entry.id = await this.#transact(['history'], 'readwrite', ({ history }) => requestResult(history.add(entry)),
      'Saving a history snapshot failed');
    return entry;
  }

  // Newest first.
  async history(draftId) {
    const entries = await this.#transact(['history'], 'readonly',
      ({ history }) => requestResult(history.index('draftId').getAll(draftId)), 'Reading the history failed');
    return entries.sort((a, b) => b.at - a.at || b.id - a.id);
  }

  // Keeps the newest `keep` snapshots of a draft whose reason is `reason`.
  async pruneHistory(draftId, reason, keep) {
    await this.#transact(['history'], 'readwrite', async ({ history }) => {
      const entries = (await requestResult(history.index('draftId').getAll(draftId)))
        .filter((entry) => entry.reason === reason)
        .sort((a, b) => b.at - a.at || b.id - a.id);
      for (const entry of entries.slice(keep)) history.delete(entry.id);
    }, 'Pruning the history failed');
  }

  // Every draft (trash included) with its history, for a backup.
  async everything() {
    return this.#transact(['drafts', 'history'], 'readonly', async ({ drafts, history }) => {
      const [allDrafts, allHistory] = await Promise.all([requestResult(drafts.getAll()), requestResult(history.getAll())]);
      return { drafts: allDrafts, history: allHistory };
    }, 'Reading the drafts for a backup failed');
  }

  // Writes a restored backup in one transaction: every draft or none. A draft
  // whose id exists with other text keeps that text as a snapshot
  // ('before-import') and takes the backup's; snapshots already present
  // (same time, reason and text) are not added twice. Resolves with counts.
  async restore(backup) {
    const counts = { added: 0, replaced: 0, unchanged: 0, snapshots: 0 };
    await this.#transact(['drafts', 'history'], 'readwrite', async ({ drafts, history }) => {
      const now = Date.now();
      for (const { history: snapshots, ...draft } of backup.drafts) {
        const current = await requestResult(drafts.get(draft.id));
        const existing = current ? await requestResult(history.index('draftId').getAll(draft.id)) : [];
        if (!current) {
          drafts.put(draft);
          counts.added += 1;
        } else if (current.text === draft.text) {
          counts.unchanged += 1;
        } else {
          history.add({ draftId: draft.id, at: now, reason: 'before-import', text: current.text, revision: current.revision });
          drafts.put({ ...draft, revision: Math.max(current.revision, draft.revision) + 1 });
          counts.replaced += 1;
        }
        for (const entry of snapshots) {
          const known = existing.some((other) => other.at === entry.at && other.reason === entry.reason && other.text === entry.text);
          if (known) continue;
          history.add({ draftId: draft.id, at: entry.at, reason: entry.reason, text: entry.text, revision: entry.revision });
          counts.snapshots += 1;
        }
      }
    }, 'Restoring the backup failed');
    return counts;
  }

  // Reads the record back in a new transaction: only what can be read after
  // the commit counts as saved.
  async #verified(record) {
    const stored = await this.get(record.id);
    if (!stored || stored.revision !== record.revision || stored.text !== record.text) {
      throw new StorageError('verify', 'The saved draft did not read back as written.');
    }
    return stored;
  }
}
