// The page in headless Chromium, served from dist/ by scripts/serve.mjs under
// its strict CSP: it opens on the sample, previews it, follows typing, points
// at problems and survives a crashed worker, all without a console error, a
// page error or a CSP violation. scripts/test builds dist/ first; a missing
// build is a failure, not a skip.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'dist');
const sample = await readFile(path.join(root, 'web/samples/weekly-ml-digest.md'), 'utf8');
const { createComposer } = await import(pathToFileURL(path.join(dist, 'composer.mjs')));
const composer = await createComposer();

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic',
];
const TIMEOUT_MS = 15000;

let server;
let baseUrl;
let browser;

async function startServer() {
  const child = spawn(process.execPath, [path.join(root, 'scripts/serve.mjs'), dist], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  for await (const chunk of child.stdout) {
    output += chunk;
    const match = output.match(/http:\/\/127\.0\.0\.1:\d+\//);
    if (match) return { child, url: match[0] };
  }
  throw new Error(`serve.mjs exited without printing its URL: ${output}`);
}

before(async () => {
  ({ child: server, url: baseUrl } = await startServer());
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    server.kill();
    await once(server, 'exit');
  }
});

// Chromium reports the worker's CSP violations neither to the console nor as
// page events, so the served worker gets a listener that reports them. The
// listener runs after the worker's imports, but before the core is started.
const WORKER_CSP_REPORTER = "self.addEventListener('securitypolicyviolation', (event) => "
  + "console.error(`CSP violation in the worker: ${event.violatedDirective} blocked ${event.blockedURI}`));\n";

// Opens the page and records everything that must not happen: console errors
// (from the page, its preview frame and its worker, which include Chromium's
// own CSP reports), page errors and CSP violation events.
async function openPage(t) {
  const context = await browser.newContext();
  t.after(() => context.close());
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.exposeBinding('reportCspViolation', (_source, text) => problems.push(`CSP violation: ${text}`));
  await page.route('**/worker.mjs', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: WORKER_CSP_REPORTER + await response.text() });
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      window.reportCspViolation(`${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });
  await page.goto(baseUrl);
  const editor = page.getByRole('textbox', { name: 'Issue source' });
  const preview = page.frameLocator('#preview-frame').locator('body');
  await assert.doesNotReject(page.getByRole('region', { name: 'Preview' }).waitFor());
  return { page, editor, preview, problems };
}

// The editor's text and selection, read through the page's own handle (the
// same module instance the page runs).
const sourceOf = (page) => page.evaluate(async () => (await import('./app.mjs')).composer.getText());
const selectionOf = (page) => page.evaluate(async () => {
  const { view } = (await import('./app.mjs')).composer.editor;
  const { from, to } = view.state.selection.main;
  return view.state.sliceDoc(from, to);
});

async function composed(page) {
  await page.getByRole('status').filter({ hasText: /^Composed/ }).waitFor();
}

// Waits until the page has composed exactly `source`.
async function waitForComposed(page, source) {
  await page.waitForFunction(async (expected) => {
    const { composer } = await import('./app.mjs');
    return document.getElementById('status').textContent.startsWith('Composed') && composer.getText() === expected
      && document.getElementById('outline').childElementCount > 0;
  }, source);
}

// Pastes into the editor as the browser delivers a paste: a paste event with
// the clipboard's flavours. (Inserting text through the DOM, as fill() and
// insertText() do, makes Chromium's editing code write styled spans, which
// the CSP refuses, before CodeMirror reads them back.)
async function paste(page, flavours) {
  await page.evaluate((data) => {
    const transfer = new DataTransfer();
    for (const [type, value] of Object.entries(data)) transfer.setData(type, value);
    const content = document.getElementById('editor').shadowRoot.querySelector('.cm-content');
    content.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, flavours);
}

async function replaceSource(page, editor, source) {
  await editor.focus();
  await page.keyboard.press('Control+a');
  await paste(page, { 'text/plain': source });
  await waitForComposed(page, source);
}

test('opens on the sample issue and previews every section', async (t) => {
  const { page, preview, problems } = await openPage(t);
  await composed(page);
  assert.equal(await sourceOf(page), sample);
  const titles = [...sample.matchAll(/^## \d+\. (.+)$/gm)].map((match) => match[1]);
  assert.equal(titles.length, 5);
  for (const title of titles) {
    await preview.getByRole('heading', { name: title }).waitFor();
  }
  await preview.getByRole('link', { name: /Billion-scale pretraining/ }).waitFor();
  assert.deepEqual(problems, []);
});

test('typing in the editor updates the preview', async (t) => {
  const { page, editor, preview, problems } = await openPage(t);
  await composed(page);
  await editor.focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n## 6. Reader questions\n');
  await preview.getByRole('heading', { name: 'Reader questions' }).waitFor();
  assert.deepEqual(problems, []);
});

test('clicking a problem selects its range, counting UTF-8 bytes right', async (t) => {
  // An invalid issue number whose range ends after multi-byte characters, on
  // a line after more of them, so a byte/character mix-up selects wrong text.
  const source = sample
    .replace('newsletter: Weekly ML Digest', 'newsletter: Wöchentlicher ML-Überblick 🧪')
    .replace('number: 27', 'number: Nº 27 — siebenundzwanzig');
  const expected = composer.compose(source, { formats: [] }).diagnostics;
  const index = expected.findIndex((d) => d.range.end.offset > d.range.start.offset);
  assert.notEqual(index, -1, 'the core reports a problem with a non-empty range');
  const { start, end } = expected[index].range;
  const expectedText = Buffer.from(source).subarray(start.offset, end.offset).toString();

  const { page, editor, problems } = await openPage(t);
  await composed(page);
  await replaceSource(page, editor, source);
  const items = page.locator('#diagnostics button.diagnostic');
  assert.equal(await items.count(), expected.length);
  await items.nth(index).click();
  assert.equal(await selectionOf(page), expectedText);
  assert.ok(await page.evaluate(() => document.getElementById('editor').shadowRoot.activeElement?.classList.contains('cm-content')));
  assert.deepEqual(problems, []);
});

test('a diagnostic is underlined on its line, its quick fix works and undoes in one step', async (t) => {
  const tracked = 'https://arxiv.org/abs/2108.05887?utm_source=twitter&utm_medium=social';
  const line = sample.slice(0, sample.indexOf(tracked)).split('\n').length;
  const { page, problems } = await openPage(t);
  await composed(page);
  const underline = page.locator('.cm-lintRange-warning').first();
  await underline.waitFor();
  const underlinedLine = await page.evaluate(async () => {
    const { view } = (await import('./app.mjs')).composer.editor;
    const element = document.getElementById('editor').shadowRoot.querySelector('.cm-lintRange-warning');
    return view.state.doc.lineAt(view.posAtDOM(element)).number;
  });
  assert.equal(underlinedLine, line);
  assert.equal(await page.locator('.cm-lint-marker-warning').count(), 1, 'one gutter marker');
  const entry = page.locator('#diagnostics li').filter({ hasText: 'link/tracking' });
  assert.match(await entry.locator('.diagnostic-position').textContent(), new RegExp(`^${line}:`));
  await entry.getByRole('button', { name: /^Fix/ }).click();
  const fixed = sample.replace(tracked, 'https://arxiv.org/abs/2108.05887');
  await waitForComposed(page, fixed);
  await page.locator('#diagnostics-summary').filter({ hasText: 'No problems' }).waitFor();
  await page.keyboard.press('Control+z');
  await waitForComposed(page, sample);
  await page.locator('#diagnostics li').filter({ hasText: 'link/tracking' }).waitFor();
  assert.deepEqual(problems, []);
});

test('"Fix all" applies every fix as one undoable change', async (t) => {
  const source = sample
    .replace('](https://lilianweng.github.io/', '](http://lilianweng.github.io/')
    .replace('https://huggingface.co/course)', 'https://huggingface.co/course?fbclid=abc)');
  const expected = composer.compose(source, { formats: [] }).diagnostics.filter((d) => d.fix);
  assert.ok(expected.length >= 2, 'the source has several fixable problems');
  const { page, editor, problems } = await openPage(t);
  await composed(page);
  await replaceSource(page, editor, source);
  await page.getByRole('button', { name: /^Fix all/ }).click();
  await page.locator('#fix-all').and(page.locator('[hidden]')).waitFor({ state: 'attached' });
  const fixedSource = await sourceOf(page);
  assert.equal(composer.compose(fixedSource, { formats: [] }).diagnostics.filter((d) => d.fix).length, 0);
  await page.keyboard.press('Control+z');
  await waitForComposed(page, source);
  assert.deepEqual(problems, []);
});

test('a crashed worker is restarted with a visible notice', async (t) => {
  const { page, editor, preview, problems } = await openPage(t);
  await page.getByRole('status').filter({ hasText: /^Composed/ }).waitFor();
  const [worker] = page.workers();
  assert.ok(worker, 'the composer runs in a worker');
  // An uncaught error in the worker is the crash; the worker's own report of
  // it is expected, anything else is not.
  await worker.evaluate(() => setTimeout(() => { throw new Error('simulated crash'); }));
  await page.getByRole('alert').filter({ hasText: 'restarted' }).waitFor();
  await editor.focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n## 6. After the restart\n');
  await preview.getByRole('heading', { name: 'After the restart' }).waitFor();
  assert.deepEqual(problems.filter((problem) => !problem.includes('simulated crash')), []);
});

test('the preview shows no active content, remote images or unsafe links', async (t) => {
  const { page, problems } = await openPage(t);
  await page.getByRole('status').filter({ hasText: /^Composed/ }).waitFor();
  // Past the core's own escaping: HTML handed straight to a second preview.
  // Parsing it, Chromium checks the inline style and handler against the CSP
  // and blocks them: those reports are expected here, and nothing else.
  const shown = await page.evaluate(async () => {
    const { Preview } = await import('./preview.mjs');
    const frame = document.createElement('iframe');
    frame.sandbox = document.getElementById('preview-frame').sandbox.value;
    document.body.append(frame);
    await new Preview(frame).show(
      '<p style="color: red">styled</p><script>parent.compromised = true</script>'
      + '<a href="javascript:parent.compromised = true">script link</a> <a href="https://example.org/">web link</a>'
      + ' <a href="#section-1">in-page link</a>'
      + ' <img src="https://example.org/a.png" alt="A chart" onerror="parent.compromised = true">',
    );
    const { body } = frame.contentDocument;
    return {
      html: body.innerHTML,
      links: [...body.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href'), a.target]),
      compromised: window.compromised === true,
    };
  });
  assert.equal(shown.compromised, false);
  assert.doesNotMatch(shown.html, /<script|<img|style=|javascript:/);
  assert.match(shown.html, /role="img" aria-label="A chart"/);
  assert.deepEqual(shown.links, [
    ['script link', null, ''],
    ['web link', 'https://example.org/', '_blank'],
    ['in-page link', '#section-1', ''],
  ]);
  const inlineBlocked = /^console error: (Applying inline style|Executing inline event handler) violates|^CSP violation: (style|script)-src-attr /;
  assert.deepEqual(problems.filter((problem) => !inlineBlocked.test(problem)), []);
});
