// The email as email developers check theirs, in headless Chromium: at 600 px
// (desktop clients) and 375 px (phones) wide, light and dark, for every
// fixture and the shared sample. Nothing may scroll sideways at 375 px, and
// the document holds nothing mail clients refuse: no script, no external CSS,
// no position, flex or grid, every image with alt, every link absolute (or a
// sending platform's merge tag). Screenshots land in test-results/email/ for
// a person to look at; remote images are answered with a placeholder picture,
// so the run needs no network.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { deflateSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';

import { launchChromium, root } from './browser.mjs';

const shots = path.join(root, 'test-results/email');
const { createComposer } = await import(pathToFileURL(path.join(root, 'dist/composer.mjs')));
const composer = await createComposer();

const WIDTHS = [600, 375];

// A 1200 × 600 grey PNG: what every remote image of the email shows here.
function placeholderPng(width, height) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (bytes) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;  // bit depth
  header[9] = 2;  // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0xc8)]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0)),
  ]);
}
const PICTURE = placeholderPng(1200, 600);

function emails() {
  const fixtures = path.join(root, 'tests/fixtures');
  const list = readdirSync(fixtures, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(fixtures, entry.name, 'input.md')))
    .map((entry) => ({ name: entry.name, file: path.join(fixtures, entry.name, 'input.md') }));
  const sample = path.resolve(root, '../shared/samples/akira-ml-news-27.zh.md');
  if (existsSync(sample)) list.push({ name: 'akira-ml-news-27.zh', file: sample });
  else if (process.env.CI === 'true') throw new Error(`${sample} is missing, and CI=true requires it`);
  return list.map(({ name, file }) => ({
    name,
    html: composer.compose(readFileSync(file), { formats: ['email'] }).outputs.email,
  }));
}

let browser;
before(async () => {
  mkdirSync(shots, { recursive: true });
  browser = await launchChromium();
});
after(() => browser?.close());

async function openEmail(t, html, width, colorScheme) {
  const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme, javaScriptEnabled: false });
  t.after(() => context.close());
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.route('**/*', (route) => route.fulfill({ status: 200, contentType: 'image/png', body: PICTURE }));
  await page.setContent(html, { waitUntil: 'load' });
  return { page, problems };
}

// Everything the checks need, read from the rendered DOM in one go.
async function inspect(page) {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    lang: document.documentElement.lang,
    charset: document.characterSet,
    scripts: document.querySelectorAll('script').length,
    externalCss: document.querySelectorAll('link[rel~="stylesheet"], link[rel~="import"]').length
      + [...document.querySelectorAll('style')].filter((s) => /@import/i.test(s.textContent)).length,
    css: [...document.querySelectorAll('style')].map((s) => s.textContent)
      .concat([...document.querySelectorAll('[style]')].map((e) => e.getAttribute('style'))),
    handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.name))
      .filter((name) => name.startsWith('on')),
    imagesWithoutAlt: [...document.images].filter((img) => !img.hasAttribute('alt')).map((img) => img.src),
    imagesWithoutWidth: [...document.images].filter((img) => !img.hasAttribute('width')).map((img) => img.src),
    imagesWiderThanPage: [...document.images].filter((img) => img.getBoundingClientRect().right > window.innerWidth + 0.5)
      .map((img) => img.src),
    links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
    container: document.querySelector('.em-container')?.getBoundingClientRect().width,
  }));
}

const FORBIDDEN_CSS = /(^|[;{\s])(position|float)\s*:|display\s*:\s*(inline-)?(flex|grid)|(^|[;{\s])(flex|grid)(-[a-z-]+)?\s*:/i;
const PLACEHOLDER = /^(\{\{.*\}\}|\{%.*%\}|\*\|.*\|\*|%[A-Za-z_][\w.-]*%)$/;

for (const { name, html } of emails()) {
  test(`email of ${name}: nothing that mail clients refuse`, async (t) => {
    const { page, problems } = await openEmail(t, html, 600, 'light');
    const seen = await inspect(page);
    assert.equal(seen.scripts, 0, 'no <script>');
    assert.equal(seen.externalCss, 0, 'no external CSS');
    assert.deepEqual(seen.css.filter((css) => FORBIDDEN_CSS.test(css)), [], 'no position, float, flex or grid');
    assert.deepEqual(seen.handlers, [], 'no event-handler attribute');
    assert.deepEqual(seen.imagesWithoutAlt, [], 'every <img> has alt');
    assert.deepEqual(seen.imagesWithoutWidth, [], 'every <img> has a width (Outlook)');
    assert.deepEqual(seen.links.filter((href) => !/^(https?:\/\/|mailto:|tel:)/i.test(href) && !PLACEHOLDER.test(href)), [],
      'every link absolute');
    assert.ok(seen.lang, 'lang declared');
    assert.equal(seen.charset, 'UTF-8');
    assert.ok(Buffer.byteLength(html) < 102 * 1024, 'under Gmail\'s clipping limit');
    assert.deepEqual(problems, []);
  });

  for (const width of WIDTHS) {
    for (const scheme of ['light', 'dark']) {
      test(`email of ${name} at ${width} px, ${scheme}: no sideways scrolling`, async (t) => {
        const { page, problems } = await openEmail(t, html, width, scheme);
        const seen = await inspect(page);
        assert.ok(seen.scrollWidth <= width, `the page is ${seen.scrollWidth} px wide at ${width} px`);
        assert.deepEqual(seen.imagesWiderThanPage, []);
        if (width === 600) assert.ok(Math.abs(seen.container - 600) <= 1, `the email is ${seen.container} px wide`);
        await page.screenshot({ path: path.join(shots, `${name}-${width}-${scheme}.png`), fullPage: true });
        assert.deepEqual(problems, []);
      });
    }
  }
}
