// What the Chromium tests share: dist/ served by scripts/serve.mjs under its
// strict CSP, one headless Chromium, and pages that record everything that
// must not happen: console errors (from the page, its frames and its workers,
// which include Chromium's own CSP reports), page errors and CSP violation
// events. scripts/test builds dist/ first; a missing build is a failure.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { CONTENT_SECURITY_POLICY } from '../../scripts/serve.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = path.join(ROOT, 'dist');
export const TIMEOUT_MS = 15000;
export { CONTENT_SECURITY_POLICY };

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic',
];

// Serves dist/ on a free port of 127.0.0.1; resolves to { url, stop }.
export async function startServer() {
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/serve.mjs'), DIST], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  for await (const chunk of child.stdout) {
    output += chunk;
    const match = output.match(/http:\/\/127\.0\.0\.1:\d+\//);
    if (match) {
      const stop = async () => {
        if (child.exitCode !== null) return;
        child.kill();
        await once(child, 'exit');
      };
      return { url: match[0], stop };
    }
  }
  throw new Error(`serve.mjs exited without printing its URL: ${output}`);
}

export function launchChromium() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

// Chromium reports a worker's CSP violations neither to the console nor as
// page events, so served workers get a listener that reports them. It runs
// after the worker's imports, but before the core is started.
const WORKER_CSP_REPORTER = "self.addEventListener('securitypolicyviolation', (event) => "
  + "console.error(`CSP violation in the worker: ${event.violatedDirective} blocked ${event.blockedURI}`));\n";

// A new page in its own context, recording problems; `problems` is the list.
export async function newRecordedPage(browser, t) {
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
  // In every frame, before any of the page's scripts.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      window.reportCspViolation?.(`${event.violatedDirective} blocked ${event.blockedURI} in ${location.href}`);
    });
  });
  return { page, context, problems };
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
