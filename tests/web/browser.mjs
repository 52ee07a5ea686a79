// What the Chromium tests share: Debian's Chromium, launched headless the one
// way that works as root here, and the page served from dist/ by
// scripts/serve.mjs under its strict CSP.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = path.join(ROOT, 'dist');

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic',
];

export function launchChromium() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

// Serves dist/ on a free loopback port: { child, url }.
export async function startServer() {
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/serve.mjs'), DIST], {
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
