// Rendering never runs code: every case of ../shared/security/xss-cases.txt,
// placed everywhere an issue can hold it (tests/web/xss.mjs), through every
// HTML output (the web fragment, the standalone page, the email, and the
// Markdown output as another engine renders it with raw HTML allowed), in
// headless Chromium:
// - statically, on Chromium's own parse of each output (DOMParser): no
//   element, attribute or address that can run code or leave the page;
// - dynamically, each output live in a frame, alert/prompt/confirm/print/open
//   hooked, a report-only CSP that reports any script at all, and focus, hover,
//   clicks and every other event on every element: nothing may run, navigate,
//   open a window or clobber the document's built-ins.
// A control case of known-bad markup proves that both checks catch what they
// look for.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { sharedPath } from '../wasm/shared.mjs';
import { dist as DIST, launchChromium } from './browser.mjs';
import {
  auditDocument, clobberedBuiltins, exerciseDocument, hookScript, placements, readXssCases,
} from './xss.mjs';

const { createComposer } = await import(pathToFileURL(path.join(DIST, 'composer.mjs')));
const composer = await createComposer();

// The extensions a blog engine typically enables, with raw HTML allowed: the
// worst place the Markdown output can land.
const GFM_UNSAFE = { extensions: ['table', 'strikethrough', 'autolink', 'tasklist', 'footnotes'], unsafe: true };
const ORIGIN = 'http://xss.test';
// Anything that runs a script breaks this policy; report-only, so it still
// runs and the hooks see it too.
const REPORT_ONLY_CSP = "script-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; "
  + "base-uri 'none'; form-action 'none'";
const SETTLE_MS = 200;

// Every HTML document that one payload becomes.
function documentsOf(payload) {
  const documents = [];
  for (const [placement, source] of Object.entries(placements(payload))) {
    const { outputs } = composer.compose(source, { formats: ['html', 'email', 'markdown'] });
    const page = composer.compose(source, { formats: ['html'], standalone: true }).outputs.html;
    documents.push(
      { name: `${placement} → html`, html: outputs.html, whole: false },
      { name: `${placement} → standalone html`, html: page, whole: true },
      { name: `${placement} → email`, html: outputs.email, whole: true },
      { name: `${placement} → markdown → GFM with raw HTML`, html: composer.renderGfm(outputs.markdown, GFM_UNSAFE), whole: false },
    );
  }
  return documents;
}

let browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

// Loads `documents` side by side in frames of one page, checks each
// statically and live, and returns every finding, each naming its document.
async function findingsFor(t, documents) {
  const context = await browser.newContext();
  t.after(() => context.close());
  const page = await context.newPage();
  const findings = [];
  const frameNames = new Map();
  const nameOf = (frame) => frameNames.get(new URL(frame.url()).pathname) ?? `frame ${frame.url()}`;
  await page.exposeBinding('reportXss', ({ frame }, what) => findings.push(`${nameOf(frame)}: ${what}`));
  await page.addInitScript(hookScript);
  page.on('dialog', (dialog) => {
    findings.push(`${nameOf(dialog.page().mainFrame())}: a ${dialog.type()} dialog opened: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  page.on('popup', (popup) => findings.push(`a window opened: ${popup.url()}`));
  page.on('pageerror', (error) => findings.push(`page error: ${error.message}`));

  const frames = documents.map((document, index) => ({ ...document, path: `/doc/${index}` }));
  for (const frame of frames) frameNames.set(frame.path, frame.name);
  const top = `<!doctype html><title>XSS</title>${frames.map((f) => `<iframe src="${f.path}"></iframe>`).join('')}`;
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) return route.abort();
    const served = frames.find((frame) => frame.path === url.pathname);
    if (url.pathname === '/') return route.fulfill({ contentType: 'text/html; charset=utf-8', body: top });
    if (!served) return route.abort();
    return route.fulfill({
      contentType: 'text/html; charset=utf-8',
      headers: { 'Content-Security-Policy-Report-Only': REPORT_ONLY_CSP },
      body: served.html,
    });
  });
  await page.goto(`${ORIGIN}/`, { waitUntil: 'load' });

  // Static: Chromium's parser on each output as a string, no frame involved.
  const staticFindings = await page.evaluate(([audit, list]) => {
    // eslint-disable-next-line no-new-func -- the audit is shipped as text
    const auditDocument = new Function(`return (${audit})`)();
    return list.map(({ html, whole }) => auditDocument(new DOMParser().parseFromString(html, 'text/html'), whole));
  }, [auditDocument.toString(), frames.map(({ html, whole }) => ({ html, whole }))]);
  staticFindings.forEach((list, index) => findings.push(...list.map((what) => `${frames[index].name}: ${what}`)));

  // Live: every element of every frame exercised, then time for timers,
  // failed image loads and navigations to act.
  let touched = 0;
  for (const frame of page.mainFrame().childFrames()) {
    touched += await frame.evaluate(`(${exerciseDocument})(document)`);
  }
  await page.waitForTimeout(SETTLE_MS);
  for (const frame of page.mainFrame().childFrames()) {
    const expected = frames.find((f) => `${ORIGIN}${f.path}` === frame.url().replace(/#.*$/, ''));
    if (!expected) {
      findings.push(`a frame navigated to ${frame.url()}`);
      continue;
    }
    const clobbered = await frame.evaluate(`(${clobberedBuiltins})(document)`);
    if (clobbered.length) findings.push(`${expected.name}: document built-ins overridden: ${clobbered.join(', ')}`);
  }
  const frameCount = page.mainFrame().childFrames().length;
  if (frameCount !== frames.length) findings.push(`${frameCount} frames instead of ${frames.length}`);
  return { findings, touched };
}

test('control: both checks catch known-bad markup', async (t) => {
  const bad = [
    { name: 'img onerror', html: '<p><img src="x" onerror="alert(1)"></p>', whole: false },
    { name: 'script link', html: '<a href=" jav&#x09;ascript:confirm(2)">x</a>', whole: false },
    { name: 'hover handler', html: '<div onmouseover="prompt(3)">h</div>', whole: false },
    { name: 'svg link', html: '<svg><a xlink:href="javascript:alert(4)"><text y="9">t</text></a></svg>', whole: false },
    { name: 'focus handler', html: '<input onfocus="print()">', whole: false },
    { name: 'clobbering', html: '<img name="createElement" src="data:image/png;base64,iVBORw0KGgo=">', whole: false },
    { name: 'meta refresh', html: '<meta http-equiv="refresh" content="0;url=javascript:alert(5)">', whole: true },
    { name: 'data document', html: '<a href="data:text/html,<b>x</b>">d</a>', whole: false },
  ];
  const { findings } = await findingsFor(t, bad);
  const has = (pattern) => findings.some((finding) => pattern.test(finding));
  assert.ok(has(/^img onerror: event handler onerror/), 'static: handler attribute');
  assert.ok(has(/^img onerror: alert\(1\) ran/), 'live: a failed image load runs its handler');
  assert.ok(has(/^script link: href=/), 'static: script address behind a tab and an entity');
  assert.ok(has(/^script link: confirm\(2\) ran/), 'live: a click follows a script link');
  assert.ok(has(/^hover handler: prompt\(3\) ran/), 'live: hover');
  assert.ok(has(/^svg link: foreign element <svg>/) && has(/^svg link: xlink:href=/), 'static: SVG and its script link');
  assert.ok(has(/^focus handler: print\(\) ran/), 'live: focus');
  assert.ok(has(/^clobbering: document built-ins overridden: createElement/), 'live: clobbering');
  assert.ok(has(/^meta refresh: element <meta>/), 'static: meta refresh outside the fixed head');
  assert.ok(has(/^data document: href=/), 'static: data: document address');
  assert.ok(has(/a script ran \(script-src/), 'live: the report-only CSP sees scripts');
});

const casesFile = sharedPath({ skip: () => {} }, 'security', 'xss-cases.txt');
const cases = casesFile ? readXssCases(readFileSync(casesFile, 'utf8')) : [];

test('the XSS corpus is read', (t) => {
  if (!sharedPath(t, 'security', 'xss-cases.txt')) return;
  assert.ok(cases.length >= 20, `only ${cases.length} cases read`);
  assert.ok(cases.every((c) => c.id && c.payload), 'every case has an id and a payload');
});

for (const { id, payload } of cases) {
  test(`XSS case ${id}: nothing runs in any output`, async (t) => {
    const documents = documentsOf(payload);
    const { findings, touched } = await findingsFor(t, documents);
    assert.deepEqual(findings, []);
    assert.ok(touched > documents.length * 5, `only ${touched} elements exercised`);
  });
}
