// Rendering never runs code in the page either: every case of
// ../shared/security/xss-cases.txt, placed everywhere an issue can hold it
// (xss.mjs), is put into the composer page's editor through the page's own
// handle and shown by its sandboxed preview frame (web/preview.mjs), and
// given to an <issue-preview> on a host page; both are served under the
// strict CSP. Once each placement shows, its rendered DOM is audited and
// exercised as every HTML output is in xss.test.mjs: alert/prompt/confirm/
// print/open hooked, focus, hover, clicks and every other event on every
// element. Nothing may run (no hook called, no dialog, no CSP report, no
// console error such as a script blocked by the frame's sandbox, no page
// error), navigate, open a window, clobber a built-in, or stay in the DOM
// that could. One page of each kind serves every case, and a case's
// placements are shown and checked in one round in the browser.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { sharedPath } from '../wasm/shared.mjs';
import { dist, newRecordedPage, openHostPage, useServerAndBrowser } from './browser.mjs';
import {
  auditDocument, clobberedBuiltins, exerciseDocument, hookScript, placements, readXssCases,
} from './xss.mjs';

const { createComposer } = await import(pathToFileURL(path.join(dist, 'composer.mjs')));
const composer = await createComposer();
const shared = useServerAndBrowser();

const casesFile = sharedPath({ skip: () => {} }, 'security', 'xss-cases.txt');
const cases = casesFile ? readXssCases(readFileSync(casesFile, 'utf8')) : [];
const SETTLE_MS = 200;

// The checks of xss.mjs, installed in a page as window.xssChecks (a string
// evaluated through the DevTools protocol, which the page's CSP, refusing
// eval, does not govern).
const INSTALL_CHECKS = `window.xssChecks = { auditDocument: ${auditDocument}, exerciseDocument: ${exerciseDocument}, `
  + `clobberedBuiltins: ${clobberedBuiltins}, hookScript: ${hookScript} };`;

// <issue-preview> shows images, and the host's CSP refuses remote ones (a
// relative one is not found): loads that fail, not code that runs.
const imageLoad = (problem) => /img-src|Refused to load the image|Failed to load resource/.test(problem);

// A page that reports every attempt: the recorded page's problems (console
// and page errors, CSP reports), hooked dialogs and windows, real dialogs and
// popups, all in `problems`.
async function watchedPage(open) {
  const { page, problems } = await open();
  await page.exposeBinding('reportXss', (_source, what) => problems.push(what));
  page.on('dialog', (dialog) => {
    problems.push(`a ${dialog.type()} dialog opened: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  page.on('popup', (popup) => problems.push(`a window opened: ${popup.url()}`));
  await page.evaluate(INSTALL_CHECKS);
  await page.evaluate(() => window.xssChecks.hookScript(window));
  return { page, problems };
}

// Runs in the composer page: shows each document through the page's own
// handle, waits until the preview frame shows its HTML (the text of
// previewNodes() of the core's HTML, white space aside), then audits and
// exercises the frame's body. A document whose text the frame already shows
// goes after `blank`, so that the wait sees it arrive.
async function checkInPagePreview({ documents, blank, settleMs }) {
  const { composer: page } = await import('./app.mjs');
  const { previewNodes } = await import('./preview.mjs');
  const { auditDocument, exerciseDocument, clobberedBuiltins, hookScript } = window.xssChecks;
  const frame = document.getElementById('preview-frame');
  const view = frame.contentWindow;
  if (!view.xssHooked) {
    hookScript(view);
    view.xssHooked = true;
  }
  // The preview cuts the HTML into parts, which moves white space around.
  const words = (text) => text.replace(/\s+/g, '');
  const textOf = (html) => words(previewNodes(html).map((node) => node.textContent).join(''));
  const shownText = () => words(frame.contentDocument.body.textContent);
  const show = async ({ source, html }) => {
    const expected = textOf(html);
    page.setText(source);
    const start = performance.now();
    while (page.getText() !== source || shownText() !== expected) {
      if (performance.now() - start > 10000) return false;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return true;
  };
  const findings = [];
  let touched = 0;
  for (const shown of documents) {
    if (textOf(shown.html) === shownText()) await show(blank);
    if (!await show(shown)) {
      findings.push(`${shown.name}: the preview did not show it within 10 s`);
      continue;
    }
    const { body, head } = frame.contentDocument;
    findings.push(...auditDocument(body, false).map((finding) => `${shown.name}: ${finding}`));
    const headElements = [...head.children].map((element) => element.localName).join(' ');
    if (headElements !== 'meta link') findings.push(`${shown.name}: the preview's head holds ${headElements}`);
    touched += exerciseDocument(body);
  }
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  if (view.location.href !== 'about:srcdoc') findings.push(`the preview navigated to ${view.location.href}`);
  for (const [name, target] of [['the preview', frame.contentDocument], ['the page', document]]) {
    const clobbered = clobberedBuiltins(target);
    if (clobbered.length) findings.push(`${name}: document built-ins overridden: ${clobbered.join(', ')}`);
  }
  return { findings, touched };
}

// Runs on the host page: gives each document to its <issue-preview>, waits
// for its render event, then audits and exercises what it shows.
async function checkInElement({ documents, settleMs }) {
  const { auditDocument, exerciseDocument, clobberedBuiltins } = window.xssChecks;
  const element = document.querySelector('issue-preview');
  const container = element.shadowRoot.querySelector('[part="issue"]');
  const findings = [];
  let touched = 0;
  for (const { name, source } of documents) {
    const rendered = new AbortController();
    const outcome = new Promise((resolve) => {
      element.addEventListener('render', () => resolve(null), { signal: rendered.signal });
      element.addEventListener('error', (event) => resolve(event.detail?.message), { signal: rendered.signal });
    });
    element.value = source;
    const error = await outcome;
    rendered.abort();
    if (error !== null) {
      findings.push(`${name}: not rendered: ${error}`);
      continue;
    }
    findings.push(...auditDocument(container, false).map((finding) => `${name}: ${finding}`));
    touched += exerciseDocument(container);
  }
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const clobbered = clobberedBuiltins(document);
  if (clobbered.length) findings.push(`document built-ins overridden: ${clobbered.join(', ')}`);
  return { findings, touched };
}

// One placement of a payload per document, with the HTML the core makes of
// it (what the page's preview must come to show).
function documentsOf(payload) {
  return Object.entries(placements(payload)).map(([name, source]) => {
    const { html } = composer.compose(source, { formats: ['html'] }).outputs;
    assert.ok(html !== undefined, `${name}: the core made no HTML`);
    return { name, source, html };
  });
}

const openComposerPage = (t) => async () => {
  const recorded = await newRecordedPage(shared.browser, t);
  await recorded.page.goto(shared.server.url);
  await recorded.page.getByRole('status').filter({ hasText: /^Composed/ }).waitFor();
  return recorded;
};

const openElementHost = (t) => async () => {
  const host = await openHostPage(shared, t, '<issue-preview loading="eager" value="# Host"></issue-preview>',
    { modules: ['issue-preview.mjs'] });
  await host.page.waitForFunction(() => document.querySelector('issue-preview')?.result !== null);
  return host;
};

async function checkEveryCase(t, open, check) {
  if (!sharedPath(t, 'security', 'xss-cases.txt')) return;
  const { page, problems } = await watchedPage(open);
  const blank = { name: 'blank', source: '# Blank\n', html: composer.compose('# Blank\n', { formats: ['html'] }).outputs.html };
  for (const { id, payload } of cases) {
    await t.test(`XSS case ${id}`, async () => {
      const documents = documentsOf(payload);
      problems.length = 0;
      const { findings, touched } = await page.evaluate(check, { documents, blank, settleMs: SETTLE_MS });
      assert.deepEqual([...findings, ...problems.filter((problem) => !imageLoad(problem))], []);
      assert.ok(touched > documents.length * 3, `only ${touched} elements exercised`);
    });
  }
}

test('control: in the preview frame and in <issue-preview>, the checks catch known-bad markup', async (t) => {
  const BAD = '<p><img src="x" onerror="alert(1)"></p><a href="javascript:alert(2)">script link</a>'
    + '<div onmouseover="alert(3)">hover</div>';
  for (const [where, open] of [['preview', openComposerPage(t)], ['element', openElementHost(t)]]) {
    const { page, problems } = await watchedPage(open);
    // Past the core: the markup goes straight into what the preview shows.
    const findings = await page.evaluate(async ({ html, inPreview, settleMs }) => {
      const root = inPreview ? document.getElementById('preview-frame').contentDocument.body
        : document.querySelector('issue-preview').shadowRoot.querySelector('[part="issue"]');
      root.innerHTML = html;
      const found = window.xssChecks.auditDocument(root, false);
      window.xssChecks.exerciseDocument(root);
      await new Promise((resolve) => setTimeout(resolve, settleMs));
      return found;
    }, { html: BAD, inPreview: where === 'preview', settleMs: SETTLE_MS });
    assert.ok(findings.some((finding) => /^event handler onerror/.test(finding)), `${where}: static: handler attribute`);
    assert.ok(findings.some((finding) => /^href="javascript:alert\(2\)"/.test(finding)), `${where}: static: script link`);
    const reported = (pattern) => problems.some((problem) => pattern.test(problem));
    // The preview frame's sandbox stops handlers before the CSP sees them.
    assert.ok(reported(where === 'preview' ? /Blocked script execution in 'about:srcdoc'/ : /inline event handler violates/),
      `${where}: live: a handler's attempt to run is reported`);
    assert.ok(reported(/Running the JavaScript URL violates/), `${where}: live: a followed script link is reported`);
  }
});

test('every XSS case, typed into the page, runs nothing in its sandboxed preview', async (t) => {
  await checkEveryCase(t, openComposerPage(t), checkInPagePreview);
});

test('every XSS case runs nothing in <issue-preview>', async (t) => {
  await checkEveryCase(t, openElementHost(t), checkInElement);
});
