// What the Chromium tests share: the Debian Chromium and the flags it needs
// here, a served copy of dist/ (scripts/serve.mjs, under the page's CSP) that
// a test can stop, and a record of everything that must not happen on a page
// (console errors, page errors).
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const dist = path.join(root, 'dist');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic',
];
export const TIMEOUT_MS = 15000;

// Serves `dir` on a free loopback port in this process; stop() closes it
// and every open connection, as a stopped server would.
export async function startServer(dir = dist) {
  const { serve } = await import(path.join(root, 'scripts/serve.mjs'));
  const { server, url } = await serve({ dir, port: 0 });
  return {
    url,
    stop: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

// A private copy of dist/ that a test may change or stop serving.
export async function copyOfDist(t) {
  const dir = await mkdtemp(path.join(tmpdir(), 'composer-dist-'));
  await cp(dist, dir, { recursive: true });
  t.after(() => rm(dir, { recursive: true, force: true }));
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
