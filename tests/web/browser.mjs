// What the Chromium tests share: the Debian Chromium and the flags it needs
// here, dist/ served by scripts/serve.mjs under its strict CSP (in this
// process, so a test can stop it or serve a changed copy), and pages that
// record everything that must not happen: console errors (from the page, its
// frames and its workers, which include Chromium's own CSP reports), page
// errors and CSP violation events. scripts/test builds dist/ first; a missing
// build is a failure.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';

import { CHROMIUM, CHROMIUM_ARGS, launchChromium } from '../../scripts/chromium.mjs';
import { CONTENT_SECURITY_POLICY, serve } from '../../scripts/serve.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const dist = path.join(root, 'dist');
export const TIMEOUT_MS = 15000;
export { CHROMIUM, CHROMIUM_ARGS, CONTENT_SECURITY_POLICY, launchChromium };

// Serves `dir` on a free loopback port in this process; resolves to
// { url, stop }; stop() closes the server and every open connection, as a
// stopped server would.
export async function startServer(dir = dist) {
  const { server, url } = await serve({ dir, port: 0 });
  return {
    url,
    stop: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

// Registers hooks that start the server and Chromium before a file's tests
// and stop them after; the returned object holds `server` and `browser`.
export function useServerAndBrowser() {
  const shared = {};
  before(async () => {
    shared.server = await startServer();
    shared.browser = await launchChromium();
  });
  after(async () => {
    await shared.browser?.close();
    await shared.server?.stop();
  });
  return shared;
}

// A private copy of dist/ that a test may change or stop serving.
export async function copyOfDist(t) {
  const dir = await temporaryDir(t, 'composer-dist-');
  await cp(dist, dir, { recursive: true });
  return dir;
}

export async function temporaryDir(t, prefix) {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true, maxRetries: 3 }));
  return dir;
}

// Collects console errors and page errors of a page into `problems`.
export function watchPage(page, problems) {
  page.setDefaultTimeout(TIMEOUT_MS);
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return page;
}

// Chromium reports a worker's CSP violations neither to the console nor as
// page events, so served workers get a listener that reports them. It runs
// after the worker's imports, but before the core is started.
const WORKER_CSP_REPORTER = "self.addEventListener('securitypolicyviolation', (event) => "
  + "console.error(`CSP violation in the worker: ${event.violatedDirective} blocked ${event.blockedURI}`));\n";

// A new page in its own context, recording problems (watchPage() and CSP
// violations in the page, its frames and workers); `problems` is the list.
export async function newRecordedPage(browser, t) {
  const context = await browser.newContext();
  const problems = [];
  const page = watchPage(await context.newPage(), problems);
  // A route still fetching (the worker, as a test ends while the page starts
  // it) would reject once the context is gone, after the test.
  t.after(async () => {
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await context.close();
  });
  await page.exposeBinding('reportCspViolation', (_source, text) => problems.push(`CSP violation: ${text}`));
  await page.route('**/worker.mjs', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: WORKER_CSP_REPORTER + await response.text() });
  });
  // In every frame, before any of the page's scripts.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      window.reportCspViolation?.(`${event.violatedDirective} blocked ${event.blockedURI} in ${location.href}`);
    });
  });
  return { page, context, problems };
}

// The paths `page` requests from now on, as they come.
export function requestedPaths(page) {
  const paths = [];
  page.on('request', (request) => paths.push(new URL(request.url()).pathname));
  return paths;
}

// Opens a test-only host page on the served origin in a new recorded page:
// `body` inside <body>, its own stylesheet (`css`) and module (`script`), as
// the strict CSP admits no inline ones, after the dist/ modules in `modules`;
// `beforeLoad(page)` runs before the page is opened (routes, for instance).
// Resolves to newRecordedPage()'s { page, problems } and `paths`, every path
// the page requested.
export async function openHostPage(shared, t, body, { css = '', script = '', modules = [], beforeLoad = async () => {} } = {}) {
  const { page, problems } = await newRecordedPage(shared.browser, t);
  await beforeLoad(page);
  const name = new URL(`test-host/${t.name.replace(/\W+/g, '-').slice(0, 60)}`, shared.server.url).href;
  await serveTestFile(page, `${name}.css`, css, 'text/css; charset=utf-8');
  await serveTestFile(page, `${name}.mjs`, script, 'text/javascript; charset=utf-8');
  const scripts = [...modules.map((module) => `/${module}`), `${name}.mjs`]
    .map((src) => `<script type="module" src="${src}"></script>`).join('');
  await serveTestFile(page, `${name}.html`, '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>'
    + `<link rel="stylesheet" href="${name}.css">${scripts}</head><body>${body}</body></html>`);
  const paths = requestedPaths(page);
  await page.goto(`${name}.html`);
  return { page, problems, paths };
}

// Serves `body` at `url` (on a served origin, under the strict CSP) to this
// page, for host pages and stylesheets that exist only in a test.
export async function serveTestFile(page, url, body, contentType = 'text/html; charset=utf-8') {
  await page.route(url, (route) => route.fulfill({
    status: 200,
    headers: { 'Content-Type': contentType, 'Content-Security-Policy': CONTENT_SECURITY_POLICY },
    body,
  }));
}
