// <issue-preview> in Chromium under the strict CSP: the public post example,
// lazy loading of the core, the size report's list of files, attributes and
// properties, inline and fetched sources, theming, and a hostile host page.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { PREVIEW_FILES } from '../../scripts/preview-size.mjs';
import {
  newRecordedPage, openHostPage, requestedPaths, serveTestFile, useServerAndBrowser,
} from './browser.mjs';

const shared = useServerAndBrowser();

const openHost = (t, body, options = {}) => openHostPage(shared, t, body, { ...options, modules: ['issue-preview.mjs'] });

const rendered = (page, selector = 'issue-preview') => page.waitForFunction(
  (selector) => [...document.querySelectorAll(selector)].every((element) => element.result !== null),
  selector,
);

test('the public post example renders its issue under the strict CSP, without a problem', async (t) => {
  const { page, problems } = await newRecordedPage(shared.browser, t);
  await page.goto(new URL('examples/post.html', shared.server.url).href);
  const preview = page.locator('issue-preview');
  await preview.getByRole('heading', { level: 1, name: 'Weekly ML Digest — #28' }).waitFor();
  await preview.getByRole('heading', { name: 'Retrieval beats scale on open-domain questions' }).waitFor();
  const image = preview.getByRole('img', { name: /Accuracy of retrieval-augmented/ });
  await page.waitForFunction((element) => element.complete && element.naturalWidth > 0, await image.elementHandle());
  // The host themes it through a custom property and a part.
  const accent = await page.evaluate(() => getComputedStyle(document.body).getPropertyValue('--blog-accent').trim());
  assert.equal(accent, '#8a3b12');
  assert.equal(await preview.locator('.issue-title').evaluate((node) => getComputedStyle(node).color), 'rgb(138, 59, 18)');
  assert.equal(await preview.locator('.item-title a').first().evaluate((node) => getComputedStyle(node).color), 'rgb(138, 59, 18)');
  assert.deepEqual(problems, []);
});

test('the size report lists exactly what the post page downloads for the preview', async (t) => {
  const { page, problems } = await newRecordedPage(shared.browser, t);
  const paths = requestedPaths(page);
  await page.goto(new URL('examples/post.html', shared.server.url).href);
  await rendered(page);
  const forPreview = [...new Set(paths.filter((path) => !path.startsWith('/examples/')))].sort();
  assert.deepEqual(forPreview, Object.values(PREVIEW_FILES).flat().map((file) => `/${file}`).sort());
  assert.deepEqual(problems, []);
});

test('the core is fetched only when a preview scrolls into view, and once for all previews', async (t) => {
  const { page, problems, paths } = await openHost(t, `
    <div class="spacer"></div>
    <issue-preview id="first" value="# First issue #1"></issue-preview>
    <issue-preview id="second">
      <script type="text/markdown">
        # Second issue #2

        ## 1. Inline
        Written inside the element, indented with the page's HTML.
      </script>
    </issue-preview>`, { css: '.spacer { height: 4000px; }' });
  await page.waitForFunction(() => customElements.get('issue-preview'));
  await page.waitForTimeout(300);
  assert.ok(!paths.some((path) => path.endsWith('.wasm')), 'no WASM before the preview is in view');
  assert.equal(await page.evaluate(() => document.getElementById('first').result), null);
  await page.locator('#second').scrollIntoViewIfNeeded();
  await rendered(page);
  assert.equal(paths.filter((path) => path.endsWith('/composer-core.wasm')).length, 1);
  await page.locator('#first').getByRole('heading', { name: 'First issue #1' }).waitFor();
  const second = page.locator('#second');
  await second.getByRole('heading', { level: 1, name: 'Second issue #2' }).waitFor();
  // Dedented: a section, not a code block.
  await second.getByRole('heading', { level: 2, name: /Inline/ }).waitFor();
  assert.equal(await second.locator('pre').count(), 0);
  assert.deepEqual(problems, []);
});

test('attributes and properties take effect: value, src (Markdown or JSON), theme, lang, images', async (t) => {
  const { page, problems } = await openHost(t, '<issue-preview id="p" loading="eager" value="# One #1"></issue-preview>');
  const preview = page.locator('#p');
  await preview.getByRole('heading', { name: 'One #1' }).waitFor();
  const events = [];
  await page.exposeFunction('recordRender', (title) => events.push(title));
  await page.evaluate(() => document.getElementById('p').addEventListener('render', (event) => window.recordRender(event.detail.issue.title)));

  await page.evaluate(() => { document.getElementById('p').value = '# Two #2\n\n## 1. Section\n'; });
  await preview.getByRole('heading', { name: 'Two #2' }).waitFor();
  await page.evaluate(() => { document.getElementById('p').setAttribute('value', '# Three #3\n'); });
  await preview.getByRole('heading', { name: 'Three #3' }).waitFor();
  assert.equal(await page.evaluate(() => document.getElementById('p').value), '# Three #3\n');

  // src is used once no value is set.
  await page.evaluate(() => {
    const element = document.getElementById('p');
    element.removeAttribute('value');
    element.value = null;
    element.src = '/examples/issue-28.md';
  });
  await preview.getByRole('heading', { name: 'Weekly ML Digest — #28' }).waitFor();
  await serveTestFile(page, new URL('test-host/issue.json', shared.server.url).href, JSON.stringify({ source: '# From JSON #9\n' }), 'application/json');
  await page.evaluate(() => { document.getElementById('p').src = '/test-host/issue.json'; });
  await preview.getByRole('heading', { name: 'From JSON #9' }).waitFor();
  await page.evaluate(() => { document.getElementById('p').src = '/no/such/issue.md'; });
  await preview.getByRole('alert').filter({ hasText: /could not be shown: .*404/ }).waitFor();

  await page.evaluate(() => { document.getElementById('p').value = '# Images #4\n\n### [An item](https://example.org/)\n![A chart](/examples/images/retrieval-chart.svg)\nSummary.\n'; });
  await preview.getByRole('img', { name: 'A chart' }).waitFor();
  assert.equal(await preview.locator('img').count(), 1);
  await page.evaluate(() => document.getElementById('p').setAttribute('images', 'placeholder'));
  await page.waitForFunction(() => document.getElementById('p').shadowRoot.querySelector('img') === null);
  await preview.getByRole('img', { name: 'A chart' }).waitFor();

  const title = preview.locator('.issue-title');
  await page.evaluate(() => document.getElementById('p').setAttribute('theme', 'light'));
  assert.equal(await title.evaluate((node) => getComputedStyle(node).color), 'rgb(29, 35, 48)');
  await page.evaluate(() => document.getElementById('p').setAttribute('theme', 'dark'));
  assert.equal(await title.evaluate((node) => getComputedStyle(node).color), 'rgb(227, 230, 235)');

  await page.evaluate(() => document.getElementById('p').setAttribute('lang', 'de'));
  await page.waitForFunction(() => document.getElementById('p').shadowRoot.querySelector('[part~="issue"]').lang === 'de');
  assert.ok(events.includes('Two #2') && events.includes('Three #3') && events.includes('From JSON #9'), JSON.stringify(events));
  // The failed fetch is expected to show up in the console, and nothing else.
  assert.deepEqual(problems.filter((problem) => !/404/.test(problem)), []);
});

test('a host page with hostile global CSS neither breaks the preview nor is changed by it', async (t) => {
  const hostile = `* { all: unset; } html { font-size: 64px; } body { font-size: 80px; color: rgb(200, 0, 0); font-family: monospace; }
    h1, p { display: block; } .host-heading { font-size: 50px; }`;
  const host = '<h1 class="host-heading">Host heading</h1><p class="host-text">Host text</p>';
  const styleOf = (page) => page.evaluate(() => Object.fromEntries(['.host-heading', '.host-text'].map((selector) => {
    const style = getComputedStyle(document.querySelector(selector));
    return [selector, ['font-size', 'color', 'font-family', 'display', 'margin-top', 'line-height'].map((name) => style.getPropertyValue(name))];
  })));

  const without = await openHost(t, host, { css: hostile });
  const hostStyle = await styleOf(without.page);

  const { page, problems } = await openHost(t, `${host}<issue-preview loading="eager" value="# Hostile #5\n\n- A highlight\n\n## 1. Section\n\n### [Item](https://example.org/)\nSummary text.\n"></issue-preview>`, { css: hostile });
  const preview = page.locator('issue-preview');
  await preview.getByRole('heading', { name: 'Hostile #5' }).waitFor();
  assert.deepEqual(await styleOf(page), hostStyle, 'the element changed the host page\'s styles');
  const inside = await preview.locator('.issue-title').evaluate((node) => {
    const style = getComputedStyle(node);
    return { fontSize: style.fontSize, color: style.color, display: style.display };
  });
  assert.deepEqual(inside, { fontSize: '28px', color: 'rgb(29, 35, 48)', display: 'block' });
  const list = await preview.locator('.issue-highlights').evaluate((node) => getComputedStyle(node).display);
  assert.equal(list, 'block');
  const box = await preview.locator('.issue-title').boundingBox();
  assert.ok(box.height > 20 && box.height < 80, `the title is ${box.height}px tall`);
  assert.deepEqual(problems, []);
  assert.deepEqual(without.problems, []);
});
