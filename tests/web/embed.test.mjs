// dist/embed.html in an iframe of another origin: a host page on
// http://localhost:<port> embeds it from http://127.0.0.1:<port>, and a third
// origin's frame on the same host page tries to drive it. The document
// round-trips over postMessage; the foreign frame is ignored, without a reply.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';

import { launchChromium, newRecordedPage, startServer } from './browser.mjs';

let server;
let others;
let browser;

before(async () => {
  server = await startServer();
  others = await startOtherOrigins(new URL(server.url).origin);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  others?.close();
  await server?.stop();
});

const PROTOCOL = 'issue-composer';

// The host's script: it frames the embed and the foreign page, records what
// the embed sends and lets the test post to it.
const HOST_SCRIPT = `
const params = new URLSearchParams(location.search);
window.received = [];
window.addEventListener('message', (event) => {
  if (event.origin === params.get('embed-origin')) window.received.push(event.data);
});
const embed = document.createElement('iframe');
embed.id = 'embed';
embed.title = 'Issue Composer';
embed.src = params.get('embed');
embed.width = '1100';
embed.height = '700';
document.body.append(embed);
const foreign = document.createElement('iframe');
foreign.id = 'foreign';
foreign.src = params.get('foreign');
document.body.append(foreign);
window.toEmbed = (message) => embed.contentWindow.postMessage({ protocol: '${PROTOCOL}', version: 1, ...message }, params.get('embed-origin'));
`;

// The foreign frame's script: it records what reaches it.
const FOREIGN_SCRIPT = `
window.received = [];
window.addEventListener('message', (event) => window.received.push(event.data));
`;

// Host and foreign pages come from a second server of the test's own, each
// under its strict CSP (the host's also lets it frame the two others); the
// embed is dist/embed.html from scripts/serve.mjs. Three origins, all on
// this machine: the embed http://127.0.0.1:<a>, the host http://localhost:<b>,
// the foreign page http://127.0.0.1:<b>.
const POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'";
const PAGE = (title, script) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>`
  + `<script type="module" src="${script}"></script></head><body></body></html>`;

async function startOtherOrigins(embedOrigin) {
  const files = {
    '/host.html': ['text/html', PAGE('Host', 'host.mjs')],
    '/host.mjs': ['text/javascript', HOST_SCRIPT],
    '/foreign.html': ['text/html', PAGE('Foreign', 'foreign.mjs')],
    '/foreign.mjs': ['text/javascript', FOREIGN_SCRIPT],
  };
  const other = createServer((request, response) => {
    const [type, body] = files[new URL(request.url, 'http://localhost').pathname] ?? ['text/plain', 'Not Found'];
    const port = other.address().port;
    response.writeHead(body === 'Not Found' ? 404 : 200, {
      'Content-Type': `${type}; charset=utf-8`,
      'Content-Security-Policy': `${POLICY}; frame-src ${embedOrigin} http://127.0.0.1:${port}`,
    });
    response.end(body);
  });
  other.listen(0, '127.0.0.1');
  await once(other, 'listening');
  return other;
}

async function openHost(t, { withOrigin = true } = {}) {
  const { page, problems } = await newRecordedPage(browser, t);
  const embedOrigin = new URL(server.url).origin;
  const port = others.address().port;
  const hostOrigin = `http://localhost:${port}`;
  const foreignOrigin = `http://127.0.0.1:${port}`;
  const embedUrl = `${embedOrigin}/embed.html${withOrigin ? `?origin=${encodeURIComponent(hostOrigin)}` : ''}`;
  const query = new URLSearchParams({ embed: embedUrl, 'embed-origin': embedOrigin, foreign: `${foreignOrigin}/foreign.html` });
  await page.goto(`${hostOrigin}/host.html?${query}`);
  const embed = () => page.frames().find((frame) => frame.url().startsWith(`${embedOrigin}/embed.html`));
  const foreign = () => page.frames().find((frame) => frame.url().startsWith(foreignOrigin));
  await page.waitForFunction(() => document.getElementById('foreign') && document.getElementById('embed'));
  return { page, problems, embed, foreign, hostOrigin, embedOrigin };
}

const receivedOf = (page, type) => page.evaluate((type) => window.received.filter((m) => m.type === type), type);
// The first message of `type` (with `id`, when given) the host has received.
const waitForMessage = (page, type, id) => page.waitForFunction(
  ([type, id]) => window.received.find((m) => m.type === type && (id === undefined || m.id === id)), [type, id],
).then((handle) => handle.jsonValue());

test('the embed round-trips a document over postMessage with its embedding origin', async (t) => {
  const { page, problems, embed } = await openHost(t);
  const ready = await waitForMessage(page, 'ready');
  assert.equal(ready.protocol, PROTOCOL);
  assert.equal(ready.apiVersion, 1);
  assert.ok(ready.formats.includes('email'));

  const source = '# Round trip #12\n\n## 1. Links\n\n### [An item](https://example.org/a)\nIts summary.\n';
  await page.evaluate((value) => window.toEmbed({ type: 'set-value', value, id: 1 }), source);
  await waitForMessage(page, 'reply', 1);
  await page.evaluate(() => window.toEmbed({ type: 'get-value', id: 2 }));
  const value = await waitForMessage(page, 'reply', 2);
  assert.equal(value.result.value, source);
  // The embed's own editor shows it.
  await embed().getByRole('textbox', { name: /issue source/i }).filter({ hasText: 'Round trip #12' }).waitFor();

  await page.evaluate(() => window.toEmbed({ type: 'compose', id: 3, options: { formats: ['text'] } }));
  const composed = await waitForMessage(page, 'reply', 3);
  assert.equal(composed.result.issue.title, 'Round trip #12');
  assert.match(composed.result.outputs.text, /An item/);

  await page.evaluate(() => window.toEmbed({ type: 'publish' }));
  const published = await waitForMessage(page, 'publish');
  assert.equal(published.source, source);
  assert.equal(published.issue.number, 12);
  assert.deepEqual(Object.keys(published.outputs).sort(), ['email', 'html', 'json', 'markdown', 'text']);

  // Typing in the embed reaches the host as input and diagnostics.
  await embed().getByRole('textbox', { name: /issue source/i }).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nTK\n');
  // The last input message carries the whole text (a loaded machine may
  // pause mid-word and send an earlier one too).
  await page.waitForFunction((expected) => window.received.some((m) => m.type === 'input' && m.source === expected), `${source}\nTK\n`);
  await page.waitForFunction(() => window.received.some((m) => m.type === 'diagnostics'
    && m.diagnostics.some((d) => d.rule === 'text/placeholder')));

  await page.evaluate(() => window.toEmbed({ type: 'no-such-request', id: 4 }));
  const error = await waitForMessage(page, 'error', 4);
  assert.match(error.message, /unknown message type/);
  await page.evaluate(() => window.toEmbed({ type: 'get-value', id: 5, version: 2 }));
  assert.match((await waitForMessage(page, 'error', 5)).message, /protocol version 2 is not 1/);
  assert.deepEqual(problems, []);
});

test('messages from a foreign origin are ignored and never answered', async (t) => {
  const { page, problems, embed, foreign, embedOrigin } = await openHost(t);
  await waitForMessage(page, 'ready');
  await page.evaluate(() => window.toEmbed({ type: 'set-value', value: '# Mine #1\n', id: 1 }));
  await waitForMessage(page, 'reply', 1);

  // The foreign frame posts straight to the embed's window, to any origin.
  await foreign().evaluate((origin) => {
    const target = parent.frames[0];
    for (const type of ['hello', 'set-value', 'get-value', 'publish']) {
      target.postMessage({ protocol: 'issue-composer', version: 1, type, id: `foreign-${type}`, value: '# Hijacked #9\n' }, origin);
    }
  }, embedOrigin);
  // A request of the host's sent after those is answered after them.
  await page.evaluate(() => window.toEmbed({ type: 'get-value', id: 2 }));
  const value = await waitForMessage(page, 'reply', 2);
  assert.equal(value.result.value, '# Mine #1\n');
  assert.equal(await embed().evaluate(() => document.getElementById('composer').getValue()), '# Mine #1\n');
  assert.deepEqual(await foreign().evaluate(() => window.received), []);
  const answered = (await page.evaluate(() => window.received)).filter((m) => String(m.id).startsWith('foreign'));
  assert.deepEqual(answered, []);
  assert.deepEqual(await receivedOf(page, 'publish'), []);
  assert.deepEqual(problems, []);
});

test('without ?origin=, the parent\'s first hello names the origin, and only the parent may send it', async (t) => {
  const { page, problems, embed, foreign, embedOrigin } = await openHost(t, { withOrigin: false });
  await embed().locator('issue-composer').waitFor();
  // The foreign frame cannot claim the embed: it is not the parent.
  await foreign().evaluate((origin) => parent.frames[0].postMessage({ protocol: 'issue-composer', version: 1, type: 'hello' }, origin), embedOrigin);
  await page.evaluate(() => window.toEmbed({ type: 'hello' }));
  await waitForMessage(page, 'ready');
  await page.evaluate(() => window.toEmbed({ type: 'set-value', value: '# Handshake #2\n', id: 1 }));
  await waitForMessage(page, 'reply', 1);
  assert.equal(await embed().evaluate(() => document.getElementById('composer').getValue()), '# Handshake #2\n');
  assert.deepEqual(await foreign().evaluate(() => window.received), []);
  assert.deepEqual(problems, []);
});
