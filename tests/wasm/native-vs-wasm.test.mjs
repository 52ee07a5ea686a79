// The WASM builds must print exactly what the native CLI prints, for every
// fixture, the sample issues and the whole corpus in ../shared:
// - the WASM CLI (build/wasm/issuec.cjs) runs file by file on the fixtures,
//   the samples and some corpus issues, with stdin and the error paths too;
// - over the whole corpus, each CLI renders every issue in one batch run
//   per format (`issuec render --format F FILE... -o DIR`, every format) and
//   checks them in one `issuec check FILE...`, and composer.mjs composes each
//   issue in-process: composeJson() must equal the native json bytes, and
//   each of compose()'s outputs the native output of its format, the
//   standalone page included; no issue may make the core fail, and the
//   diagnostics found are counted by rule in the report.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

import { sharedPath } from './shared.mjs';
import { DIST, ROOT, filesUnder, mapLimited, runNative, runWasm } from './support.mjs';

const MARKDOWN = ['.md', '.markdown'];
const CORPUS_SPOT_CHECKS = 20;

const { createComposer } = await import(path.join(DIST, 'composer.mjs'));
const composer = await createComposer();
// Every format the core renders; spot checks of corpus issues run these two.
const FORMATS = ['json', ...composer.meta().formats.filter((format) => format !== 'json')];
const SPOT_CHECK_FORMATS = ['json', 'html'];

const workDir = mkdtempSync(path.join(tmpdir(), 'issuec-native-vs-wasm-'));
after(() => rmSync(workDir, { recursive: true, force: true }));

function describeDifference(actual, expected) {
  let at = 0;
  while (at < actual.length && at < expected.length && actual[at] === expected[at]) at++;
  const excerpt = (bytes) => JSON.stringify(bytes.subarray(Math.max(0, at - 40), at + 40).toString());
  return `first difference at byte ${at} of ${expected.length}:\n  wasm:   ${excerpt(actual)}\n  native: ${excerpt(expected)}`;
}

function assertSameBytes(actual, expected, what) {
  if (!Buffer.from(actual).equals(Buffer.from(expected))) {
    assert.fail(`${what}: ${describeDifference(Buffer.from(actual), Buffer.from(expected))}`);
  }
}

// Runs `issuec ARGS` natively and under Node; output and status must agree.
async function assertSameRun(args, input) {
  const [native, wasm] = await Promise.all([runNative(args, { input }), runWasm(args, { input })]);
  const shown = args.length > 8 ? [...args.slice(0, 4), `… (${args.length} arguments)`] : args;
  const what = `issuec ${shown.join(' ')}`;
  assert.equal(wasm.status, native.status, `${what}: exit status`);
  assertSameBytes(wasm.stdout, native.stdout, `${what}: stdout`);
  assertSameBytes(wasm.stderr, native.stderr, `${what}: stderr`);
  return native;
}

async function assertSameForFile(file, formats = FORMATS) {
  for (const format of formats) await assertSameRun(['render', file, '--format', format]);
  await assertSameRun(['check', file]);
  await assertSameRun(['import', file]);
}

function spotChecks(files, count) {
  if (files.length <= count) return files;
  return Array.from({ length: count }, (_, i) => files[Math.floor((i * (files.length - 1)) / (count - 1))]);
}

test('fixtures: the WASM CLI prints what the native one prints', async (t) => {
  const inputs = filesUnder(path.join(ROOT, 'tests/fixtures'), ['.md']).filter((file) => path.basename(file) === 'input.md');
  if (inputs.length === 0) t.diagnostic('no fixture inputs yet');
  for (const input of inputs) {
    await t.test(path.relative(ROOT, input), () => assertSameForFile(input));
  }
});

test('samples: the WASM CLI prints what the native one prints', async (t) => {
  const samples = sharedPath(t, 'samples');
  if (!samples) return;
  for (const sample of filesUnder(samples, MARKDOWN)) {
    await t.test(path.basename(sample), () => assertSameForFile(sample));
  }
});

test('stdin, usage and I/O errors: the WASM CLI answers as the native one does', async (t) => {
  const input = Buffer.concat([Buffer.from('# Title\n\nA NUL \0 byte, a bad '), Buffer.from([0xff]), Buffer.from(' byte, an é.\n')]);
  const cases = [
    [['render', '-'], input],
    [['render', '-', '--format', 'html'], input],
    [['check', '-'], input],
    [['check', '-'], Buffer.alloc(0)],
    [['render', path.join(workDir, 'missing.md')]],
    [['check', path.join(workDir, 'missing.md'), path.join(ROOT, 'package.json')]],
    [['check', workDir]],
    [['import', '-'], input],
    [['import', '-', '--write'], input],
    [['import', path.join(workDir, 'missing.md')]],
    [['import']],
    [['import', '-', '-o', path.join(workDir, 'no-such-dir', 'out.md')], input],
    [['import', '-', '--format', 'html'], input],
    [['render', '-', '--format', 'no-such-format']],
    [['render']],
    [['frobnicate']],
    [[]],
    [['meta']],
    [['--version']],
    [['--help']],
  ];
  for (const [args, stdin] of cases) {
    await t.test(`issuec ${args.join(' ')}`, () => assertSameRun(args, stdin));
  }
});

test('corpus: the WASM CLI and composer.mjs print what the native CLI prints', async (t) => {
  const corpus = sharedPath(t, 'corpus');
  if (!corpus) return;
  const issues = filesUnder(corpus, MARKDOWN);
  t.diagnostic(`${issues.length} corpus files`);
  assert.ok(issues.length > 0, `no Markdown files under ${corpus}`);

  await t.test('file by file on some issues, with the WASM CLI', async () => {
    await mapLimited(spotChecks(issues, CORPUS_SPOT_CHECKS), 1, (issue) => assertSameForFile(issue, SPOT_CHECK_FORMATS));
  });

  // One batch run per CLI and format: DIR/<file name>.<format>.
  const outputs = {};
  const batchStderr = {};
  await t.test('batch render, with the WASM CLI', async () => {
    for (const format of FORMATS) {
      for (const engine of ['native', 'wasm']) {
        const dir = path.join(workDir, engine, format);
        mkdirSync(dir, { recursive: true });
        const args = ['render', '--format', format, '-o', dir, ...issues];
        const { status, stderr } = await (engine === 'native' ? runNative : runWasm)(args);
        assert.equal(status, 0, `${engine} batch render --format ${format}: ${stderr}`);
        batchStderr[engine] = stderr;
      }
      assertSameBytes(batchStderr.wasm, batchStderr.native, `batch render --format ${format}: stderr`);
      outputs[format] = (issue) => path.join(workDir, 'native', format, `${path.basename(issue)}.${format}`);
      const mismatches = issues.filter((issue) => {
        const native = readFileSync(outputs[format](issue));
        const wasm = readFileSync(path.join(workDir, 'wasm', format, `${path.basename(issue)}.${format}`));
        return !native.equals(wasm);
      });
      assert.deepEqual(mismatches, [], `--format ${format}: the WASM CLI differs on these`);
    }
  });

  await t.test('batch render of the standalone page, with the WASM CLI', async () => {
    for (const engine of ['native', 'wasm']) {
      const dir = path.join(workDir, engine, 'standalone');
      mkdirSync(dir, { recursive: true });
      const { status, stderr } = await (engine === 'native' ? runNative : runWasm)(
        ['render', '--format', 'html', '--standalone', '-o', dir, ...issues]);
      assert.equal(status, 0, `${engine} batch render --standalone: ${stderr}`);
    }
    outputs.standalone = (issue) => path.join(workDir, 'native', 'standalone', `${path.basename(issue)}.html`);
    const mismatches = issues.filter((issue) => !readFileSync(outputs.standalone(issue))
      .equals(readFileSync(path.join(workDir, 'wasm', 'standalone', `${path.basename(issue)}.html`))));
    assert.deepEqual(mismatches, [], '--standalone: the WASM CLI differs on these');
  });

  await t.test('batch check, with the WASM CLI', () => assertSameRun(['check', ...issues]));

  // What the rules find in real issues, for people to read in the report;
  // none of it may be the core failing.
  await t.test('no internal failure; diagnostics by rule', () => {
    assert.ok(outputs.json, 'needs the native batch outputs');
    const counts = new Map();
    const failures = [];
    for (const issue of issues) {
      for (const { rule, severity } of JSON.parse(readFileSync(outputs.json(issue), 'utf8')).diagnostics) {
        const key = `${rule} (${severity})`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        if (rule === 'internal/error') failures.push(path.basename(issue));
      }
    }
    t.diagnostic(`diagnostics over ${issues.length} corpus issues: ${[...counts].sort((a, b) => b[1] - a[1])
      .map(([key, count]) => `${key} ${count}`).join(', ')}`);
    assert.deepEqual(failures, [], 'internal errors');
  });

  await t.test('composeJson() and compose().outputs, in-process', () => {
    assert.deepEqual(Object.keys(outputs), [...FORMATS, 'standalone'], 'needs the native batch outputs');
    const rendered = FORMATS.filter((format) => format !== 'json');
    const mismatches = [];
    for (const issue of issues) {
      const source = readFileSync(issue);
      const fromComposer = {
        json: composer.composeJson(source),
        ...composer.compose(source, { formats: rendered }).outputs,
        standalone: composer.compose(source, { formats: ['html'], standalone: true }).outputs.html,
      };
      for (const format of [...FORMATS, 'standalone']) {
        if (!Buffer.from(fromComposer[format] ?? '').equals(readFileSync(outputs[format](issue)))) {
          mismatches.push(`${issue} (${format})`);
        }
      }
    }
    assert.deepEqual(mismatches, [], 'composer.mjs differs from the native CLI on these');
  });
});
