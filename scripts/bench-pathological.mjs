#!/usr/bin/env node
// The pathological-input table: every case of ../shared/security/
// pathological.py, and the composer's own (tests/wasm/pathological.mjs), at
// 10 KB, 100 KB and 1 MB through the WASM compose (model,
// problems and html, plus the output the case stresses), in this one process:
// `scripts/bench --pathological [--only REGEX]` (it builds first).
//
// Each cell is the median of several composes (fewer for slow ones). The
// targets: under 50 ms, 150 ms and 1.5 s, and time growing no faster than
// size^1.3 from 100 KB to 1 MB (the exponent column). "out×" is the largest
// output over the input; "left out" counts outputs over the core's bound.
//
// Then the page, as a writer meets such an input (`--no-page` skips it): the
// slowest cases at 1 MB are put into the composer's editor in headless
// Chromium and a word is typed at once at its start, one key every 90 ms,
// while the worker composes: from each keydown to the frame that paints the
// key in the editor (target p95 under 50 ms), and the main thread's long
// tasks meanwhile.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { SIZES, composerCases, pathologicalCases } from '../tests/wasm/pathological.mjs';
import { launchChromium, startServer } from '../tests/web/browser.mjs';
import { percentile, recordKeysAndLongTasks } from './bench-page.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCRIPT = path.join(root, '../shared/security/pathological.py');
const TARGET_MS = { 10000: 50, 100000: 150, 1000000: 1500 };
const MAX_EXPONENT = 1.3;
// Below this a time is mostly noise and says nothing about growth.
const EXPONENT_FLOOR_MS = 5;

const PAGE_CASES = 5;
const KEY_INTERVAL_MS = 90;
const KEYSTROKE_TARGET_MS = 50;
// Each prefix of it is unique in every case. 24 keys, so that p95 is not
// simply the slowest key (which the table gives too).
const WORD = 'qzxabcdefghijklmnoprstuv';

const only = new RegExp(process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : '');
const { createComposer } = await import(pathToFileURL(path.join(root, 'dist/composer.mjs')));
const composer = await createComposer();

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// Median of up to 7 runs, stopping early once a second has been spent.
function time(source, formats) {
  const times = [];
  let result;
  let spent = 0;
  while (times.length < 7 && (times.length < 3 || spent < 1000)) {
    const start = performance.now();
    result = composer.compose(source, { formats });
    times.push(performance.now() - start);
    spent += times.at(-1);
    if (times.length === 1 && times[0] > 3000) break;
  }
  const largest = Math.max(0, ...Object.values(result.outputs).map((text) => Buffer.byteLength(text)));
  const leftOut = result.diagnostics.filter((d) => d.rule === 'output/too-large').length;
  return { ms: median(times), growth: largest / source.length, leftOut };
}

const format = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const header = ['case', ...SIZES.map((size) => `${size / 1000} KB ms`), 'exp', 'out×', 'left out', 'verdict'];
console.log(`| ${header.join(' | ')} |\n|${header.map((_, i) => (i === 0 || i === header.length - 1 ? '---' : '---:')).join('|')}|`);
let failing = 0;
let cases = 0;
const slowest = [];  // 1 MB inputs and their compose times
for (const pathological of [...pathologicalCases(SCRIPT), ...composerCases()]) {
  if (!only.test(pathological.name)) continue;
  cases += 1;
  const formats = ['html', ...(pathological.format ? [pathological.format] : [])];
  const runs = pathological.inputs.map(({ size, file }) => ({ size, ...time(readFileSync(file), formats) }));
  const problems = [];
  for (const run of runs) {
    if (TARGET_MS[run.size] && run.ms > TARGET_MS[run.size]) problems.push(`${run.size / 1000} KB over ${TARGET_MS[run.size]} ms`);
  }
  let exponent = '';
  if (runs.length >= 2) {
    const [a, b] = runs.slice(-2);
    if (b.ms >= EXPONENT_FLOOR_MS) {
      const value = Math.log(b.ms / Math.max(a.ms, 0.01)) / Math.log(b.size / a.size);
      exponent = value.toFixed(2);
      if (value > MAX_EXPONENT) problems.push(`grows as size^${exponent}`);
    }
  }
  if (problems.length) failing += 1;
  const largest = runs.find((run) => run.size === 1_000_000);
  if (largest) slowest.push({ name: pathological.name, ms: largest.ms, file: pathological.inputs.find((i) => i.size === largest.size).file });
  // A constant input (size 0 in the manifest) has its one time in the first column.
  const cells = SIZES.map((size, i) => {
    const run = runs.find((r) => r.size === size || (r.size === 0 && i === 0));
    return run ? format(run.ms) : '';
  });
  const growth = Math.max(...runs.map((run) => run.growth)).toFixed(1);
  const leftOut = runs.reduce((sum, run) => sum + run.leftOut, 0);
  console.log(`| ${pathological.name} | ${cells.join(' | ')} | ${exponent} | ${growth} | ${leftOut || ''} | ${problems.join('; ') || 'ok'} |`);
}
console.log(`\n${cases} cases, ${failing} missing a target (${TARGET_MS[10000]} / ${TARGET_MS[100000]} / ${TARGET_MS[1000000]} ms at `
  + `10 KB / 100 KB / 1 MB, growth at most size^${MAX_EXPONENT}); Node ${process.versions.node}, load average `
  + `${loadavg().map((l) => l.toFixed(1)).join(' ')}.`);

if (!process.argv.includes('--no-page') && slowest.length) await typingWhileRendering();

// In the page, beside the keys and long tasks (bench-page.mjs): for each
// change of the editor's first line, the frame that paints it and how much of
// the word it shows.
function instrument(word) {
  const state = window.benchState;
  state.painted = [];
  const content = document.getElementById('editor').shadowRoot.querySelector('.cm-content');
  // The start of the first line, from its first text nodes: a line of a
  // pathological input can be a megabyte long.
  const typed = () => {
    const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
    let start = '';
    for (let node = walker.nextNode(); node && start.length < word.length; node = walker.nextNode()) start += node.data.slice(0, word.length);
    let length = word.length;
    while (length > 0 && !start.startsWith(word.slice(0, length))) length -= 1;
    return length;
  };
  new MutationObserver(() => {
    const length = typed();
    requestAnimationFrame(() => state.painted.push([length, performance.now()]));
  }).observe(content, { childList: true, subtree: true, characterData: true });
}

async function typingWhileRendering() {
  slowest.sort((a, b) => b.ms - a.ms);
  const server = await startServer();
  const browser = await launchChromium();
  const rows = [];
  try {
    for (const { name, ms, file } of slowest.slice(0, PAGE_CASES)) {
      process.stderr.write(`bench-pathological: typing while the page renders ${name}…\n`);
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      await page.goto(server.url);
      await page.waitForFunction(() => performance.getEntriesByName('composer:editor-ready').length > 0, null, { timeout: 120000 });
      await page.evaluate(recordKeysAndLongTasks);
      await page.evaluate(instrument, WORD);
      // The input replaces the example; once the editor has painted it and
      // CodeMirror has measured what it shows (an idle moment: a megabyte of
      // long lines takes it a few frames more), the measure starts, with the
      // worker still composing.
      await page.evaluate(async (text) => {
        const { composer } = await import('./app.mjs');
        composer.setText(text);
        composer.editor.select(0);
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        await new Promise((resolve) => requestIdleCallback(resolve, { timeout: 1000 }));
        Object.assign(window.benchState, { keys: [], painted: [], longTasks: [] });
      }, readFileSync(file, 'utf8'));
      for (const key of WORD) {
        await page.keyboard.press(key);
        await page.waitForTimeout(KEY_INTERVAL_MS);
      }
      await page.waitForTimeout(500);
      const { keys, painted, longTasks } = await page.evaluate(() => window.benchState);
      const latencies = [];
      keys.forEach((time, k) => {
        const seen = painted.find(([length, at]) => length >= k + 1 && at >= time);
        if (seen) latencies.push(seen[1] - time);
      });
      rows.push({ name, ms, keys: keys.length, shown: latencies.length, latencies, longTasks });
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  console.log(`\nThe page while these render (1 MB input put in the editor, then "${WORD}" typed at its start, a key every ${KEY_INTERVAL_MS} ms):\n`);
  console.log('| case (1 MB) | compose ms | keys shown | keystroke→paint p50 ms | p95 ms | slowest key ms | long tasks (>50 ms) | longest ms | verdict |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|');
  let slow = 0;
  for (const row of rows) {
    const p95 = percentile(row.latencies, 95);
    const ok = row.shown === row.keys && p95 < KEYSTROKE_TARGET_MS;
    if (!ok) slow += 1;
    console.log(`| ${row.name} | ${format(row.ms)} | ${row.shown}/${row.keys} | ${format(percentile(row.latencies, 50) ?? 0)} | `
      + `${format(p95 ?? 0)} | ${format(row.latencies.length ? Math.max(...row.latencies) : 0)} | ${row.longTasks.length} | ${format(row.longTasks.length ? Math.max(...row.longTasks) : 0)} | `
      + `${ok ? 'ok' : `p95 over ${KEYSTROKE_TARGET_MS} ms or keys unseen`} |`);
  }
  console.log(`\n${rows.length} inputs, ${slow} missing the keystroke target (p95 under ${KEYSTROKE_TARGET_MS} ms); load average `
    + `${loadavg().map((l) => l.toFixed(1)).join(' ')}.`);
}
