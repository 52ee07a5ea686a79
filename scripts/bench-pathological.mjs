#!/usr/bin/env node
// The pathological-input table: every case of ../shared/security/
// pathological.py at 10 KB, 100 KB and 1 MB through the WASM compose (model,
// problems and html, plus the output the case stresses), in this one process:
// `scripts/bench --pathological [--only REGEX]` (it builds first).
//
// Each cell is the median of several composes (fewer for slow ones). The
// targets: under 50 ms, 150 ms and 1.5 s, and time growing no faster than
// size^1.3 from 100 KB to 1 MB (the exponent column). "out×" is the largest
// output over the input; "left out" counts outputs over the core's bound.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { SIZES, pathologicalCases } from '../tests/wasm/pathological.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCRIPT = path.join(root, '../shared/security/pathological.py');
const TARGET_MS = { 10000: 50, 100000: 150, 1000000: 1500 };
const MAX_EXPONENT = 1.3;
// Below this a time is mostly noise and says nothing about growth.
const EXPONENT_FLOOR_MS = 5;

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
  const largest = Math.max(...Object.values(result.outputs).map((text) => Buffer.byteLength(text)));
  const leftOut = result.diagnostics.filter((d) => d.rule === 'output/too-large').length;
  return { ms: median(times), growth: largest / source.length, leftOut };
}

const format = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const header = ['case', ...SIZES.map((size) => `${size / 1000} KB ms`), 'exp', 'out×', 'left out', 'verdict'];
console.log(`| ${header.join(' | ')} |\n|${header.map((_, i) => (i === 0 || i === header.length - 1 ? '---' : '---:')).join('|')}|`);
let failing = 0;
let cases = 0;
for (const pathological of pathologicalCases(SCRIPT)) {
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
