// Drafts that never lose a word, in headless Chromium: autosave through
// reloads, closed tabs, renderer crashes and a killed browser; the app
// offline after one visit; two tabs on one draft; storage that is full or
// cleared under the page; backups restored byte for byte into a fresh
// profile; the drafts library, history and updates of the app.
import assert from 'node:assert/strict';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import {
  CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, copyOfDist, dist, startServer, temporaryDir, useServerAndBrowser, watchPage,
} from './browser.mjs';

// Typed text must be stored within 500 ms of the last keystroke; the tests
// wait a little longer before they reload, close, crash or kill.
const AFTER_AUTOSAVE_MS = 600;

const shared = useServerAndBrowser();

async function newContext(t) {
  const context = await shared.browser.newContext();
  t.after(() => context.close().catch(() => {}));
  return context;
}

async function waitForSaved(page) {
  await page.waitForFunction(() => document.getElementById('status-save')?.dataset.state === 'saved');
}

// Opens the app and waits until its draft is stored.
async function openApp(context, url = shared.server.url, problems = []) {
  const page = watchPage(await context.newPage(), problems);
  await page.goto(url);
  await waitForSaved(page);
  return page;
}

// The editor's text, through the page's own handle.
function editorText(page) {
  return page.evaluate(async () => (await import('./app.mjs')).composer.getText());
}

// Waits until the editor's text { includes, endsWith, equals } the text given.
// (Polled from here: Playwright's waitForFunction does not await an async
// predicate, and takes its promise for a truthy answer.)
function waitForEditorText(page, { includes, endsWith, equals }) {
  return eventually(() => editorText(page), (text) => (includes === undefined || text.includes(includes))
    && (endsWith === undefined || text.endsWith(endsWith)) && (equals === undefined || text === equals));
}

async function typeAtEnd(page, text) {
  await page.getByRole('textbox', { name: 'Issue source' }).focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

// Every draft and snapshot in the page's IndexedDB, read with the raw API so
// the test does not trust the code it checks.
function storedLibrary(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const request = indexedDB.open('issue-composer');
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const transaction = db.transaction(['drafts', 'history'], 'readonly');
      const drafts = transaction.objectStore('drafts').getAll();
      const history = transaction.objectStore('history').getAll();
      transaction.oncomplete = () => {
        db.close();
        resolve({ drafts: drafts.result, history: history.result });
      };
    };
  }));
}

async function storedTexts(page) {
  return (await storedLibrary(page)).drafts.map((draft) => draft.text);
}

// Polls read() until check(result) holds, and returns that result.
async function eventually(read, check, timeoutMs = TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await read();
    if (check(result)) return result;
    if (Date.now() > deadline) throw new Error(`still not so after ${timeoutMs} ms: ${JSON.stringify(result).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function downloadOf(page, click) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

// Types a line, lets autosave store it, types more and gives the page no time
// to store that: the first line must survive whatever `interrupt` does.
async function typeThenInterrupt(page, interrupt) {
  const kept = `\nKept line ${Date.now()}`;
  await typeAtEnd(page, kept);
  await page.waitForTimeout(AFTER_AUTOSAVE_MS);
  await page.keyboard.type(' and a tail typed just before');
  await interrupt();
  return kept;
}

function assertKept(text, kept) {
  assert.ok(text.includes(kept), `${JSON.stringify(kept)} is missing; the text ends ${JSON.stringify(text.slice(-120))}`);
}

test('a reload in the middle of typing keeps everything typed more than 500 ms before', async (t) => {
  const context = await newContext(t);
  const page = await openApp(context);
  const kept = await typeThenInterrupt(page, () => page.reload());
  await waitForSaved(page);
  assertKept(await editorText(page), kept);
});

test('closing the tab in the middle of typing keeps what was typed', async (t) => {
  const context = await newContext(t);
  const page = await openApp(context);
  const kept = await typeThenInterrupt(page, () => page.close());
  const reopened = await openApp(context);
  assertKept(await editorText(reopened), kept);
});

test('a crashed renderer loses nothing typed more than 500 ms before', async (t) => {
  const context = await newContext(t);
  const page = await openApp(context);
  const cdp = await context.newCDPSession(page);
  const kept = await typeThenInterrupt(page, async () => {
    const crashed = page.waitForEvent('crash');
    cdp.send('Page.crash').catch(() => {});  // never answers: the renderer is gone
    await crashed;
  });
  const reopened = await openApp(context);
  assertKept(await editorText(reopened), kept);
});

// The browser's main process for a profile: the one process given that
// --user-data-dir without a --type (renderers, GPU and utilities have one).
async function browserProcessOf(userDataDir) {
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (args.includes(`--user-data-dir=${userDataDir}`) && !args.some((arg) => arg.startsWith('--type='))) return Number(pid);
  }
  throw new Error(`no browser process for ${userDataDir}`);
}

test('a killed browser, relaunched on the same profile, has everything typed more than 500 ms before', async (t) => {
  const profile = await temporaryDir(t, 'composer-profile-');
  const launch = () => chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const first = await launch();
  const page = await openApp(first);
  const kept = await typeThenInterrupt(page, async () => {
    const closed = new Promise((resolve) => first.once('close', resolve));
    process.kill(await browserProcessOf(profile), 'SIGKILL');
    await closed;
  });
  const second = await launch();
  try {
    const reopened = await openApp(second);
    assertKept(await editorText(reopened), kept);
  } finally {
    await second.close();
  }
});

test('after one visit the app loads, composes and saves with the server stopped', async (t) => {
  const own = await startServer(await copyOfDist(t));
  t.after(() => own.stop());
  const context = await newContext(t);
  const problems = [];
  const page = await openApp(context, own.url, problems);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await own.stop();

  await page.reload();
  await waitForSaved(page);
  await page.getByRole('status').filter({ hasText: /^Composed/ }).waitFor();
  await typeAtEnd(page, '\n## 6. Written offline\n');
  await page.frameLocator('#preview-frame').getByRole('heading', { name: 'Written offline' }).waitFor();
  await waitForSaved(page);
  assert.ok((await storedTexts(page)).some((text) => text.includes('## 6. Written offline')));
  await page.reload();
  await waitForSaved(page);
  assert.ok((await editorText(page)).includes('## 6. Written offline'));
  assert.deepEqual(problems, []);
});

test('a new version waits for the writer: "Reload to update", then one cache', async (t) => {
  const dir = await copyOfDist(t);
  const own = await startServer(dir);
  t.after(() => own.stop());
  const context = await newContext(t);
  const page = await openApp(context, own.url);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const before = await page.evaluate(() => caches.keys());
  assert.equal(before.length, 1);

  const manifestFile = path.join(dir, 'precache-manifest.js');
  await writeFile(manifestFile, (await readFile(manifestFile, 'utf8')).replace(/"version": "(\w+)"/, '"version": "$1next"'));
  await page.evaluate(() => { window.stillTheSamePage = true; });
  await typeAtEnd(page, '\nTyped before the update');
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((registration) => registration.update()));
  const reload = page.getByRole('button', { name: 'Reload to update' });
  await reload.waitFor();
  assert.equal(await page.evaluate(() => window.stillTheSamePage), true, 'the page was not swapped under the writer');

  await Promise.all([page.waitForEvent('load'), reload.click()]);
  await waitForSaved(page);
  assert.equal(await page.evaluate(() => window.stillTheSamePage), undefined);
  assert.ok((await editorText(page)).includes('Typed before the update'));
  const afterKeys = await page.evaluate(() => caches.keys());
  assert.equal(afterKeys.length, 1);
  assert.notDeepEqual(afterKeys, before);
});

test('two tabs on one draft: changes propagate, and neither silently overwrites the other', async (t) => {
  const context = await newContext(t);
  const first = await openApp(context);
  const second = await openApp(context);

  // One tab types, the other has nothing unsaved: it takes the new text.
  await typeAtEnd(first, '\nFrom the first tab');
  await waitForEditorText(second, { includes: 'From the first tab' });

  // Both tabs type at once, one a longer line: whichever finishes last
  // finds the other's save and is asked; neither text is lost. (On a loaded
  // machine one tab may finish saving before the other starts typing: then
  // the other takes that text first, and both lines end up in the draft.)
  for (const [quick, slow] of [[first, second], [second, first]]) {
    const quickText = `\nQuick ${Date.now()}`;
    const slowText = `\nA longer line, typed last ${Date.now()}`;
    await Promise.all([typeAtEnd(quick, quickText), typeAtEnd(slow, slowText)]);
    const banners = [quick, slow].map((page) => page.getByRole('alert').filter({ hasText: 'Another tab saved this draft' }));
    const bothKept = ({ drafts }) => drafts.some((draft) => draft.text.includes(quickText) && draft.text.includes(slowText));
    const asked = await Promise.any([
      ...banners.map((banner, index) => banner.waitFor().then(() => index)),
      eventually(() => storedLibrary(quick), bothKept).then(() => null),
    ]);
    if (asked === null) {
      for (const page of [quick, slow]) {
        await waitForEditorText(page, { includes: quickText });
        await waitForEditorText(page, { includes: slowText });
      }
      continue;
    }
    const [winner, loser] = asked === 0 ? [slow, quick] : [quick, slow];
    const [winnerText, loserText] = asked === 0 ? [slowText, quickText] : [quickText, slowText];
    // The other tab's text is the draft's; the asked tab keeps its own as a
    // snapshot while its writer chooses.
    await eventually(() => storedLibrary(loser), ({ drafts, history }) => history.some((entry) => entry.text.includes(loserText))
      && drafts.some((draft) => draft.text.includes(winnerText) && !draft.text.includes(loserText)));

    // Keeping this tab's version: a save the other tab made after the
    // question was shown asks again rather than being overwritten.
    const banner = banners[asked];
    // Each tab typed one line: "1 line", not "1 lines".
    assert.match(await banner.locator('summary').textContent(), /^Differences: 1 line only here, 1 line only in the other tab$/);
    const propagated = waitForEditorText(winner, { endsWith: loserText });
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await banner.getByRole('button', { name: 'Keep this tab\'s version' }).click();
      const settled = await Promise.race([propagated.then(() => 'propagated'), banner.waitFor().then(() => 'asked again')]);
      if (settled === 'propagated') break;
    }
    await propagated;
    assert.ok(!(await editorText(loser)).includes(winnerText));
    const after = await storedLibrary(loser);
    assert.ok(after.drafts.some((draft) => draft.text.endsWith(loserText)),
      JSON.stringify({
        asked, loserText, winnerText, drafts: after.drafts.map((draft) => [draft.revision, draft.text.slice(-120)]),
        history: after.history.map((entry) => [entry.revision, entry.reason, entry.text.slice(-120)]),
        loser: (await editorText(loser)).slice(-120), winner: (await editorText(winner)).slice(-120),
      }));
    assert.ok(after.history.some((entry) => entry.text.includes(winnerText)), 'the other tab\'s text stays in the history');
  }
});

async function bannerExport(page, banner) {
  const { bytes } = await downloadOf(page, () => banner.getByRole('button', { name: 'Export this draft' }).click());
  assert.equal(bytes.toString('utf8'), await editorText(page));
}

// Chromium checks an origin's quota afresh only every half minute or so while
// its IndexedDB is open, so the override is set before the page opens: the
// first save already finds the storage full.
test('quota exceeded: a banner says so, typing goes on, export works, and saving resumes', async (t) => {
  const context = await newContext(t);
  const page = watchPage(await context.newPage(), []);
  const cdp = await context.newCDPSession(page);
  const origin = new URL(shared.server.url).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
  t.after(() => cdp.send('Storage.overrideQuotaForOrigin', { origin }).catch(() => {}));
  await page.goto(shared.server.url);
  const banner = page.getByRole('alert').filter({ hasText: 'Storage is full' });
  await banner.waitFor();
  await typeAtEnd(page, '\nTyped with the disk full');
  await page.waitForTimeout(AFTER_AUTOSAVE_MS);
  assert.equal(await page.locator('#status-save').getAttribute('data-state'), 'error');
  assert.match(await page.locator('#status-save').textContent(), /^Not saved/);
  assert.match(await page.locator('#status-save').getAttribute('title'), /Retrying in \d+ s; the text stays here/);
  await page.keyboard.type(' and still typing');
  const editorTextNow = await editorText(page);
  assert.ok(editorTextNow.endsWith('Typed with the disk full and still typing'));
  await bannerExport(page, banner);
  // A backup has the text as written, not as last stored.
  const backup = await downloadOf(page, () => page.getByRole('button', { name: 'Back up', exact: true }).click());
  assert.ok(JSON.parse(backup.bytes.toString('utf8')).drafts.some(({ text }) => text === editorTextNow), 'backed up');

  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await waitForSaved(page);
  await banner.waitFor({ state: 'hidden' });
  assert.ok((await storedTexts(page)).some((text) => text.endsWith('and still typing')));
});

test('storage cleared under the page: a banner says so, the text survives and is stored again', async (t) => {
  const context = await newContext(t);
  const page = await openApp(context);
  await typeAtEnd(page, '\nWritten before the clearing');
  await page.waitForTimeout(AFTER_AUTOSAVE_MS);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: new URL(shared.server.url).origin, storageTypes: 'all' });
  const banner = page.getByRole('alert').filter({ hasText: 'cleared' });
  await banner.waitFor();
  assert.ok((await editorText(page)).endsWith('Written before the clearing'));
  await bannerExport(page, banner);
  await waitForSaved(page);
  await page.reload();
  await waitForSaved(page);
  assert.ok((await editorText(page)).endsWith('Written before the clearing'));
});

// Texts a byte-faithful backup must carry: line ends, a byte-order mark, NUL,
// astral and combining characters, and a 1 MB draft.
function awkwardFiles() {
  const big = Array.from({ length: 20000 }, (_, i) => `Line ${i}: ${'word '.repeat(9)}\r\n`).join('').slice(0, 1024 * 1024);
  return [
    ['crlf.md', '# CRLF issue\r\n\r\n- one\r\n- two\r\n'],
    ['bom.md', '\uFEFF# Starts with a byte-order mark\n'],
    ['nul.md', '# NUL\n\nbefore\u0000after\n\u0000'],
    ['mixed.md', '# Mixed\r\nold mac\rline ends\n🧪 e\u0301 第 30 期\n'],
    ['big.md', big],
  ];
}

async function takeSnapshot(page) {
  await page.getByRole('button', { name: 'History' }).click();
  await page.getByRole('button', { name: 'Take a snapshot now' }).click();
  await page.locator('#history-dialog .history-entry').first().waitFor();
  await page.locator('#history-dialog').getByRole('button', { name: 'Close' }).click();
}

async function openFiles(page, files) {
  await page.locator('#drafts-file-input').setInputFiles(files.map(([name, text]) => (
    { name, mimeType: 'text/markdown', buffer: Buffer.from(text, 'utf8') })));
}

test('a backup restores every draft and its history byte for byte into a fresh profile', async (t) => {
  const files = awkwardFiles();
  const source = await openApp(await newContext(t));
  await openFiles(source, files);
  await source.getByRole('status').filter({ hasText: `Opened ${files.at(-1)[0]}` }).waitFor();
  // History: a snapshot of the last file as opened, then an edit.
  await takeSnapshot(source);
  await typeAtEnd(source, '\r\nedited after the snapshot');
  await waitForSaved(source);

  const backup = await downloadOf(source, () => source.getByRole('button', { name: 'Back up', exact: true }).click());
  assert.match(backup.name, /^issue-composer-backup-\d{4}-\d\d-\d\d\.json$/);
  const original = await storedLibrary(source);
  assert.equal(original.drafts.length, files.length + 1);

  const target = await openApp(await newContext(t));
  await target.locator('#drafts-file-input').setInputFiles({ name: backup.name, mimeType: 'application/json', buffer: backup.bytes });
  await target.getByRole('status').filter({ hasText: /^Restored/ }).waitFor();
  const restored = await storedLibrary(target);
  for (const draft of original.drafts) {
    const copy = restored.drafts.find((other) => other.id === draft.id);
    assert.ok(copy, `draft ${draft.name} restored`);
    assert.equal(copy.text, draft.text);
    assert.deepEqual({ ...copy, text: null }, { ...draft, text: null });
    const snapshots = (library) => library.history.filter((entry) => entry.draftId === draft.id)
      .map(({ at, reason, text, revision }) => ({ at, reason, text, revision }));
    assert.deepEqual(snapshots(restored), snapshots(original));
  }
  // Byte for byte: each file exported from the restored profile is the file opened.
  for (const [name, text] of files.slice(0, -1)) {
    await target.getByRole('button', { name: 'Drafts' }).click();
    await target.locator('#drafts-list li', { hasText: name.replace('.md', '') }).getByRole('button', { name: 'Open' }).click();
    const exported = await downloadOf(target, () => target.getByRole('button', { name: 'Export', exact: true }).click());
    assert.deepEqual(exported.bytes, Buffer.from(text, 'utf8'), name);
  }
});

test('a file with CRLF line breaks, typed in, is stored and exported with its CRLF and the keys where they were typed', async (t) => {
  const page = await openApp(await newContext(t));
  await openFiles(page, [['windows.md', '# From Windows\r\n\r\n- one\r\n- two\r\n']]);
  await page.getByRole('status').filter({ hasText: 'Opened windows.md' }).waitFor();
  await typeAtEnd(page, '- three');
  await waitForSaved(page);
  const expected = '# From Windows\r\n\r\n- one\r\n- two\r\n- three';
  assert.ok((await storedTexts(page)).includes(expected), 'stored');
  const exported = await downloadOf(page, () => page.getByRole('button', { name: 'Export', exact: true }).click());
  assert.equal(exported.bytes.toString('utf8'), expected);
  // The Publish menu's "Save source" saves the same bytes.
  await page.locator('#publish-menu summary').click();
  const saved = await downloadOf(page, () => page.getByRole('button', { name: 'Save source (.md)' }).click());
  assert.equal(saved.bytes.toString('utf8'), expected);
});

test('keys typed right after another draft replaces the text, while a compose is under way, are heard and saved', async (t) => {
  const problems = [];
  const page = await openApp(await newContext(t), shared.server.url, problems);
  const { typed, heard } = await page.evaluate(async () => {
    const { composer } = await import('./app.mjs');
    const { editor } = composer;
    // A key goes to the engine worker, which takes a while over a long text;
    // the writer types on, the text is replaced (as opening a draft does)
    // and a key is typed before the answer is back.
    editor.edit([{ from: editor.length, insert: `\n${'A long paragraph of words. '.repeat(8000)}` }]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    editor.edit([{ from: editor.length, insert: ' and more' }]);
    composer.setText('# Another text\n');
    let count = 0;
    const stop = composer.onChange(() => { count += 1; });
    editor.edit([{ from: editor.length, insert: 'typed at once' }]);
    stop();
    return { typed: editor.getText(), heard: count };
  });
  assert.equal(typed, '# Another text\ntyped at once');
  assert.equal(heard, 1, 'the key reached the change listeners (autosave, compose)');
  await eventually(() => storedTexts(page), (texts) => texts.includes(typed));
  assert.deepEqual(problems, []);
});

test('a malformed or foreign file changes nothing and says what is wrong', async (t) => {
  const page = await openApp(await newContext(t));
  await openFiles(page, [['kept.md', '# Kept\n']]);
  await page.getByRole('status').filter({ hasText: 'Opened kept.md' }).waitFor();
  // Settled: the compose of kept.md has named its draft.
  const before = await eventually(() => storedLibrary(page), ({ drafts }) => drafts.some((draft) => draft.title === 'Kept'));
  const cases = [
    ['truncated.json', '{"format": "issue-composer-backup", "version": 1, "drafts": [{"id": "x"', /not valid JSON \(line 1, column \d+\)/],
    ['foreign.json', '{"name": "some-package", "version": "1.0.0"}', /not an Issue Composer backup/],
    ['bad-field.json', JSON.stringify({ format: 'issue-composer-backup', version: 1, drafts: [{ id: 'a', text: 5 }] }), /drafts\[0\]\.name is missing/],
    ['picture.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), /not UTF-8 text: byte 0x89 at line 1, column 1/],
    ['notes.docx', 'PK', /neither a Markdown file/],
  ];
  for (const [name, contents, message] of cases) {
    await page.locator('#drafts-file-input').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(contents) });
    const alert = page.getByRole('alert').filter({ hasText: message });
    await alert.waitFor();
    assert.doesNotMatch(await alert.textContent(), /null|undefined/, name);
    assert.deepEqual(await storedLibrary(page), before, name);
  }
});

test('an untitled draft and its duplicate are named in the interface\'s language, in the library and its export', async (t) => {
  const page = await openApp(await newContext(t));
  await page.getByLabel('Language').selectOption('zh-CN');
  await page.getByRole('button', { name: '新建', exact: true }).click();
  await page.getByRole('button', { name: '草稿', exact: true }).click();
  const untitled = page.locator('#drafts-list li').filter({ has: page.locator('.draft-title', { hasText: /^未命名草稿$/ }) });
  // A duplicate's name is in that language too: it is stored so.
  await untitled.getByRole('button', { name: '复制', exact: true }).click();
  await page.locator('#drafts-list li .draft-title', { hasText: /^未命名草稿（副本）$/ }).waitFor();
  await page.keyboard.press('Escape');
  const { name } = await downloadOf(page, () => page.locator('#export-button').click());
  assert.equal(name, '未命名草稿.md');
});

test('the drafts library: new, search, rename, duplicate, delete to the trash and restore', async (t) => {
  const page = await openApp(await newContext(t));
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await typeAtEnd(page, '---\nnumber: 28\n---\n# Weekly ML Digest — #28\n\nA quiet week.\n');
  await waitForSaved(page);
  await page.getByRole('button', { name: 'Drafts' }).click();
  const rows = page.locator('#drafts-list li');
  await rows.filter({ hasText: '#28' }).waitFor();
  assert.equal(await rows.count(), 2);
  assert.match(await rows.first().textContent(), /Weekly ML Digest — #28.*#28 · edited just now/);

  await page.getByRole('searchbox', { name: 'Search drafts' }).fill('quiet week');
  await page.waitForFunction(() => document.querySelectorAll('#drafts-list li').length === 1);
  await page.getByRole('searchbox', { name: 'Search drafts' }).fill('');

  const row = rows.filter({ hasText: '#28' });
  await row.getByRole('button', { name: 'Rename' }).click();
  await page.getByRole('textbox', { name: 'New name' }).fill('Issue 28, first cut');
  await page.keyboard.press('Enter');
  await rows.filter({ hasText: 'Issue 28, first cut' }).waitFor();

  await rows.filter({ hasText: 'Issue 28, first cut' }).getByRole('button', { name: 'Duplicate' }).click();
  await rows.filter({ hasText: 'Issue 28, first cut (copy)' }).waitFor();
  assert.equal(await rows.count(), 3);

  await rows.filter({ hasText: 'Issue 28, first cut (copy)' }).getByRole('button', { name: 'Delete' }).click();
  await page.waitForFunction(() => document.querySelectorAll('#drafts-list li').length === 2);
  await page.getByRole('button', { name: 'Trash (1)' }).click();
  await rows.filter({ hasText: '(copy)' }).getByRole('button', { name: 'Restore' }).click();
  await page.getByRole('button', { name: 'Back to drafts' }).click();
  await rows.filter({ hasText: '(copy)' }).waitFor();
  assert.equal(await rows.count(), 3);
  const names = (await storedLibrary(page)).drafts.map((draft) => draft.name).sort();
  assert.deepEqual(names, ['', 'Issue 28, first cut', 'Issue 28, first cut (copy)']);
});

test('the library is read once a listing, its drafts and trash as list() orders them; its search reads nothing again', async (t) => {
  const page = await openApp(await newContext(t));
  const stored = await page.evaluate(async () => {
    const { DraftStore } = await import('./drafts/store.mjs');
    const store = new DraftStore();
    await store.open();
    for (const text of ['# Alpha', '# Bravo', '# Charlie']) await store.create({ text });
    const [newest] = await store.list();
    await store.trash(newest.id);
    const ids = (drafts) => drafts.map((draft) => draft.id);
    const library = await store.library();
    return {
      library: [ids(library.drafts), ids(library.trash)],
      lists: [ids(await store.list()), ids(await store.list({ trash: true }))],
    };
  });
  assert.deepEqual(stored.library, stored.lists);
  assert.deepEqual(stored.library.map((ids) => ids.length), [3, 1]);

  await page.getByRole('button', { name: 'Drafts' }).click();
  await page.getByRole('button', { name: 'Trash (1)' }).waitFor();
  await page.evaluate(() => {
    window.draftReads = 0;
    const { getAll } = IDBObjectStore.prototype;
    IDBObjectStore.prototype.getAll = function countedGetAll(...args) {
      window.draftReads += 1;
      return getAll.apply(this, args);
    };
  });
  // Each key filters the library as read when it was listed (reading every
  // draft again took about 300 ms a key with eight drafts of 1 MB).
  await page.getByRole('searchbox', { name: 'Search drafts' }).pressSequentially('BRAVO');
  await page.waitForFunction(() => document.querySelectorAll('#drafts-list li').length === 1);
  assert.equal(await page.getByRole('button', { name: 'Trash (1)' }).count(), 1);
  assert.equal(await page.evaluate(() => window.draftReads), 0);
  // A change is listed from a new read.
  await page.getByRole('button', { name: 'Trash (1)' }).click();
  await page.getByRole('searchbox', { name: 'Search drafts' }).fill('');
  await page.locator('#drafts-list li').first().getByRole('button', { name: 'Restore' }).click();
  await page.getByRole('button', { name: 'Empty the trash' }).waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => window.draftReads), 1);
});

test('history: a snapshot shows its differences, restores, and the restore can be undone', async (t) => {
  const page = await openApp(await newContext(t));
  const original = await editorText(page);
  await takeSnapshot(page);
  await typeAtEnd(page, '\nA line added after the snapshot');
  await waitForSaved(page);

  await page.getByRole('button', { name: 'History' }).click();
  await page.locator('.history-entry', { hasText: 'taken by hand' }).click();
  await page.locator('.diff-add', { hasText: 'A line added after the snapshot' }).waitFor();
  await page.getByRole('button', { name: 'Restore this version' }).click();
  await waitForEditorText(page, { equals: original });
  await waitForSaved(page);
  assert.ok((await storedTexts(page)).includes(original));

  await page.getByRole('button', { name: 'Undo restore' }).click();
  await waitForEditorText(page, { endsWith: 'A line added after the snapshot' });
  await waitForSaved(page);
  const { history } = await storedLibrary(page);
  assert.ok(history.some((entry) => entry.reason === 'before-restore' && entry.text.endsWith('after the snapshot')));
});

test('a diff of tens of thousands of lines makes elements for the lines it shows only, in order', async (t) => {
  const page = await openApp(await newContext(t));
  const shown = await page.evaluate(async () => {
    const { renderDiff } = await import('./drafts/ui.mjs');
    const lines = (name) => Array.from({ length: 20000 }, (_, i) => `${name} ${i}\n`);
    const groups = [
      { type: 'same', lines: lines('kept') }, { type: 'del', lines: lines('old') }, { type: 'add', lines: lines('new') },
    ];
    const made = { count: 0 };
    const createElement = document.createElement.bind(document);
    document.createElement = (...args) => { made.count += 1; return createElement(...args); };
    try {
      const diff = renderDiff((key, { n }) => `${key} ${n}`, groups, { removed: 'removed', added: 'added' });
      return { made: made.count, rows: [...diff.children].map((row) => [row.className, row.textContent]) };
    } finally {
      document.createElement = createElement;
    }
  });
  assert.equal(shown.rows.length, 3001);
  assert.deepEqual(shown.rows.slice(0, 5), [
    ['diff-skip', 'unchangedLines 19997'],
    ['diff-line diff-same', ' kept 19997'], ['diff-line diff-same', ' kept 19998'], ['diff-line diff-same', ' kept 19999'],
    ['diff-line diff-del', '−old 0'],
  ]);
  assert.deepEqual(shown.rows.at(-2), ['diff-line diff-del', '−old 2995']);
  assert.deepEqual(shown.rows.at(-1), ['diff-skip', 'moreLines 37004']);
  // A line is a row and its sign: the 37 004 rows not shown make nothing.
  assert.ok(shown.made <= 2 * 3001 + 1, `${shown.made} elements made`);
});

test('the single-file page opened from disk loads, composes the example and saves a draft', async (t) => {
  const context = await newContext(t);
  const file = pathToFileURL(path.join(dist, 'issue-composer.html')).href;
  const elsewhere = [];
  context.on('request', (request) => {
    if (![file, 'data:', 'blob:', 'about:'].some((prefix) => request.url().startsWith(prefix))) elsewhere.push(request.url());
  });
  const problems = [];
  const page = await openApp(context, file, problems);
  await page.getByRole('status').filter({ hasText: /^Composed 5 sections/ }).waitFor();
  const preview = page.frameLocator('#preview-frame');
  await preview.getByRole('heading', { name: 'Featured this week' }).waitFor();
  await typeAtEnd(page, '\n## 6. Saved from disk\n');
  await preview.getByRole('heading', { name: 'Saved from disk' }).waitFor();
  await eventually(() => storedTexts(page), (texts) => texts.some((text) => text.includes('## 6. Saved from disk')));
  await page.reload();
  await waitForSaved(page);
  await preview.getByRole('heading', { name: 'Saved from disk' }).waitFor();
  assert.deepEqual(elsewhere, [], 'the page loads nothing but itself');
  assert.deepEqual(problems, []);
});
