// The rules under WASM: meta() lists every rule the native CLI lists, the
// diagnostics and their fixes reach JS, and options override the defaults.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { createComposer } from '../../dist/composer.mjs';
import { sharedPath } from './shared.mjs';
import { ROOT, runNative } from './support.mjs';

const composer = await createComposer();

test('meta() lists every rule with its id, default severity, description and fixability, as the CLI does', async () => {
  const native = JSON.parse((await runNative(['meta'])).stdout.toString());
  assert.deepEqual(composer.meta().rules, native.rules);
  for (const rule of composer.meta().rules) {
    assert.match(rule.id, /^[a-z-]+\/[a-z0-9-]+$/);
    assert.ok(['error', 'warning', 'info'].includes(rule.severity), rule.id);
    assert.ok(rule.description.length > 10, rule.id);
    assert.equal(typeof rule.fixable, 'boolean');
  }
});

test('fixes cross as byte-offset edits that repair the source', () => {
  const source = readFileSync(path.join(ROOT, 'tests/rules/markup--runaway-emphasis/fail.md'), 'utf8');
  const { diagnostics } = composer.compose(source, {});
  const runaway = diagnostics.filter((d) => d.rule === 'markup/runaway-emphasis');
  assert.equal(runaway.length, 1);
  const [edit] = runaway[0].fix.edits;
  const bytes = Buffer.from(source);
  const fixed = Buffer.concat([bytes.subarray(0, edit.range.start.offset), Buffer.from(edit.text), bytes.subarray(edit.range.end.offset)]);
  assert.equal(composer.compose(fixed.toString(), {}).diagnostics.filter((d) => d.rule === 'markup/runaway-emphasis').length, 0);
});

test('the rules option turns a rule off or changes its severity; bad settings are reported', () => {
  const source = readFileSync(path.join(ROOT, 'tests/rules/image--no-alt/fail.md'), 'utf8');
  const rules = (options) => composer.compose(source, options).diagnostics;
  assert.equal(rules({}).find((d) => d.rule === 'image/no-alt').severity, 'warning');
  assert.equal(rules({ rules: { 'image/no-alt': 'error' } }).find((d) => d.rule === 'image/no-alt').severity, 'error');
  assert.equal(rules({ rules: { 'image/no-alt': 'off' } }).find((d) => d.rule === 'image/no-alt'), undefined);
  const problems = rules({ rules: { 'no/such-rule': 'off', 'image/no-alt': 'loud' } }).filter((d) => d.rule === 'options/invalid');
  assert.equal(problems.length, 2);
});

test('check: false composes without the rules', () => {
  const source = readFileSync(path.join(ROOT, 'tests/rules/image--no-alt/fail.md'), 'utf8');
  const checked = composer.compose(source, {});
  const unchecked = composer.compose(source, { check: false });
  assert.ok(checked.diagnostics.some((d) => d.rule === 'image/no-alt'));
  assert.deepEqual(unchecked.diagnostics, []);
  assert.deepEqual(unchecked.issue, checked.issue);
  const [problem] = composer.compose(source, { check: 'no' }).diagnostics.filter((d) => d.rule === 'options/invalid');
  assert.match(problem.message, /'check' must be true or false/);
});

test('the Akira sample: every empty link and runaway emphasis run is reported at its line and column', (t) => {
  const file = sharedPath(t, 'samples', 'akira-ml-news-27.zh.md');
  if (!file) return;
  const source = readFileSync(file);
  const { diagnostics } = composer.compose(source, {});
  const at = (rule) => diagnostics.filter((d) => d.rule === rule).map((d) => `${d.range.start.line}:${d.range.start.column}`);
  // Every "[](" that is not an image's "![](" is an empty link.
  const lines = source.toString('utf8').split('\n');
  const expected = [];
  lines.forEach((line, i) => {
    const bytes = Buffer.from(line);
    for (let at = bytes.indexOf('[]('); at !== -1; at = bytes.indexOf('[](', at + 1)) {
      if (at === 0 || bytes[at - 1] !== 0x21) expected.push(`${i + 1}:${at + 1}`);
    }
  });
  assert.deepEqual(at('link/empty-text'), expected);
  assert.equal(at('markup/runaway-emphasis').length, 11);
  assert.equal(at('image/relative').length, 9);
  assert.deepEqual(at('link/relative'), ['175:131', '175:215']);
});
