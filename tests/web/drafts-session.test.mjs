// The session's timing rules in Node, with a scripted store and clock: the
// save that autosave starts, a check for newer text that reads this tab's own
// save while it is being confirmed, retries after failures.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, mock, test } from 'node:test';
import { DraftSession, SAVE_DELAY_MS } from '../../web/drafts/session.mjs';
import { StorageError } from '../../web/drafts/store.mjs';

const deferred = () => {
  let resolve;
  let reject;
  const promise = new Promise((yes, no) => { resolve = yes; reject = no; });
  return { promise, resolve, reject };
};
const settle = () => new Promise((resolve) => setImmediate(resolve));

// A store whose reads and saves wait until the test lets them finish.
class ScriptedStore {
  records = new Map();
  gets = [];
  saves = [];

  async list() { return [...this.records.values()]; }

  get(id) {
    const gate = deferred();
    this.gets.push(gate);
    return gate.promise.then(() => this.records.get(id) ?? null);
  }

  // Commits when the test resolves `commit`, and is confirmed (read back)
  // when it resolves `confirm`; a rejected `commit` is a failed save.
  async save(id, { text, title, number, baseRevision }) {
    const gates = { commit: deferred(), confirm: deferred() };
    this.saves.push(gates);
    await gates.commit.promise;
    const current = this.records.get(id);
    if (current.revision !== baseRevision) throw new StorageError('conflict', 'newer elsewhere', { current });
    const record = { ...current, text, title, number, revision: current.revision + 1, updated: Date.now() };
    this.records.set(id, record);
    await gates.confirm.promise;
    return record;
  }

  async describe(id, { title, number, revision }) {
    await null;  // (read in a transaction of its own, after the caller goes on)
    if (this.records.get(id).revision !== revision) return this.records.get(id);
    const record = { ...this.records.get(id), title, number };
    this.records.set(id, record);
    return record;
  }

  createGate = null;  // a deferred the next create waits for

  async create({ text, name = '', title = '', number = null }) {
    const gate = this.createGate;
    this.createGate = null;
    await gate?.promise;
    const record = { id: `n${this.records.size}`, name, title, number, text, revision: 1, updated: 0, deletedAt: null };
    this.records.set(record.id, record);
    return record;
  }

  history = [];

  snapshotGate = null;  // a deferred the next snapshot waits for

  async addSnapshot(draftId, entry) {
    const gate = this.snapshotGate;
    this.snapshotGate = null;
    await gate?.promise;
    this.history.push({ draftId, ...entry });
    return { draftId, ...entry };
  }

  async pruneHistory() {}
}

function editor(initial = '') {
  let text = initial;
  const listeners = [];
  return {
    getText: () => text,
    setText: (next) => { text = next; },
    onChange: (listener) => listeners.push(listener),
    type: (more) => { text += more; listeners.forEach((listener) => listener()); },
  };
}

beforeEach(() => {
  mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  // A page's globals, as far as the session uses them; no BroadcastChannel,
  // whose open channel would keep Node running after the tests.
  Object.assign(globalThis, {
    addEventListener: () => {}, document: { visibilityState: 'visible' }, navigator: {}, BroadcastChannel: undefined,
  });
});

afterEach(() => mock.timers.reset());

async function started({ describe } = {}) {
  const store = new ScriptedStore();
  store.records.set('d', { id: 'd', name: '', title: '', number: null, text: 'one', revision: 1, updated: 0, deletedAt: null });
  const input = editor();
  const states = [];
  const conflicts = [];
  const session = new DraftSession({
    store, editor: input, describe, onStatus: ({ state }) => states.push(state), onConflict: (c) => conflicts.push(c),
  });
  await session.start(async () => '');
  return { store, input, session, states, conflicts };
}

// ' mine' typed, as another tab saves 'one theirs': the check finds a conflict.
async function typedIntoConflict({ store, input, session }) {
  input.type(' mine');
  store.records.set('d', { ...store.records.get('d'), text: 'one theirs', revision: 2 });
  const check = session.refresh();
  store.gets[0].resolve();
  await check;
  await settle();
}

const otherDraft = { id: 'e', name: '', title: 'Other', number: null, text: 'other', revision: 1, updated: 0, deletedAt: null };

test('a check that reads this tab\'s own save while it is confirmed is no conflict', async () => {
  const { store, input, session, states, conflicts } = await started();
  input.type(' two');
  const check = session.refresh();  // its read is under way…
  mock.timers.tick(SAVE_DELAY_MS);  // …when autosave starts the save
  assert.equal(store.saves.length, 1);
  store.saves[0].commit.resolve();  // committed: the record has revision 2…
  await settle();
  store.gets[0].resolve();  // …and the check reads it before the save is confirmed
  await settle();
  store.saves[0].confirm.resolve();
  await check;
  await settle();
  assert.deepEqual(conflicts, []);
  assert.equal(states.at(-1), 'saved');
  assert.equal(session.draft.revision, 2);
  assert.equal(session.dirty, false);
});

test('a newer revision from elsewhere while typing is a conflict, and nothing is written over it', async () => {
  const { store, input, session, conflicts } = await started();
  await typedIntoConflict({ store, input, session });
  assert.equal(conflicts.length, 1);
  assert.equal(conflicts[0].theirs.text, 'one theirs');
  mock.timers.tick(10 * SAVE_DELAY_MS);
  assert.equal(store.saves.length, 0, 'no autosave while the writer chooses');
  assert.equal(store.records.get('d').text, 'one theirs');
  assert.ok(session.inConflict);
});

test('keeping both versions of a conflict makes this tab\'s text a new draft, named as the interface asks', async () => {
  const { store, input, session } = await started();
  store.records.set('d', { ...store.records.get('d'), name: 'Issue 28' });
  await typedIntoConflict({ store, input, session });
  await session.resolveConflict('copy', { copyName: 'Issue 28（本标签页的版本）' });
  const copy = [...store.records.values()].find((record) => record.id !== 'd');
  assert.equal(copy.text, 'one mine');
  assert.equal(copy.name, 'Issue 28（本标签页的版本）');
  assert.equal(store.records.get('d').text, 'one theirs');
  assert.equal(session.draft.id, copy.id);
  assert.ok(!session.inConflict);
});

test('a check under way when the tab opens another draft leaves that draft alone', async () => {
  const { store, input, session, conflicts } = await started();
  store.records.set('e', otherDraft);
  // Saved elsewhere meanwhile: the check will read a newer revision of 'd'.
  store.records.set('d', { ...store.records.get('d'), text: 'one theirs', revision: 2 });
  const check = session.refresh();  // reads 'd'…
  const opened = session.open('e');  // …while the writer opens 'e'
  await settle();
  store.gets[1].resolve();
  await opened;
  store.gets[0].resolve();
  await check;
  await settle();
  assert.equal(session.draft.id, 'e');
  assert.equal(input.getText(), 'other');
  assert.equal(session.text, 'other');
  assert.deepEqual(conflicts, []);
});

test('while saves fail, opening another draft is refused and the text stays, to be saved when there is room', async () => {
  const { store, input, session, states } = await started();
  store.records.set('e', otherDraft);
  input.type(' and an hour of writing');
  mock.timers.tick(SAVE_DELAY_MS);
  store.saves[0].commit.reject(new StorageError('quota', 'full'));
  await settle();
  const opening = session.open('e');
  await settle();
  store.saves[1].commit.reject(new StorageError('quota', 'full'));  // the save open() makes first fails too
  await assert.rejects(opening, { kind: 'quota' });
  assert.equal(session.draft.id, 'd');
  assert.equal(input.getText(), 'one and an hour of writing');
  assert.equal(states.at(-1), 'error');
  mock.timers.tick(1000);  // the retry, with room again
  store.saves[2].commit.resolve();
  store.saves[2].confirm.resolve();
  await settle();
  assert.equal(store.records.get('d').text, 'one and an hour of writing');
  assert.equal(session.dirty, false);
  const reopened = session.open('e');  // now it opens
  await settle();
  store.gets.at(-1).resolve();
  await reopened;
  assert.equal(input.getText(), 'other');
});

test('a title stored as another tab saves a newer revision leaves that revision to the check for newer text', async () => {
  let outline = { title: '', number: null };
  const { store, input, session, conflicts } = await started({ describe: () => outline });
  outline = { title: 'Mine', number: 1 };
  const composed = session.composed();  // a compose of this tab's revision 1 names it…
  // …as another tab saves revision 2 (the describe below finds it there).
  store.records.set('d', { ...store.records.get('d'), text: 'one theirs', revision: 2 });
  await composed;
  assert.equal(session.draft.revision, 1, 'the draft shown is still the revision in the editor');
  assert.equal(store.records.get('d').title, '', 'the other tab\'s revision keeps its own name');
  const check = session.refresh();
  store.gets.at(-1).resolve();
  await check;
  assert.equal(input.getText(), 'one theirs', 'the check takes the newer revision in');
  assert.equal(session.text, 'one theirs');
  assert.deepEqual(conflicts, []);
});

test('a new draft is named by its own compose, not after the draft that was open', async () => {
  const { store, session } = await started({ describe: () => ({ title: 'The open draft', number: 27 }) });
  const made = await session.createDraft('# Something else\n');
  assert.deepEqual([store.records.get(made.id).title, store.records.get(made.id).number], ['', null]);
});

test('a version of another draft (an undo offered before the tab switched) is not restored into this one', async () => {
  const { store, input, session } = await started();
  store.records.set('e', otherDraft);
  const opening = session.open('e');
  await settle();
  store.gets.at(-1).resolve();
  await opening;
  await assert.rejects(session.restore({ draftId: 'd', text: 'one, older', reason: 'interval' }));
  assert.equal(input.getText(), 'other');
  assert.equal(session.dirty, false);
});

test('what is typed in a conflict just before the writer leaves the draft is kept in its history', async () => {
  const { store, input, session } = await started();
  await typedIntoConflict({ store, input, session });
  assert.ok(session.inConflict);
  input.type(' and the last words');
  mock.timers.tick(SAVE_DELAY_MS - 50);  // before the copy of this tab's text is due…
  await session.createDraft('');  // …New
  assert.ok(store.history.some(({ text }) => text === 'one mine and the last words'));
});

test('another tab\'s save taken in while a restore keeps the text it replaces is kept too', async () => {
  const { store, input, session } = await started();
  const gate = deferred();
  store.snapshotGate = gate;
  const restoring = session.restore({ draftId: 'd', text: 'zero', reason: 'interval' });
  // While the text before the restore is being kept, another tab saves
  // revision 2, and this tab (nothing unsaved) takes it in.
  store.records.set('d', { ...store.records.get('d'), text: 'two, theirs', revision: 2 });
  const check = session.refresh();
  await settle();
  store.gets.at(-1).resolve();
  await check;
  assert.equal(input.getText(), 'two, theirs');
  gate.resolve();
  await settle();
  store.saves.at(-1).commit.resolve();
  store.saves.at(-1).confirm.resolve();
  await restoring;
  assert.equal(store.records.get('d').text, 'zero');
  assert.ok(store.history.some(({ text }) => text === 'two, theirs'), 'the other tab\'s text is in the history');
});

test('storage switched on for a composer in use: what is typed while the draft is made stays, and is saved', async () => {
  const store = new ScriptedStore();
  const input = editor('the text in the composer');
  const session = new DraftSession({ store, editor: input });
  const gate = deferred();
  store.createGate = gate;
  const starting = session.start(async () => input.getText(), { keep: true });
  await settle();  // the draft is being made of the text…
  input.type(' and what is typed meanwhile');
  gate.resolve();
  await starting;
  assert.equal(input.getText(), 'the text in the composer and what is typed meanwhile');
  mock.timers.tick(SAVE_DELAY_MS);
  store.saves[0].commit.resolve();
  store.saves[0].confirm.resolve();
  await settle();
  assert.equal(store.records.get(session.draft.id).text, 'the text in the composer and what is typed meanwhile');
});

test('a failed save is reported at once and retried until it succeeds', async () => {
  const { store, input, session, states } = await started();
  input.type(' two');
  mock.timers.tick(SAVE_DELAY_MS);
  store.saves[0].commit.reject(new StorageError('quota', 'full'));
  await settle();
  assert.equal(states.at(-1), 'error');
  mock.timers.tick(500);
  assert.equal(store.saves.length, 2);
  store.saves[1].commit.reject(new StorageError('quota', 'full'));
  await settle();
  mock.timers.tick(999);
  assert.equal(store.saves.length, 2, 'the second retry waits longer');
  mock.timers.tick(1);
  store.saves[2].commit.resolve();
  store.saves[2].confirm.resolve();
  await settle();
  assert.equal(states.at(-1), 'saved');
  assert.equal(store.records.get('d').text, 'one two');
  assert.equal(session.dirty, false);
});

test('a save made before the compose read the title gets it from the compose, and a save under way keeps its own result', async () => {
  let outline = { title: '', number: null };  // the last compose's, as the page's describe() gives it
  const { store, input, session, conflicts } = await started({ describe: () => outline });
  const saveNow = async () => {
    mock.timers.tick(SAVE_DELAY_MS);
    store.saves.at(-1).commit.resolve();
    store.saves.at(-1).confirm.resolve();
    await settle();
  };
  input.type('\n# Weekly — #28');
  await saveNow();  // saved before its compose came back
  assert.deepEqual([store.records.get('d').title, store.records.get('d').number], ['', null]);
  outline = { title: 'Weekly — #28', number: 28 };
  await session.composed();
  assert.deepEqual([store.records.get('d').title, store.records.get('d').number], ['Weekly — #28', 28]);
  assert.equal(store.records.get('d').revision, 2, 'the text did not change: no new revision');

  input.type('\n\nMore.');
  mock.timers.tick(SAVE_DELAY_MS);  // a save is under way…
  outline = { title: 'Weekly — #29', number: 29 };
  const composed = session.composed();  // …when a compose names the issue otherwise
  store.saves.at(-1).commit.resolve();
  store.saves.at(-1).confirm.resolve();
  await composed;
  assert.equal(session.draft.revision, 3, 'the save under way was kept');
  assert.equal(store.records.get('d').number, 29);
  input.type(' Even more.');
  await saveNow();
  assert.deepEqual(conflicts, []);
  assert.equal(store.records.get('d').revision, 4);
  assert.equal(store.records.get('d').text, 'one\n# Weekly — #28\n\nMore. Even more.');
});

test('a draft first stored after storage trouble at the start is the one this tab reopens', async () => {
  const remembered = new Map();
  globalThis.sessionStorage = { getItem: (key) => remembered.get(key) ?? null, setItem: (key, value) => remembered.set(key, value) };
  const store = new ScriptedStore();
  store.list = async () => { throw new StorageError('unavailable', 'refused'); };
  const input = editor();
  const session = new DraftSession({ store, editor: input });
  await session.start(async () => 'first visit');
  assert.equal(session.draft.id, null);
  mock.timers.tick(500);  // the retry creates the draft
  await settle();
  assert.ok(session.draft.id);
  assert.deepEqual([...remembered], [['issue-composer:open-draft', session.draft.id]]);
  delete globalThis.sessionStorage;
});
