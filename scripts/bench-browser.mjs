#!/usr/bin/env node
// The page's speed in headless Chromium, as a writer meets it (`scripts/bench
// --browser`, after a build). Serves dist/ with scripts/serve.mjs and measures
//   - first load: navigation start to the editor holding the example
//     (performance mark "composer:editor-ready"), and to the preview showing
//     it, median of fresh profiles;
//   - keystroke to preview: from each keydown (the event's own timestamp,
//     so time the event waited behind other work counts) to the first frame
//     painted after the preview's DOM received that keystroke (a
//     MutationObserver on the preview frame sees the typed text arrive; the
//     time is taken after the next animation frame has been rendered), p50
//     and p95;
//   - keystroke to editor, measured alike up to the frame that paints the
//     key in the editor itself: the floor the preview cannot beat, what
//     the browser and CodeMirror cost before the core is asked anything;
//   - main-thread long tasks (over 50 ms) while typing, and the longest;
// on the English sample and on a 1 MB issue made of its sections repeated
// and numbered on; then, as peers in the same run, keystroke to paint in
// editors that do less, each holding the sample (scripts/bench-peers/): a
// plain contenteditable element (the browser's floor), CodeMirror with soft
// wrap alone, and the page's editor without the rest of the page. Typing is
// a word per round into a summary in the middle of the issue, one key every
// KEY_INTERVAL_MS, as a fast writer types.
// Prints a table with the targets beside the figures. `--dist DIR` serves
// another build (to compare before and after in one sitting).
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { percentile, recordKeysAndLongTasks } from './bench-page.mjs';
import { launchChromium } from './chromium.mjs';
import { serve } from './serve.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LOADS = 7;
const KEY_INTERVAL_MS = 90;
const WORD = 'qzxabcdefghijklmnopr';  // each prefix of it, after a full stop, is unique in the issue
const ROUNDS = { sample: 4, large: 3 };
const LARGE_BYTES = 1024 * 1024;

const sample = await readFile(path.join(root, 'web/samples/weekly-ml-digest.md'), 'utf8');

// The sample's front matter, title and highlights once, then its numbered
// sections again and again, numbered on, until the issue passes 1 MB.
function largeIssue() {
  const firstSection = sample.indexOf('\n## 1.');
  const head = sample.slice(0, firstSection + 1);
  const sections = sample.slice(firstSection + 1).split(/^(?=## \d+\. )/m);
  let text = head;
  let number = 0;
  while (Buffer.byteLength(text) < LARGE_BYTES) {
    for (const section of sections) text += section.replace(/^## \d+\./, `## ${++number}.`);
  }
  return text;
}

// Each load in a fresh profile: when the editor holds the example, and when
// the preview first shows it (the core loaded and composed it).
async function firstLoad(browser, url) {
  const times = { editor: [], preview: [] };
  for (let i = 0; i < LOADS; i += 1) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    const previewAt = await page.waitForFunction(
      () => document.getElementById('preview-frame')?.contentDocument?.querySelector('section.issue-section') && performance.now(),
      null, { timeout: 120000, polling: 'raf' });
    times.preview.push(await previewAt.jsonValue());
    await page.waitForFunction(() => performance.getEntriesByName('composer:editor-ready').length > 0, null, { timeout: 120000 });
    times.editor.push(await page.evaluate(() => performance.getEntriesByName('composer:editor-ready')[0].startTime));
    await context.close();
  }
  return times;
}

// In the page, beside the keys and long tasks (bench-page.mjs): the editor's
// mutations that bring the typed text, and the preview's when `preview`.
function instrument([word, preview]) {
  const state = window.benchState;
  state.shown = [];
  state.edited = [];
  const content = document.getElementById('editor').shadowRoot.querySelector('.cm-content');
  // How much of the word a text shows: it is typed after a full stop and
  // before a space, and from its first letter on each prefix is unique.
  const typedIn = (text) => {
    for (let length = word.length; length > 0; length -= 1) {
      if (text.includes(`.${word.slice(0, length)} `)) return length;
    }
    return -1;
  };
  // After the frame that paints a change: its animation frame callbacks run
  // before rendering, and a message posted from there is handled after it.
  const afterNextPaint = (callback) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => callback(performance.now());
    channel.port2.postMessage(null);
  });
  if (preview) {
    new MutationObserver((records) => {
      let typed = -1;
      for (const record of records) {
        for (const node of record.addedNodes) typed = Math.max(typed, typedIn(node.textContent ?? ''));
      }
      if (typed > 0) afterNextPaint((now) => state.shown.push([typed, now]));
    }).observe(document.getElementById('preview-frame').contentDocument.body, { childList: true, subtree: true });
  }
  // The editor's line that holds the word, as CodeMirror changes its nodes.
  new MutationObserver((records) => {
    let typed = -1;
    for (const { target } of records) {
      const line = (target.nodeType === 1 ? target : target.parentElement)?.closest('.cm-line');
      if (line) typed = Math.max(typed, typedIn(line.textContent));
    }
    if (typed > 0) afterNextPaint((now) => state.edited.push([typed, now]));
  }).observe(content, { childList: true, subtree: true, characterData: true });
}

// Types WORD `rounds` times into the page's editor, at the end of the first
// sentence of a paper summary past the middle of the text, through
// window.benchEditor ({ getText, select, remove }); the latencies from each
// keydown to the editor's paint and, with `preview`, to the preview's.
async function typeRounds(page, rounds, preview) {
  await page.evaluate(recordKeysAndLongTasks);
  await page.evaluate(instrument, [WORD, preview]);
  const latencies = [];
  const editorLatencies = [];
  let missed = 0;
  for (let round = 0; round < rounds; round += 1) {
    await page.evaluate(() => {
      const editor = window.benchEditor;
      const text = editor.getText();
      editor.select(text.indexOf('. ', text.indexOf('\n[2108.', Math.floor(text.length / 2))) + 1);
      window.benchState.keys = [];
      window.benchState.shown = [];
      window.benchState.edited = [];
    });
    for (const key of WORD) {
      await page.keyboard.press(key);
      await page.waitForTimeout(KEY_INTERVAL_MS);
    }
    // A keystroke whose text never reached the preview within the wait
    // counts as missed (printed beside the figures).
    if (preview) {
      await page.waitForFunction((length) => window.benchState.shown.some(([typed]) => typed >= length),
        WORD.length, { timeout: 60000 }).catch(() => {});
    } else {
      await page.waitForTimeout(300);
    }
    const { keys, shown, edited } = await page.evaluate(() => window.benchState);
    // Keystroke k (typed prefix length k+1) is on screen at the first repaint
    // that shows it or a later prefix.
    keys.forEach((time, k) => {
      const painted = edited.find(([typed, at]) => typed >= k + 1 && at >= time);
      if (painted) editorLatencies.push(painted[1] - time);
      if (!preview) return;
      const seen = shown.find(([typed, at]) => typed >= k + 1 && at >= time);
      if (seen) latencies.push(seen[1] - time);
      else missed += 1;
    });
    await page.evaluate((word) => {
      const at = window.benchEditor.getText().indexOf(word);
      window.benchEditor.remove(at, at + word.length);
    }, WORD);
    await page.waitForTimeout(1000);
  }
  const { longTasks } = await page.evaluate(() => window.benchState);
  return { latencies, editorLatencies, longTasks, missed };
}

async function typing(browser, url, source, rounds) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('composer:editor-ready').length > 0, null, { timeout: 120000 });
  await page.evaluate(async (text) => (await import('./app.mjs')).composer.setText(text), source);
  // Until the preview shows every section of the new text (a 1 MB issue is
  // painted in slices).
  const sections = source.match(/^## /gm).length;
  // (waitForFunction does not await promises: the handle is read, not imported.)
  await page.evaluate(async () => {
    const { composer } = await import('./app.mjs');
    window.composerHandle = composer;
    const { editor } = composer;
    window.benchEditor = {
      getText: () => editor.getText(),
      select: (at) => editor.select(at),
      remove: (from, to) => editor.edit([{ from, to, insert: '' }]),
    };
  });
  await page.waitForFunction(([length, count]) => {
    const preview = document.getElementById('preview-frame').contentDocument;
    return window.composerHandle.getText().length === length
      && preview.querySelectorAll('section.issue-section').length === count;
  }, [source.length, sections], { timeout: 300000, polling: 500 });
  await page.waitForTimeout(1500);
  const measured = await typeRounds(page, rounds, true);
  await context.close();
  return measured;
}

// The peers' page (scripts/bench-peers/), bundled with the sample into a
// temporary folder for `serve`.
async function buildPeers() {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-peers-'));
  const peers = path.join(root, 'scripts/bench-peers');
  await build({
    entryPoints: [path.join(peers, 'peer.src.mjs')],
    outfile: path.join(dir, 'peer.mjs'),
    bundle: true,
    format: 'esm',
    minify: true,
    target: 'es2022',
    logLevel: 'warning',
  });
  await copyFile(path.join(peers, 'peer.html'), path.join(dir, 'peer.html'));
  await copyFile(path.join(peers, 'peer.css'), path.join(dir, 'peer.css'));
  await copyFile(path.join(root, 'web/samples/weekly-ml-digest.md'), path.join(dir, 'sample.md'));
  return dir;
}

// Keystroke to paint in one of the peers, typed as into the page.
async function typingPeer(browser, url, editor) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${url}peer.html?editor=${editor}`);
  await page.waitForFunction(() => performance.getEntriesByName('bench:editor-ready').length > 0, null, { timeout: 120000 });
  await page.waitForTimeout(1500);
  const { editorLatencies } = await typeRounds(page, ROUNDS.sample, false);
  await context.close();
  return editorLatencies;
}

const fmt = (value) => (value === undefined ? '—' : value.toFixed(1));

const distArg = process.argv.indexOf('--dist');
const dist = distArg === -1 ? path.join(root, 'dist') : path.resolve(process.argv[distArg + 1]);
const { server, url } = await serve({ dir: dist, port: 0 });
const peersDir = await buildPeers();
const peers = await serve({ dir: peersDir, port: 0 });
const loadAtStart = loadavg()[0];
const browser = await launchChromium();
try {
  const loads = await firstLoad(browser, url);
  const large = largeIssue();
  const rows = [];
  for (const [name, source, rounds, target] of [
    ['sample', sample, ROUNDS.sample, 16],
    [`1 MB issue (${(Buffer.byteLength(large) / 1024).toFixed(0)} KiB)`, large, ROUNDS.large, 100],
  ]) {
    process.stderr.write(`bench-browser: typing into the ${name}…\n`);
    const { latencies, editorLatencies, longTasks, missed } = await typing(browser, url, source, rounds);
    rows.push([name, `${latencies.length}${missed ? ` (+${missed} never shown)` : ''}`, percentile(latencies, 50), percentile(latencies, 95), target,
      percentile(editorLatencies, 50), percentile(editorLatencies, 95), longTasks.length, longTasks.length ? Math.max(...longTasks) : 0]);
  }
  const floors = [];
  for (const [editor, name] of [
    ['plain', 'a contenteditable element (the browser alone)'],
    ['codemirror', 'CodeMirror, soft wrap only'],
    ['composer', "the page's editor (web/editor.mjs) alone"],
  ]) {
    process.stderr.write(`bench-browser: typing into ${name}…\n`);
    const latencies = await typingPeer(browser, peers.url, editor);
    floors.push([name, latencies.length, percentile(latencies, 50), percentile(latencies, 95)]);
  }
  console.log(`bench-browser: Chromium, ${LOADS} first loads; typing "${WORD}" ${KEY_INTERVAL_MS} ms a key;`
    + ` load average ${loadAtStart.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end\n`);
  console.log('| measure | p50 ms | p95 ms | target |');
  console.log('|---|---:|---:|---|');
  console.log(`| first load to interactive editor | ${fmt(percentile(loads.editor, 50))} | ${fmt(percentile(loads.editor, 95))} | < 500 ms |`);
  console.log(`| first load to the example in the preview | ${fmt(percentile(loads.preview, 50))} | ${fmt(percentile(loads.preview, 95))} | — |`);
  console.log('\n| input | keys | keystroke→preview p50 ms | p95 ms | target p95 | keystroke→editor p50 ms | p95 ms | long tasks (>50 ms) | longest ms |');
  console.log('|---|---:|---:|---:|---|---:|---:|---:|---:|');
  for (const [name, keys, p50, p95, target, editorP50, editorP95, count, longest] of rows) {
    console.log(`| ${name} | ${keys} | ${fmt(p50)} | ${fmt(p95)} | ≤ ${target} ms${p95 > target ? ' (missed)' : ''}`
      + ` | ${fmt(editorP50)} | ${fmt(editorP95)} | ${count} | ${fmt(longest)} |`);
  }
  console.log('\n| the sample typed into | keys | keystroke→paint p50 ms | p95 ms |');
  console.log('|---|---:|---:|---:|');
  for (const [name, keys, p50, p95] of floors) console.log(`| ${name} | ${keys} | ${fmt(p50)} | ${fmt(p95)} |`);
  console.log(`| the page's editor, in the page (above) | ${rows[0][1]} | ${fmt(rows[0][5])} | ${fmt(rows[0][6])} |`);
} finally {
  await browser.close();
  server.close();
  peers.server.close();
  await rm(peersDir, { recursive: true, force: true });
}
