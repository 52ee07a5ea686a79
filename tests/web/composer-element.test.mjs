// <issue-composer> in Chromium under the strict CSP: the admin example, every
// attribute and property, the input / diagnostics / publish events, two
// composers on one page, and a hostile host page.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { newRecordedPage, openHostPage, useServerAndBrowser } from './browser.mjs';

const shared = useServerAndBrowser();

async function openHost(t, body, options = {}) {
  const opened = await openHostPage(shared, t, body, { ...options, modules: ['issue-composer.mjs'] });
  await opened.page.waitForFunction(() => customElements.get('issue-composer'));
  return opened;
}

// Records the element's events in the page: window.events[id] = [{ type, detail }].
const RECORD_EVENTS = `
window.events = {};
for (const element of document.querySelectorAll('issue-composer')) {
  const list = (window.events[element.id] = []);
  for (const type of ['input', 'diagnostics', 'publish']) {
    element.addEventListener(type, (event) => list.push({ type, custom: event instanceof CustomEvent, detail: event.detail }));
  }
}`;

const editorOf = (page, id) => page.locator(`#${id}`).getByRole('textbox', { name: 'Issue source' });
const events = (page, id, type) => page.evaluate(([id, type]) => window.events[id].filter((e) => e.type === type), [id, type]);
const waitForEvent = (page, id, type, count = 1) => page.waitForFunction(
  ([id, type, count]) => window.events[id].filter((e) => e.type === type).length >= count, [id, type, count],
);
const valueOf = (page, id) => page.evaluate((id) => document.getElementById(id).getValue(), id);

// The texts of the drafts in every composer's own drafts database
// (storage="local": web/drafts/store.mjs, one database per composer).
const storedDrafts = (page) => page.evaluate(async () => {
  const request = (r) => new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const texts = [];
  for (const { name } of await indexedDB.databases()) {
    const db = await request(indexedDB.open(name));
    texts.push(...(await request(db.transaction('drafts').objectStore('drafts').getAll())).map((draft) => draft.text));
    db.close();
  }
  return texts;
});

async function typeAtEnd(page, id, text) {
  await editorOf(page, id).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

test('the admin example loads under the strict CSP and receives publish', async (t) => {
  const { page, problems } = await newRecordedPage(shared.browser, t);
  await page.goto(new URL('examples/admin.html', shared.server.url).href);
  const composer = page.locator('issue-composer');
  await editorOf(page, 'composer').filter({ hasText: 'Weekly ML Digest — #28' }).waitFor();
  await composer.frameLocator('#preview-frame').getByRole('heading', { name: 'Retrieval beats scale on open-domain questions' }).waitFor();
  await page.getByRole('status').filter({ hasText: 'Ready to publish' }).waitFor();
  await composer.getByRole('button', { name: 'Publish', exact: true }).click();
  const entry = page.locator('#published li').first();
  await entry.waitFor();
  const text = await entry.textContent();
  assert.match(text, /“Weekly ML Digest — #28” \(#28\):/);
  for (const format of ['json', 'html', 'email', 'text', 'markdown']) assert.match(text, new RegExp(`\\b${format} [\\d.]+ KiB`));
  assert.deepEqual(problems, []);
});

test('value, setValue, getValue, src and the inline text set the document', async (t) => {
  const { page, problems } = await openHost(t, `
    <issue-composer id="a" value="# From the attribute #1&#10;"></issue-composer>
    <issue-composer id="b"><script type="text/markdown">
      # Inline #2
    </script></issue-composer>`);
  await editorOf(page, 'a').filter({ hasText: 'From the attribute #1' }).waitFor();
  await editorOf(page, 'b').filter({ hasText: 'Inline #2' }).waitFor();
  assert.equal(await valueOf(page, 'a'), '# From the attribute #1\n');
  assert.equal(await valueOf(page, 'b'), '# Inline #2\n');

  await page.evaluate(() => document.getElementById('a').setValue('# Set #3\n'));
  assert.equal(await valueOf(page, 'a'), '# Set #3\n');
  await page.evaluate(() => { document.getElementById('a').value = '# Property #4\n'; });
  assert.equal(await page.evaluate(() => document.getElementById('a').value), '# Property #4\n');
  await page.evaluate(() => document.getElementById('a').setAttribute('value', '# Attribute again #5\n'));
  await editorOf(page, 'a').filter({ hasText: 'Attribute again #5' }).waitFor();

  await page.evaluate(() => { document.getElementById('b').src = '/examples/issue-28.md'; });
  await editorOf(page, 'b').filter({ hasText: 'Weekly ML Digest — #28' }).waitFor();
  await page.locator('#b').frameLocator('#preview-frame').getByRole('heading', { name: 'Weekly ML Digest — #28' }).waitFor();
  // The other composer did not change.
  assert.equal(await valueOf(page, 'a'), '# Attribute again #5\n');
  assert.deepEqual(problems, []);
});

test('input (debounced, with the source), diagnostics and publish fire with the right details', async (t) => {
  const { page, problems } = await openHost(t, '<issue-composer id="a" value="# Events #6&#10;&#10;## 1. Links&#10;"></issue-composer>',
    { script: `await customElements.whenDefined('issue-composer');\n${RECORD_EVENTS}` });
  await waitForEvent(page, 'a', 'diagnostics');
  const typed = '\n### [An item](https://example.org/)\nTK summary\n';
  const expected = `# Events #6\n\n## 1. Links\n${typed}`;
  await typeAtEnd(page, 'a', typed);
  await page.waitForFunction((source) => window.events.a.some((e) => e.type === 'input' && e.detail.source === source), expected);
  await page.waitForTimeout(500);
  const inputs = await events(page, 'a', 'input');
  // One event per pause in typing, not per keystroke (a loaded machine may
  // pause mid-burst), and none of the editor's own.
  assert.ok(inputs.length <= typed.length / 4, `${inputs.length} input events for ${typed.length} keystrokes`);
  assert.ok(inputs.every((e) => e.custom && typeof e.detail.source === 'string'), JSON.stringify(inputs));
  assert.equal(inputs.at(-1).detail.source, expected);
  assert.equal(expected, await valueOf(page, 'a'));
  await page.waitForFunction(() => window.events.a.some((e) => e.type === 'diagnostics'
    && e.detail.diagnostics.some((d) => d.rule === 'text/placeholder' && d.range.start.line === 6)));

  // Publish renders every format by default, or those of `formats`.
  const published = await page.evaluate(() => document.getElementById('a').publish());
  assert.deepEqual(Object.keys(published.outputs).sort(), ['email', 'html', 'json', 'markdown', 'text']);
  assert.equal(published.issue.title, 'Events #6');
  assert.equal(published.issue.sections[0].items[0].url, 'https://example.org/');
  assert.ok(published.diagnostics.some((d) => d.rule === 'text/placeholder'));
  await page.evaluate(() => { document.getElementById('a').formats = ['html', 'text']; });
  assert.equal(await page.evaluate(() => document.getElementById('a').getAttribute('formats')), 'html text');
  await page.locator('#a').getByRole('button', { name: 'Publish', exact: true }).click();
  await waitForEvent(page, 'a', 'publish', 2);
  const [first, second] = await events(page, 'a', 'publish');
  assert.deepEqual(first.detail.outputs, published.outputs);
  assert.deepEqual(Object.keys(second.detail.outputs).sort(), ['html', 'text']);
  assert.equal(second.detail.source, await valueOf(page, 'a'));

  // compose(options) for anything else; calls made together all answer.
  const results = await page.evaluate(() => {
    const element = document.getElementById('a');
    return Promise.all([
      element.compose({ formats: ['text'], utm: { campaign: 'spring' } }),
      element.compose({ formats: ['markdown'] }),
      element.compose(),
    ]);
  });
  assert.match(results[0].outputs.text, /utm_campaign=spring/);
  assert.match(results[1].outputs.markdown, /^# Events #6/m);
  assert.deepEqual(results[2].outputs, {});
  assert.equal(results[2].issue.number, 6);

  // No input event carries the host's value: setValue() right after a key
  // (before the pause), nor follows the element taken off the page; and
  // the value attribute removed leaves the text as it is.
  const before = (await events(page, 'a', 'input')).length;
  await typeAtEnd(page, 'a', 'x');
  await page.evaluate(() => document.getElementById('a').setValue('# Host value #9\n'));
  await typeAtEnd(page, 'a', 'y');
  await page.evaluate(() => {
    window.removed = document.getElementById('a');
    window.removed.remove();
  });
  await page.waitForTimeout(800);
  assert.deepEqual((await events(page, 'a', 'input')).slice(before), []);
  await page.evaluate(() => {
    const element = window.removed;
    document.body.append(element);
    element.setAttribute('value', '# Kept #10\n');
    element.removeAttribute('value');
  });
  await page.waitForTimeout(300);
  assert.equal(await valueOf(page, 'a'), '# Kept #10\n');
  assert.deepEqual(problems, []);
});

test('theme, lang, readonly and storage take effect', async (t) => {
  const { page, problems } = await openHost(t, '<issue-composer id="a" value="# Settings #7&#10;" storage="local"></issue-composer>');
  const root = page.locator('#a').locator('.composer-root');
  await editorOf(page, 'a').filter({ hasText: 'Settings #7' }).waitFor();
  const background = () => root.evaluate((node) => getComputedStyle(node).backgroundColor);
  await page.evaluate(() => { document.getElementById('a').theme = 'dark'; });
  assert.equal(await root.getAttribute('data-theme'), 'dark');
  assert.equal(await background(), 'rgb(20, 23, 28)');
  const previewBackground = () => page.locator('#a').frameLocator('#preview-frame').locator('body')
    .evaluate((body) => getComputedStyle(body).backgroundColor);
  assert.equal(await previewBackground(), 'rgb(27, 31, 38)');
  await page.evaluate(() => { document.getElementById('a').theme = 'light'; });
  assert.equal(await background(), 'rgb(246, 247, 249)');
  assert.equal(await previewBackground(), 'rgb(255, 255, 255)');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), undefined, 'the host page was themed');

  await page.evaluate(() => document.getElementById('a').setAttribute('lang', 'zh-CN'));
  await page.locator('#a').getByRole('button', { name: '发布', exact: true }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en', 'the host page\'s language changed');
  await page.evaluate(() => document.getElementById('a').setAttribute('lang', 'en'));

  await page.evaluate(() => { document.getElementById('a').readonly = true; });
  assert.equal(await editorOf(page, 'a').getAttribute('contenteditable'), 'false');
  assert.equal(await page.locator('#a').getByRole('button', { name: 'Bold' }).isVisible(), false);
  await page.evaluate(() => { document.getElementById('a').readonly = false; });
  assert.equal(await editorOf(page, 'a').getAttribute('contenteditable'), 'true');

  // storage="local": the page's drafts, in a database of the composer's own;
  // the draft outlives a reload, and wins over `value`.
  await typeAtEnd(page, 'a', '\nA draft line.\n');
  for (let i = 0; i < 50 && !(await storedDrafts(page)).some((text) => text.includes('A draft line.')); i += 1) {
    await page.waitForTimeout(100);
  }
  assert.deepEqual(await page.evaluate(async () => (await indexedDB.databases()).map(({ name }) => name)),
    [`issue-composer:${new URL(page.url()).pathname}#a`]);
  assert.deepEqual(await storedDrafts(page), ['# Settings #7\n\nA draft line.\n']);
  await page.locator('#a').getByRole('button', { name: 'Drafts', exact: true }).waitFor();
  await page.reload();
  await editorOf(page, 'a').filter({ hasText: 'A draft line.' }).waitFor();
  assert.equal(await valueOf(page, 'a'), '# Settings #7\n\nA draft line.\n');
  // A new `src` is the host's change: the open draft stores it.
  await page.evaluate(() => { document.getElementById('a').src = '/examples/issue-28.md'; });
  await editorOf(page, 'a').filter({ hasText: 'Weekly ML Digest — #28' }).waitFor();
  const loaded = await valueOf(page, 'a');
  for (let i = 0; i < 50 && !(await storedDrafts(page)).includes(loaded); i += 1) await page.waitForTimeout(100);
  assert.deepEqual(await storedDrafts(page), [loaded]);
  assert.deepEqual(problems, []);
});

test('two composers on one page work independently', async (t) => {
  const { page, problems } = await openHost(t, `
    <issue-composer id="a" value="# First #1&#10;"></issue-composer>
    <issue-composer id="b" value="# Second #2&#10;" theme="dark"></issue-composer>`,
  { css: 'issue-composer { height: 420px; }', script: `await customElements.whenDefined('issue-composer');\n${RECORD_EVENTS}` });
  await waitForEvent(page, 'a', 'diagnostics');
  await waitForEvent(page, 'b', 'diagnostics');
  await typeAtEnd(page, 'a', '\nOnly in the first.\n');
  await waitForEvent(page, 'a', 'input');
  await page.locator('#a').frameLocator('#preview-frame').getByText('Only in the first.').waitFor();
  assert.equal(await valueOf(page, 'b'), '# Second #2\n');
  assert.deepEqual(await events(page, 'b', 'input'), []);
  // storage="none" (the default): the host owns persistence, nothing is stored.
  assert.deepEqual(await storedDrafts(page), []);
  assert.equal(await page.locator('#a #drafts-toolbar').isVisible(), false);
  await page.locator('#b').frameLocator('#preview-frame').getByRole('heading', { name: 'Second #2' }).waitFor();
  assert.equal(await page.locator('#a .composer-root').getAttribute('data-theme'), null);
  assert.equal(await page.locator('#b .composer-root').getAttribute('data-theme'), 'dark');
  const [a, b] = await page.evaluate(() => Promise.all(['a', 'b'].map((id) => document.getElementById(id).publish())));
  assert.equal(a.issue.title, 'First #1');
  assert.equal(b.issue.title, 'Second #2');
  assert.equal((await events(page, 'a', 'publish')).length, 1);
  assert.equal((await events(page, 'b', 'publish')).length, 1);

  // Each has a live worker and one for its publish; taking one off the page
  // ends its two, and the other composer carries on.
  assert.equal(page.workers().length, 4);
  await page.evaluate(() => {
    window.removed = document.getElementById('a');
    window.removed.remove();
  });
  for (let i = 0; i < 50 && page.workers().length > 2; i += 1) await page.waitForTimeout(100);
  assert.equal(page.workers().length, 2);
  assert.equal((await page.evaluate(() => document.getElementById('b').compose())).issue.title, 'Second #2');
  assert.deepEqual(problems, []);
});

test('a host page with hostile global CSS neither breaks the composer nor is changed by it', async (t) => {
  const hostile = `* { all: unset; } html { font-size: 64px; } body { font-size: 80px; color: rgb(200, 0, 0); }
    h1, p, div { display: block; } .host-heading { font-size: 50px; }`;
  const host = '<h1 class="host-heading">Host heading</h1><p class="host-text">Host text</p>';
  const styleOf = (page) => page.evaluate(() => Object.fromEntries(['.host-heading', '.host-text', 'body'].map((selector) => {
    const style = getComputedStyle(document.querySelector(selector));
    return [selector, ['font-size', 'color', 'font-family', 'display', 'margin-top', 'line-height', 'background-color']
      .map((name) => style.getPropertyValue(name))];
  })));
  const without = await openHost(t, host, { css: hostile });
  const hostStyle = await styleOf(without.page);

  const { page, problems } = await openHost(t, `${host}<div class="box"><issue-composer id="a" value="# Hostile #8&#10;"></issue-composer></div>`, { css: hostile });
  await editorOf(page, 'a').filter({ hasText: 'Hostile #8' }).waitFor();
  assert.deepEqual(await styleOf(page), hostStyle, 'the composer changed the host page\'s styles');
  const metrics = await page.locator('#a').evaluate((element) => {
    const root = element.shadowRoot.querySelector('.composer-root');
    const publish = element.shadowRoot.querySelector('.publish-button');
    return {
      height: root.getBoundingClientRect().height,
      font: getComputedStyle(root).fontSize,
      color: getComputedStyle(root).color,
      publishFont: getComputedStyle(publish).fontSize,
      publishHeight: publish.getBoundingClientRect().height,
      side: element.shadowRoot.querySelector('.side-pane').getBoundingClientRect().width,
    };
  });
  assert.ok(metrics.height >= 420, JSON.stringify(metrics));
  assert.equal(metrics.font, '14px');
  assert.equal(metrics.color, 'rgb(29, 35, 48)');
  assert.equal(metrics.publishFont, '14px');
  assert.ok(metrics.publishHeight < 40 && metrics.side <= 17 * 16, JSON.stringify(metrics));
  await typeAtEnd(page, 'a', '\n## 1. Still works\n');
  await page.locator('#a').frameLocator('#preview-frame').getByRole('heading', { name: /Still works/ }).waitFor();
  assert.deepEqual(problems, []);
  assert.deepEqual(without.problems, []);
});

test('properties set before the element is defined take effect', async (t) => {
  const { page, problems } = await openHostPage(shared, t, '<issue-composer id="a"></issue-composer>');
  await page.evaluate(async () => {
    const element = document.getElementById('a');
    element.value = '# Early #9\n';
    element.theme = 'dark';
    await import('/issue-composer.mjs');
  });
  await editorOf(page, 'a').filter({ hasText: 'Early #9' }).waitFor();
  assert.equal(await page.locator('#a .composer-root').getAttribute('data-theme'), 'dark');
  assert.equal(await page.evaluate(() => Object.hasOwn(document.getElementById('a'), 'value')), false);
  assert.deepEqual(problems, []);
});

test('each composer speaks its own language: its lang, else the page\'s around it', async (t) => {
  const { page, problems } = await openHost(t, `
    <issue-composer id="a" lang="zh-CN" storage="local" value="# A #1&#10;"></issue-composer>
    <issue-composer id="b" value="# B #2&#10;"></issue-composer>
    <div lang="zh-Hans"><issue-composer id="c" value="# C #3&#10;"></issue-composer></div>`,
  { css: 'issue-composer { height: 420px; }' });
  const button = (id, name) => page.locator(`#${id}`).getByRole('button', { name, exact: true });
  const source = (id, name) => page.locator(`#${id}`).getByRole('textbox', { name });
  await source('a', '期刊源文').filter({ hasText: 'A #1' }).waitFor();
  await button('a', '发布').waitFor();
  await button('a', '草稿').waitFor();  // the drafts UI's words too
  await page.locator('#a #status-problems').filter({ hasText: '0 个错误' }).waitFor();
  // A problem's severity is its word alone ("提示", not "条提示").
  await page.locator('#a #diagnostics .diagnostic-severity').filter({ hasText: /^提示$/ }).waitFor();
  await source('b', 'Issue source').filter({ hasText: 'B #2' }).waitFor();
  await button('b', 'Publish').waitFor();
  await button('c', '发布').waitFor();

  // Each follows its own attribute; the page keeps its language.
  await page.evaluate(() => {
    document.getElementById('a').setAttribute('lang', 'en');
    document.getElementById('b').lang = 'zh-CN';
  });
  await button('a', 'Publish').waitFor();
  await button('a', 'Drafts').waitFor();
  await page.locator('#a #status-problems').filter({ hasText: '0 errors' }).waitFor();
  await source('a', 'Issue source').waitFor();
  await button('b', '发布').waitFor();
  await source('b', '期刊源文').waitFor();
  await button('c', '发布').waitFor();
  await page.locator('#a').getByRole('button', { name: 'Drafts', exact: true }).click();
  await page.locator('#a').getByRole('dialog').getByRole('heading', { name: 'Drafts' }).waitFor();
  await page.keyboard.press('Escape');
  // Without its own lang, the page's (here "en").
  await page.evaluate(() => document.getElementById('b').removeAttribute('lang'));
  await button('b', 'Publish').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.deepEqual(problems, []);
});

test('readonly with storage="local" leaves nothing that changes the text', async (t) => {
  const value = '# Read only #3\n\n## 1. Links\n\n### [One](https://example.org/a?utm_source=x)\nSummary one.\n\n'
    + '### [Two](https://example.org/b)\nSummary two.\n';
  const attribute = value.replaceAll('\n', '&#10;');
  const { page, problems } = await openHost(t, `<issue-composer id="a" storage="local" readonly value="${attribute}"></issue-composer>`);
  const composer = page.locator('#a');
  await editorOf(page, 'a').filter({ hasText: 'Read only #3' }).waitFor();
  await composer.locator('#diagnostics li').filter({ hasText: 'link/tracking' }).waitFor();
  const toolbarButton = (name) => composer.locator('#drafts-toolbar').getByRole('button', { name, exact: true });
  await toolbarButton('Drafts').waitFor();
  for (const name of ['New', 'Open…']) assert.equal(await toolbarButton(name).isDisabled(), true, name);
  for (const name of ['Drafts', 'History', 'Export', 'Back up']) assert.equal(await toolbarButton(name).isDisabled(), false, name);

  // No fixes, no moves, no commands, no paste, no drop.
  assert.equal(await composer.locator('.quick-fix').count(), 0);
  assert.equal(await composer.locator('#fix-all').isVisible(), false);
  const item = composer.getByRole('treeitem', { name: /^One/ });
  assert.equal(await item.getAttribute('draggable'), 'false');
  await item.focus();
  await page.keyboard.press('Alt+ArrowDown');
  await composer.getByRole('treeitem', { name: /^Two/ }).locator('.outline-label')
    .dragTo(composer.getByRole('treeitem', { name: /^1\. Links/ }).locator('.outline-label').first());
  await editorOf(page, 'a').click();
  for (const key of ['Control+b', 'Control+Alt+i', 'Control+Alt+.', 'Control+.', 'Tab', 'Backspace']) await page.keyboard.press(key);
  await page.keyboard.type('typed');
  await editorOf(page, 'a').evaluate((content) => {
    const paste = new DataTransfer();
    paste.setData('text/plain', 'https://example.org/pasted');
    content.dispatchEvent(new ClipboardEvent('paste', { clipboardData: paste, bubbles: true, cancelable: true }));
    const drop = new DataTransfer();
    drop.items.add(new File(['# Dropped #9\n'], 'dropped.md', { type: 'text/markdown' }));
    const root = content.getRootNode().host.getRootNode().querySelector('.composer-root');
    for (const type of ['dragover', 'drop']) root.dispatchEvent(new DragEvent(type, { dataTransfer: drop, bubbles: true, cancelable: true }));
  });

  // The library and the history can be read; nothing in them opens,
  // creates, restores or deletes.
  await toolbarButton('Drafts').click();
  const library = composer.locator('#drafts-dialog');
  const row = library.locator('.drafts-row').first();
  await row.waitFor();
  for (const name of ['New draft', 'Open', 'Duplicate', 'Rename', 'Delete']) {
    assert.equal(await library.getByRole('button', { name, exact: true }).isDisabled(), true, name);
  }
  await library.getByRole('button', { name: 'Close', exact: true }).click();
  await toolbarButton('History').click();
  const history = composer.locator('#history-dialog');
  assert.equal(await history.getByRole('button', { name: 'Take a snapshot now' }).isDisabled(), true);
  await history.getByRole('button', { name: 'Close', exact: true }).click();

  await page.waitForTimeout(600);
  assert.equal(await valueOf(page, 'a'), value);
  assert.deepEqual(await storedDrafts(page), [value]);

  // Writable again: all of it comes back.
  await page.evaluate(() => { document.getElementById('a').readonly = false; });
  assert.equal(await toolbarButton('New').isDisabled(), false);
  await composer.locator('.quick-fix').first().waitFor();
  assert.equal(await item.getAttribute('draggable'), 'true');
  await composer.locator('.quick-fix').first().click();
  await page.waitForFunction(() => !document.getElementById('a').getValue().includes('utm_source'));
  assert.deepEqual(problems, []);
});

test('storage switches from "local" to "none" and back on a live composer', async (t) => {
  const { page, problems } = await openHost(t, '<issue-composer id="a" storage="local" value="# Storage #4&#10;"></issue-composer>');
  const composer = page.locator('#a');
  await editorOf(page, 'a').filter({ hasText: 'Storage #4' }).waitFor();
  await composer.getByRole('button', { name: 'Drafts', exact: true }).waitFor();
  await typeAtEnd(page, 'a', '\nStored line.\n');
  const stored = '# Storage #4\n\nStored line.\n';
  for (let i = 0; i < 50 && !(await storedDrafts(page)).includes(stored); i += 1) await page.waitForTimeout(100);
  assert.deepEqual(await storedDrafts(page), [stored]);

  await page.evaluate(() => { document.getElementById('a').storage = 'none'; });
  await composer.locator('#drafts-toolbar button').first().waitFor({ state: 'detached' });
  assert.equal(await composer.locator('#drafts-toolbar').isVisible(), false);
  assert.equal(await composer.locator('#drafts-dialog, #history-dialog').count(), 0);
  await composer.locator('#status-save').filter({ hasText: /^$/ }).waitFor({ state: 'attached' });
  await typeAtEnd(page, 'a', 'Not stored.\n');
  await page.waitForTimeout(800);
  assert.deepEqual(await storedDrafts(page), [stored]);
  assert.equal(await composer.locator('#status-save').textContent(), '');

  // Back to "local": the text stays, as a draft of its own; one drafts UI.
  await page.evaluate(() => { document.getElementById('a').storage = 'local'; });
  await composer.getByRole('button', { name: 'Drafts', exact: true }).waitFor();
  const now = `${stored}Not stored.\n`;
  for (let i = 0; i < 50 && !(await storedDrafts(page)).includes(now); i += 1) await page.waitForTimeout(100);
  assert.deepEqual((await storedDrafts(page)).sort(), [stored, now].sort());
  assert.equal(await valueOf(page, 'a'), now);
  assert.equal(await composer.locator('#drafts-toolbar button').count(), 6);
  assert.equal(await composer.locator('#drafts-dialog').count(), 1);
  assert.deepEqual(problems, []);
});

test('publish() rejects, never hangs, when the core cannot load', async (t) => {
  const { page } = await openHost(t, '<issue-composer id="a" value="# A #1&#10;"></issue-composer>', {
    beforeLoad: (page) => page.context().route('**/composer-core.wasm', (route) => route.abort()),
  });
  const outcome = await page.evaluate(() => Promise.race([
    document.getElementById('a').publish().then(() => 'published', (error) => `refused: ${error.message}`),
    new Promise((resolve) => { setTimeout(() => resolve('still waiting'), 60000); }),
  ]));
  assert.match(outcome, /^refused: /);
});
