// Debian's Chromium, headless, with the flags it needs on these machines:
// no sandbox (it runs as root), no GPU, and nothing fetched or updated in
// the background. A fresh profile each launch (Playwright's default).
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic',
];

export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}
