// Nothing hangs, crashes or floods: every pathological input of
// ../shared/security/pathological.py, and the composer's own
// (tests/wasm/pathological.mjs), at 10 KB, 100 KB and 1 MB through the WASM
// compose with every output format. Each
// compose completes without an error or an internal failure, and each output
// is within the core's bound, or left out with an "output/too-large" error.
// Speed is the benchmark's business (scripts/bench --pathological), not this
// test's. Also: input over the size limit is told, and running out of memory
// is an error after which the composer still works.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { composerCases, pathologicalCases } from './pathological.mjs';
import { sharedPath } from './shared.mjs';
import { DIST } from './support.mjs';

const { createComposer, ComposerError } = await import(path.join(DIST, 'composer.mjs'));
const composer = await createComposer();
const FORMATS = composer.meta().formats;
const HTML_LIMIT = 2 << 20;
const GROWTH_LIMIT = 50;
const GROWTH_FLOOR = 256 << 10;

function assertBounded(source, result, formats, what) {
  const bytes = source.length;
  assert.deepEqual(result.diagnostics.filter((d) => d.rule === 'internal/error'), [], `${what}: internal error`);
  const tooLarge = result.diagnostics.filter((d) => d.rule === 'output/too-large');
  for (const format of formats) {
    const output = result.outputs[format];
    if (output === undefined) {
      assert.ok(tooLarge.some((d) => d.message.startsWith(`The ${format} output would be`)),
        `${what}: ${format} is missing without an output/too-large error`);
      continue;
    }
    const size = Buffer.byteLength(output);
    assert.ok(size <= Math.max(GROWTH_FLOOR, GROWTH_LIMIT * bytes), `${what}: ${format} is ${size} bytes from ${bytes}`);
    if (format === 'html') assert.ok(size <= HTML_LIMIT, `${what}: html is ${size} bytes`);
  }
}

test('every pathological input composes, bounded, in every format', async (t) => {
  const script = sharedPath(t, 'security', 'pathological.py');
  if (!script) return;
  const cases = pathologicalCases(script);
  assert.ok(cases.length >= 40, `only ${cases.length} cases`);
  let outputsLeftOut = 0;
  for (const { name, inputs } of cases) {
    await t.test(name, () => {
      for (const { size, file } of inputs) {
        const source = readFileSync(file);
        const result = composer.compose(source, { formats: FORMATS });
        assertBounded(source, result, FORMATS, `${name} at ${size || source.length} bytes`);
        outputsLeftOut += FORMATS.filter((format) => result.outputs[format] === undefined).length;
      }
    });
  }
  t.diagnostic(`${cases.length} cases; ${outputsLeftOut} outputs left out as too large`);
});

// (1 MB of "#\n" is 500,000 empty sections: the json output, the model,
// would be 520 MB, and is left out, written no further than its limit.)
test("the composer's own pathological inputs compose, bounded, in every format", async (t) => {
  for (const { name, inputs } of composerCases()) {
    await t.test(name, () => {
      for (const { size, file } of inputs) {
        const source = readFileSync(file);
        assertBounded(source, composer.compose(source, { formats: FORMATS }), FORMATS, `${name} at ${size} bytes`);
      }
    });
  }
});

test('an output that multiplies its source is left out with a clear error', () => {
  // A header of 120 columns that 80 short lines below fill out: under 1 KB of
  // Markdown, 9,720 cells (too few to be read as text, see
  // input/table-too-large), each styled inline in the email: a megabyte.
  const columns = 120;
  const source = `# T\n\n|${'c|'.repeat(columns)}\n|${'-|'.repeat(columns)}\n${'x\n'.repeat(80)}`;
  const formats = ['email', 'markdown', 'text'];
  const result = composer.compose(source, { formats });
  assert.equal(result.outputs.email, undefined);
  const [problem] = result.diagnostics.filter((d) => d.rule === 'output/too-large');
  assert.equal(problem.severity, 'error');
  assert.match(problem.message, /^The email output would be [\d.]+ (KB|MB) from 1 KB of Markdown, over its limit .*too large to preview/);
  assert.equal(typeof result.outputs.markdown, 'string');
  assertBounded(Buffer.from(source), result, formats, 'wide table');
});

test('input over the size limit is read up to it, and says so', () => {
  const line = 'A line of a very long issue, pasted twice over.\n';
  const source = `# T\n\n${line.repeat(Math.ceil((4 << 20) / line.length) + 10)}`;
  const { diagnostics } = composer.compose(source, { formats: [] });
  const [problem] = diagnostics.filter((d) => d.rule === 'input/too-large');
  assert.equal(problem.severity, 'error');
  assert.match(problem.message, /^This issue is 4\.0 MB; only the first 4\.0 MB are read\./);
  assert.ok(problem.range.start.line > 80000, 'the range starts where reading stopped');
});

test('running out of memory is an error, and the composer goes on', async () => {
  const small = await createComposer({ maxMemoryBytes: 32 << 20 });
  const big = `# T\n\n## 1. S\n${'### [Item](https://a.org/x)\nA *summary* with [a link](https://b.org/?utm_source=x).\n\n'.repeat(40000)}`;
  const failures = [];
  for (let attempt = 0; attempt < 3; attempt += 1) {
    assert.throws(() => small.compose(big, { formats: FORMATS }), (error) => {
      assert.ok(error instanceof ComposerError);
      assert.match(error.message, /out of memory/);
      failures.push(error.crashed);
      return true;
    });
    // Whatever failed, the same composer composes the next issue.
    assert.equal(small.compose('# Still here\n', { formats: ['html'] }).issue.title, 'Still here');
  }
  assert.equal(failures.length, 3);
  await assert.rejects(createComposer({ maxMemoryBytes: 1 << 20 }), RangeError);
});
