// The golden fixtures under WASM: composer.mjs must give, byte for byte, the
// outputs that tests/unit/unit-fixtures.cpp checks natively (and that
// scripts/regen-fixtures writes), standalone page included.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { DIST, ROOT, runWasm } from './support.mjs';

const { createComposer } = await import(path.join(DIST, 'composer.mjs'));
const composer = await createComposer();

// Keep in step with tests/unit/unit-fixtures.cpp and scripts/regen-fixtures.
const GOLDENS = [
  { format: 'html', file: 'expected.html', standalone: false },
  { format: 'email', file: 'expected.email.html', standalone: false },
  { format: 'text', file: 'expected.txt', standalone: false },
  { format: 'markdown', file: 'expected.md', standalone: false },
  { format: 'html', file: 'expected.standalone.html', standalone: true },
];

const FIXTURES = path.join(ROOT, 'tests/fixtures');
const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(path.join(FIXTURES, entry.name, 'input.md')))
  .map((entry) => entry.name)
  .sort();

test('every format has a golden', () => {
  for (const format of composer.meta().formats.filter((f) => f !== 'json')) {
    assert.ok(GOLDENS.some((golden) => golden.format === format), `no golden for ${format}`);
  }
});

for (const name of cases) {
  test(`fixture ${name}: WASM outputs equal the goldens`, () => {
    const dir = path.join(FIXTURES, name);
    const source = readFileSync(path.join(dir, 'input.md'));
    const formats = composer.meta().formats;
    for (const standalone of [false, true]) {
      const { outputs } = composer.compose(source, { formats, standalone });
      if (!standalone) assert.equal(outputs.json, readFileSync(path.join(dir, 'expected.json'), 'utf8'), 'json');
      for (const golden of GOLDENS.filter((g) => g.standalone === standalone)) {
        assert.equal(outputs[golden.format], readFileSync(path.join(dir, golden.file), 'utf8'), golden.file);
      }
    }
  });
}

for (const name of cases) {
  test(`fixture ${name}: importIssue() gives the import golden, and importing it again changes nothing`, () => {
    const dir = path.join(FIXTURES, name);
    const expected = readFileSync(path.join(dir, 'expected.import.md'), 'utf8');
    const { markdown, diagnostics } = composer.importIssue(readFileSync(path.join(dir, 'input.md')));
    assert.equal(markdown, expected);
    assert.ok(Array.isArray(diagnostics));
    assert.deepEqual(composer.importIssue(expected), { markdown: expected, diagnostics: [] });
  });
}

test('the CLI reports the email size against Gmail\'s clipping limit on stderr, stdout stays the email', async () => {
  const input = path.join(FIXTURES, 'canonical-en/input.md');
  const { status, stdout, stderr } = await runWasm(['render', input, '--format', 'email']);
  assert.equal(status, 0);
  assert.equal(stdout.toString(), readFileSync(path.join(FIXTURES, 'canonical-en/expected.email.html'), 'utf8'));
  assert.match(stderr.toString(), new RegExp(`^issuec: ${input}: email is [0-9.]+ KB \\(${stdout.length} bytes\\), under Gmail's 102 KB clipping limit\\n$`));
});
