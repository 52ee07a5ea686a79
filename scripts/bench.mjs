#!/usr/bin/env node
// Benchmarks the composer against other Markdown engines, all in this one
// process: `node scripts/bench.mjs` (scripts/bench builds first). The WASM
// compose is then timed again in headless Chromium, where the page runs it
// (scripts/bench-core-chromium.mjs), by the same method.
//
// For each input, every engine runs once per round and the rounds are
// interleaved, so a slow patch of the machine hits every engine alike; each
// sample times a batch long enough for the clock, and the table shows the
// median and the 95th percentile of those samples. The native CLI runs as a
// process per sample, so its row is process time minus the median time of
// `issuec --version`, the cost of starting an empty process.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import markdownIt from 'markdown-it';
import markdownWasm from 'markdown-wasm';
import { Marked } from 'marked';
import { benchInChromium } from './bench-core-chromium.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const COMPOSER_MODULE = path.join(root, 'dist/composer.mjs');
const ISSUEC = path.join(root, 'build/native/issuec');
const SHARED_SAMPLE = path.join(root, '../shared/samples/akira-ml-news-27.zh.md');
const CMARK_SPEC = path.join(root, 'build/deps/cmark-gfm-0.29.0.gfm.13/test/spec.txt');
const LARGE_REPEAT = 75;
const MIN_BATCH_MS = 10;
const REFERENCE_ENGINE = 'markdown-wasm';
const COMPOSE_ENGINE = 'compose (wasm): model + problems + html';
const ALL_FORMATS_ENGINE = 'compose (wasm): all five formats';
// The same two in Chromium, where the page runs the core.
const CHROMIUM_ENGINES = [
  ['html', 'compose (wasm, Chromium): model + problems + html'],
  ['all', 'compose (wasm, Chromium): all five formats'],
];
const CHECK_ENGINE = 'check (wasm): html + problems read';
const PAGE_ENGINE = 'keystroke in the page\'s worker (wasm): compose + view';
const UNCHECKED_ENGINE = 'compose (wasm): html, rules off';
const GFM_EXTENSIONS = ['table', 'strikethrough', 'autolink', 'tagfilter', 'tasklist'];

// The same Markdown dialect everywhere it can be chosen: GFM tables,
// strikethrough, task lists and autolinks, raw HTML not passed through.
const { ParseFlags } = markdownWasm;
const MARKDOWN_WASM_FLAGS = ParseFlags.TABLES | ParseFlags.STRIKETHROUGH | ParseFlags.TASK_LISTS
  | ParseFlags.PERMISSIVE_URL_AUTO_LINKS | ParseFlags.PERMISSIVE_WWW_AUTOLINKS
  | ParseFlags.PERMISSIVE_EMAIL_AUTO_LINKS | ParseFlags.NO_HTML;

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

function loadInputs(workDir) {
  const inputs = [];
  if (existsSync(SHARED_SAMPLE)) {
    const sample = readFileSync(SHARED_SAMPLE, 'utf8');
    inputs.push({ name: 'sample', source: sample, rounds: 40 });
    inputs.push({ name: `sample ×${LARGE_REPEAT}`, source: sample.repeat(LARGE_REPEAT), rounds: 15 });
  } else {
    console.log(`bench: ${SHARED_SAMPLE} is absent: benchmarking without the sample and the 1 MB issue.\n`);
  }
  if (!existsSync(CMARK_SPEC)) fail(`${CMARK_SPEC} is missing: run scripts/setup`);
  inputs.push({ name: 'cmark spec.txt', source: readFileSync(CMARK_SPEC, 'utf8'), rounds: 20 });
  for (const [index, input] of inputs.entries()) {
    input.bytes = Buffer.byteLength(input.source);
    input.file = path.join(workDir, `input-${index}.md`);
    writeFileSync(input.file, input.source);
  }
  return inputs;
}

function runProcess(args) {
  const started = performance.now();
  const run = spawnSync(ISSUEC, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = performance.now() - started;
  if (run.error) throw run.error;
  if (run.signal) throw new Error(`killed by ${run.signal}`);
  if (run.status !== 0) throw new Error(`exit status ${run.status}: ${run.stderr}`);
  return elapsed;
}

async function loadEngines() {
  if (!existsSync(COMPOSER_MODULE)) fail(`${COMPOSER_MODULE} is missing: run scripts/build`);
  if (!existsSync(ISSUEC)) fail(`${ISSUEC} is missing: run scripts/build`);
  const { createComposer } = await import(pathToFileURL(COMPOSER_MODULE));
  const { EMAIL_EVERY_KEYSTROKE, SentParts, pageView } = await import(pathToFileURL(path.join(path.dirname(COMPOSER_MODULE), 'page-view.mjs')));
  const sentParts = new Map();  // input → { sent: SentParts, version }, as a worker keeps them for its page
  const composer = await createComposer();
  const allFormats = composer.meta().formats;
  await markdownWasm.ready;
  const markdownItRenderer = markdownIt({ html: false, linkify: true });
  const marked = new Marked({ gfm: true, async: false });
  return [
    { name: COMPOSE_ENGINE,
      run: (input) => composer.compose(input.source, { formats: ['html'] }).outputs.html },
    // json, html, email, text and markdown from one compose, as a sending
    // platform asks for them; every output is decoded and read (not joined
    // into one string, which would time the copy too).
    { name: ALL_FORMATS_ENGINE,
      run: (input) => Object.values(composer.compose(input.source, { formats: allFormats }).outputs) },
    // Issue 3's pair: the rules and reading their diagnostics, against the
    // same compose with the rules off ({check: false}).
    { name: CHECK_ENGINE,
      run: (input) => {
        const { diagnostics, outputs } = composer.compose(input.source, { formats: ['html'] });  // both parsed
        return diagnostics && outputs.html;
      } },
    // What the page's engine worker does for each keystroke on the Web tab
    // (worker.mjs, workspace.mjs's liveOptions): the outline, the problems,
    // html (and the email for its size, below EMAIL_EVERY_KEYSTROKE), then
    // the view it sends the page, with the html's parts compared with those
    // it sent before.
    { name: PAGE_ENGINE,
      run: (input) => {
        const formats = Buffer.byteLength(input.source) < EMAIL_EVERY_KEYSTROKE ? ['html', 'email'] : ['html'];
        const result = composer.compose(input.source, { formats, issue: 'outline' });
        if (!sentParts.has(input)) sentParts.set(input, { sent: new SentParts(), version: null });
        const held = sentParts.get(input);
        const view = pageView(result, { send: ['html'], outlineHash: null, htmlBase: held.version }, held.sent);
        held.version = view.html.version;
        return result.outputBytes.html > 0 ? held.version : '';
      } },
    { name: UNCHECKED_ENGINE,
      run: (input) => composer.compose(input.source, { formats: ['html'], check: false }).outputs.html },
    { name: 'issuec render --format html (native)', native: true,
      run: (input) => runProcess(['render', '--format', 'html', input.file]) },
    { name: 'cmark-gfm (wasm, renderGfm)',
      run: (input) => composer.renderGfm(input.source, { extensions: GFM_EXTENSIONS, unsafe: false }) },
    { name: REFERENCE_ENGINE, run: (input) => markdownWasm.parse(input.source, { parseFlags: MARKDOWN_WASM_FLAGS }) },
    { name: 'markdown-it', run: (input) => markdownItRenderer.render(input.source) },
    { name: 'marked', run: (input) => marked.parse(input.source) },
  ];
}

// How many runs make one sample at least MIN_BATCH_MS long (after a warm-up).
function batchSize(engine, input) {
  if (engine.native) return 1;
  engine.run(input);
  const started = performance.now();
  const output = engine.run(input);
  const once = performance.now() - started;
  const texts = typeof output === 'string' ? [output] : output;
  if (!Array.isArray(texts) || texts.length === 0 || !texts.every((text) => typeof text === 'string' && text.length > 0)) {
    throw new Error('rendered nothing');
  }
  return Math.max(1, Math.ceil(MIN_BATCH_MS / Math.max(once, 0.001)));
}

function timeBatch(engine, input, runs) {
  if (engine.native) return engine.run(input);
  const started = performance.now();
  for (let i = 0; i < runs; i += 1) engine.run(input);
  return (performance.now() - started) / runs;
}

// An engine that fails on an input is reported as failed there and left out
// of that input's later rounds; the others go on.
function benchInput(engines, input) {
  const startup = { name: 'issuec --version', native: true, run: () => runProcess(['--version']) };
  const timed = [...engines, startup];
  const failures = timed.map(() => null);
  const attempt = (index, measure) => {
    try {
      return measure();
    } catch (error) {
      failures[index] = error.message.split('\n')[0];
      return null;
    }
  };
  const batches = timed.map((engine, index) => attempt(index, () => batchSize(engine, input)));
  const samples = timed.map(() => []);
  for (let round = 0; round < input.rounds; round += 1) {
    for (let step = 0; step < timed.length; step += 1) {
      const index = (round + step) % timed.length;  // rotate who goes first
      if (failures[index]) continue;
      const time = attempt(index, () => timeBatch(timed[index], input, batches[index]));
      if (time !== null) samples[index].push(time);
    }
  }
  if (failures.at(-1)) fail(`issuec --version failed: ${failures.at(-1)}`);
  // A native sample less the startup sample of its own round, so that a slow
  // patch of the machine hits both sides of each difference.
  const startups = samples.pop();
  const stats = samples.map((times, index) => {
    const own = engines[index].native ? times.map((time, round) => time - startups[round]) : times;
    const sorted = own.sort((a, b) => a - b);
    return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
  });
  return engines.map((engine, index) => {
    if (failures[index]) return { engine: engine.name, failure: failures[index] };
    const { median, p95 } = stats[index];
    if (engine.native && !(median > 0)) return { engine: engine.name, note: 'within the noise of starting a process' };
    return { engine: engine.name, median, p95 };
  });
}

function formatMs(ms) {
  return ms >= 10 ? ms.toFixed(1) : ms.toFixed(3);
}

function printTable(rows) {
  const header = ['input', 'engine', 'ms/run (median)', 'p95 ms', 'MB/s', `× ${REFERENCE_ENGINE}`];
  const cells = rows.map((row) => (row.failure || row.note
    ? [row.input, row.engine, row.note ?? `failed: ${row.failure}`, '-', '-', '-']
    : [row.input, row.engine, formatMs(row.median), formatMs(row.p95),
      (row.bytes / 1e6 / (row.median / 1e3)).toFixed(1), row.ratio.toFixed(2)]));
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => cell[column].length)));
  const line = (cell) => cell.map((text, column) => (column < 2 ? text.padEnd(widths[column]) : text.padStart(widths[column]))).join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const cell of cells) console.log(line(cell));
}

function printTargets(rows) {
  const row = (inputName, engine) => rows.find((r) => r.inputName === inputName && r.engine === engine);
  const sample = row('sample', COMPOSE_ENGINE);
  const large = row(`sample ×${LARGE_REPEAT}`, COMPOSE_ENGINE);
  const allFormats = row('sample', ALL_FORMATS_ENGINE);
  const [sampleInChromium, allFormatsInChromium] = CHROMIUM_ENGINES.map(([, name]) => row('sample', name));
  const largeChecked = row(`sample ×${LARGE_REPEAT}`, CHECK_ENGINE);
  const largeUnchecked = row(`sample ×${LARGE_REPEAT}`, UNCHECKED_ENGINE);
  const measured = [sample, large, allFormats, sampleInChromium, allFormatsInChromium, largeChecked, largeUnchecked];
  if (measured.includes(undefined)) return console.log('\nTargets need the shared sample: not checked.');
  if (measured.some((r) => r.failure)) return console.log('\nTargets not checked: compose failed.');
  const targets = [
    ['compose of the sample < 0.5 ms (Node)', sample.median, 0.5, 'ms'],
    ['compose of the sample < 0.5 ms (Chromium)', sampleInChromium.median, 0.5, 'ms'],
    ['all five formats of the sample < 1 ms (Node)', allFormats.median, 1, 'ms'],
    ['all five formats of the sample < 1 ms (Chromium)', allFormatsInChromium.median, 1, 'ms'],
    ['compose of the 1 MB issue < 40 ms', large.median, 40, 'ms'],
    [`compose / ${REFERENCE_ENGINE} on the 1 MB issue < 1.5`, large.ratio, 1.5, '×'],
    ['check / compose with rules off on the 1 MB issue <= 1.5', largeChecked.median / largeUnchecked.median, 1.5, '×'],
  ];
  console.log('\nTargets (reported, not enforced):');
  for (const [label, value, limit, unit] of targets) {
    console.log(`  ${value <= limit ? 'met   ' : 'missed'}  ${label}: ${value.toFixed(unit === 'ms' ? 3 : 2)} ${unit}`);
  }
}

const workDir = mkdtempSync(path.join(tmpdir(), 'issue-composer-bench-'));
try {
  const inputs = loadInputs(workDir);
  const engines = await loadEngines();
  const perInput = inputs.map((input) => benchInput(engines, input));
  process.stderr.write('bench: the same compose in Chromium…\n');
  const chromium = await benchInChromium({
    dist: path.dirname(COMPOSER_MODULE), inputs, engines: CHROMIUM_ENGINES.map(([id]) => id), minBatchMs: MIN_BATCH_MS,
  });
  const rows = [];
  for (const [index, input] of inputs.entries()) {
    const label = `${input.name} (${(input.bytes / 1024).toFixed(0)} KiB)`;
    const results = perInput[index];
    // The Chromium rows after the Node rows of the same engines.
    const inChromium = CHROMIUM_ENGINES.map(([, name], engine) => {
      const times = chromium.results[index][engine];
      return { engine: name, median: quantile(times, 0.5), p95: quantile(times, 0.95) };
    });
    results.splice(results.findIndex((result) => result.engine === ALL_FORMATS_ENGINE) + 1, 0, ...inChromium);
    const reference = results.find((result) => result.engine === REFERENCE_ENGINE).median ?? NaN;
    for (const result of results) {
      rows.push({ ...result, inputName: input.name, input: label, bytes: input.bytes, ratio: result.median / reference });
    }
  }
  console.log(`Node ${process.version}, Chromium ${chromium.version}; native row: process time minus \`issuec --version\` startup in the same round.\n`);
  printTable(rows);
  printTargets(rows);
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
