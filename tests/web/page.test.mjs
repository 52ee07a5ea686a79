// The page in headless Chromium, served from dist/ by scripts/serve.mjs under
// its strict CSP: it opens on the sample, previews it, follows typing, points
// at problems and survives a crashed worker, all without a console error, a
// page error or a CSP violation. scripts/test builds dist/ first; a missing
// build is a failure, not a skip.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { DIST as dist, ROOT as root, launchChromium, startServer } from './browser.mjs';

const sample = await readFile(path.join(root, 'web/samples/weekly-ml-digest.md'), 'utf8');
const { createComposer } = await import(pathToFileURL(path.join(dist, 'composer.mjs')));
const composer = await createComposer();

const TIMEOUT_MS = 15000;

let server;
let baseUrl;
let browser;

before(async () => {
  ({ child: server, url: baseUrl } = await startServer());
  browser = await launchChromium();
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

async function replaceSource(page, editor, source) {
  await editor.fill(source);
  await page.waitForFunction(
    (expected) => document.getElementById('status').textContent.startsWith('Composed')
      && document.getElementById('source').value === expected,
    source,
  );
}

test('opens on the sample issue and previews every section', async (t) => {
  const { page, editor, preview, problems } = await openPage(t);
  await page.getByRole('status').filter({ hasText: /^Composed/ }).waitFor();
  assert.equal(await editor.inputValue(), sample);
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
  await page.getByRole('status').filter({ hasText: /^Composed/ }).waitFor();
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
  await page.getByRole('status').filter({ hasText: /^Composed/ }).waitFor();
  await replaceSource(page, editor, source);
  const items = page.locator('#diagnostics button');
  assert.equal(await items.count(), expected.length);
  await items.nth(index).click();
  const selected = await editor.evaluate((node) => node.value.slice(node.selectionStart, node.selectionEnd));
  assert.equal(selected, expectedText);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'source');
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
