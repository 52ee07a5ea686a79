// composer.mjs, the JS API, and composer.d.ts, its types: the names and
// shapes declared must be what the module really exports and returns, and the
// API must behave as documented (bytes in, JSON out, errors as ComposerError).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { sharedPath } from './shared.mjs';
import { DIST, ROOT, filesUnder } from './support.mjs';

const api = await import(path.join(DIST, 'composer.mjs'));
const composer = await api.createComposer();
const declarations = readFileSync(path.join(DIST, 'composer.d.ts'), 'utf8');

// --- a reader for the small subset of TypeScript that composer.d.ts uses ---

function declaredValueExports(source) {
  return [...source.matchAll(/^export (?:declare )?(?:async )?(?:function|class|const|let) (\w+)/gm)].map((m) => m[1]);
}

// name -> { members: Map(member -> { type, optional }) } or { alias: type }
function declaredTypes(source) {
  const types = new Map();
  for (const [, name, body] of source.matchAll(/^export interface (\w+) \{\n([\s\S]*?)^\}/gm)) {
    const members = new Map();
    const withoutComments = body.replace(/\/\*\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    for (const [, member, optional, rest] of withoutComments.matchAll(/^\s*(?:readonly )?(\w+)(\??)(.*);$/gm)) {
      members.set(member, { optional: optional === '?', type: rest.startsWith('(') ? 'function' : rest.slice(1).trim() });
    }
    types.set(name, { members });
  }
  for (const [, name, type] of source.matchAll(/^export type (\w+) = (.*);$/gm)) types.set(name, { alias: type });
  return types;
}

const TYPES = declaredTypes(declarations);

// Problems found checking `value` against the TypeScript type `type`.
function typeProblems(value, type, where) {
  const alternatives = type.split('|').map((alternative) => alternative.trim());
  if (alternatives.length > 1) {
    const each = alternatives.map((alternative) => typeProblems(value, alternative, where));
    return each.some((problems) => problems.length === 0) ? [] : each.flat();
  }
  const wrong = [`${where}: ${JSON.stringify(value)?.slice(0, 80)} is not ${type}`];
  if (type === 'unknown') return [];
  if (type === 'null') return value === null ? [] : wrong;
  if (['string', 'number', 'boolean'].includes(type)) return typeof value === type ? [] : wrong;
  if (/^'.*'$/.test(type)) return value === type.slice(1, -1) ? [] : wrong;
  const array = type.match(/^(\w+)\[\]$/);
  if (array) {
    if (!Array.isArray(value)) return wrong;
    return value.flatMap((element, i) => typeProblems(element, array[1], `${where}[${i}]`));
  }
  const record = type.match(/^Record<string, (.+)>$/);
  if (record) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return wrong;
    return Object.entries(value).flatMap(([key, v]) => typeProblems(v, record[1], `${where}.${key}`));
  }
  const declared = TYPES.get(type);
  if (!declared) return [`${where}: composer.d.ts declares no type ${type}`];
  if (declared.alias) return typeProblems(value, declared.alias, where);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return wrong;
  const problems = [];
  for (const key of Object.keys(value)) {
    if (!declared.members.has(key)) problems.push(`${where}.${key} is not declared in ${type}`);
  }
  for (const [member, { optional, type: memberType }] of declared.members) {
    if (!(member in value)) {
      if (!optional) problems.push(`${where}.${member} (${type}) is missing`);
    } else {
      problems.push(...typeProblems(value[member], memberType, `${where}.${member}`));
    }
  }
  return problems;
}

function assertType(value, type, where) {
  assert.deepEqual(typeProblems(value, type, where).slice(0, 20), [], `${where} does not match composer.d.ts`);
}

// --- the declarations match the module ---

test('composer.d.ts declares exactly what composer.mjs exports', () => {
  assert.deepEqual(declaredValueExports(declarations).sort(), Object.keys(api).sort());
});

test('the constants composer.d.ts declares have the values it declares', () => {
  const constants = [...declarations.matchAll(/^export declare const (\w+): (.+);$/gm)];
  assert.ok(constants.length > 0);
  for (const [, name, type] of constants) {
    // A number literal type (API_VERSION: 1) is the value itself.
    if (/^\d+$/.test(type)) assert.equal(api[name], Number(type), name);
    else assertType(api[name], type, name);
  }
});

test('the Composer interface lists exactly the members createComposer() returns', () => {
  const declared = [...TYPES.get('Composer').members.keys()].sort();
  assert.deepEqual(declared, Object.keys(composer).sort());
  for (const [member, { type }] of TYPES.get('Composer').members) {
    if (type === 'function') assert.equal(typeof composer[member], 'function', member);
  }
});

test('meta() matches Meta, and version is meta().version', () => {
  assertType(composer.meta(), 'Meta', 'meta()');
  assert.equal(composer.version, composer.meta().version);
});

// The model's outline as composer.d.ts's IssueOutline describes it, taken
// from the whole model here, apart from the core's outline_json().
function outlineOf(issue) {
  return {
    title: issue.title,
    number: issue.number,
    newsletter: issue.newsletter,
    toc: issue.toc && { range: issue.toc.range },
    sections: issue.sections.map((s) => ({
      number: s.number,
      title: s.title,
      level: s.level,
      range: s.range,
      heading_range: s.heading_range,
      items: s.items.map((item) => ({ title: item.title, url: item.url, range: item.range })),
    })),
  };
}

// Each file's compose() with every format matches ComposeResult, its issue
// the whole model; with `issue: "outline"`, the issue is that model's outline.
function assertComposeResults(files) {
  for (const file of files) {
    const source = typeof file === 'string' ? readFileSync(file) : file.source;
    const name = typeof file === 'string' ? path.basename(file) : file.name;
    const result = composer.compose(source, { formats: composer.meta().formats });
    assertType(result, 'ComposeResult', `compose(${name})`);
    assertType(result.issue, 'Issue', `compose(${name}).issue`);
    const { issue: outline } = composer.compose(source, { formats: ['html'], issue: 'outline' });
    assertType(outline, 'IssueOutline', `compose(${name}, outline).issue`);
    assert.equal(JSON.stringify(outline), JSON.stringify(outlineOf(result.issue)), `compose(${name}, outline).issue`);
  }
}

test('compose() results match ComposeResult', async (t) => {
  await t.test('fixtures', () => assertComposeResults(filesUnder(path.join(ROOT, 'tests/fixtures'), ['.md'])));
  await t.test('odd input', () => assertComposeResults([
    { name: 'empty', source: '' },
    { name: 'NUL and bad UTF-8', source: new Uint8Array([0x23, 0x20, 0x00, 0xff, 0x0a]) },
  ]));
  await t.test('samples', (st) => {
    const samples = sharedPath(st, 'samples');
    if (samples) assertComposeResults(filesUnder(samples, ['.md']));
  });
});

// --- behaviour ---

test('a string and its UTF-8 bytes compose alike, NUL bytes included', () => {
  const text = '# Weekly digest\n\nA NUL \0 inside, and é.\n';
  const fromString = composer.composeJson(text);
  assert.equal(composer.composeJson(new TextEncoder().encode(text)), fromString);
  assert.notEqual(composer.composeJson('# Weekly digest\n\nA NUL '), fromString, 'the source was cut at the NUL');
});

test('a string composes as its UTF-8 bytes do, whatever its characters and length', () => {
  // composer.mjs encodes a string straight into the core's memory, in a block
  // of three bytes a UTF-16 unit, and encodes a very long one first.
  const cases = {
    'three bytes a unit': `# 第一期\n\n${'中文字符'.repeat(500)}\n`,
    'four bytes for two units': `# Emoji 🎉\n\n${'🎉 '.repeat(500)}\n`,
    'lone surrogates': '# A \uD800 and a \uDC00 alone\n',
    'longer than composer.mjs encodes in place': `# Long\n\n${'word\n'.repeat(440_000)}`,
  };
  for (const [name, text] of Object.entries(cases)) {
    assert.equal(composer.composeJson(text), composer.composeJson(new TextEncoder().encode(text)), name);
  }
});

test('compose() results share one hidden class in V8, whatever they hold', () => {
  // Getters made for each result once gave each its own hidden class, which
  // kept every result and its outputs alive through V8's young-generation
  // collections (composer.mjs, UNREAD_PROPERTIES).
  const script = `
    const { createComposer } = await import(${JSON.stringify(pathToFileURL(path.join(DIST, 'composer.mjs')).href)});
    const composer = await createComposer();
    const a = composer.compose('# A\\n', { formats: ['html'] });
    const b = composer.compose('# B\\n\\n## 1. Papers\\n', { formats: ['html', 'text'], issue: 'outline' });
    a.issue;
    b.diagnostics;
    console.log(%HaveSameMap(a, b));`;
  const run = spawnSync(process.execPath, ['--no-experimental-fetch', '--allow-natives-syntax', '--input-type=module', '-e', script],
    { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), 'true');
});

test('long replies decode exactly, whatever characters meet where composer.mjs cuts them', () => {
  // composer.mjs decodes replies past 64 KB in pieces: every width of UTF-8
  // character, and U+FEFF (a byte order mark only at the very start), must
  // come through wherever a piece ends.
  const characters = ['a', 'b', ' ', 'é', '—', '中', '😀', '\uFEFF'];
  let seed = 7;
  const random = (n) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  for (let round = 0; round < 12; round += 1) {
    const parts = [];
    const length = 30_000 + random(40_000);
    for (let i = 0; i < length; i += 1) parts.push(characters[random(characters.length)]);
    const text = `x${parts.join('')}x`;
    assert.equal(composer.renderGfm(text), `<p>${text}</p>\n`, `round ${round}`);
  }
});

test('composeJson() is compose() without outputs, as pretty JSON with a final newline', () => {
  const source = readFileSync(path.join(ROOT, 'tests/fixtures/canonical-en/input.md'));
  const { outputs, outputBytes, ...rest } = composer.compose(source, { formats: ['html'] });
  const text = composer.composeJson(source, { formats: ['html'] });
  assert.deepEqual(JSON.parse(text), rest);
  assert.equal(typeof outputs.html, 'string');
  assert.deepEqual(Object.keys(outputBytes), ['html']);
  assert.ok(text.startsWith('{\n  "issue": ') && text.endsWith('}\n'));
});

// With a json output, the model crosses the WASM edge once, inside it, and
// compose().issue is read from there; without one (not asked for, or left
// out as too large), from a part of its own. The same model either way.
test('compose().issue is the same model with or without the json output', () => {
  const source = readFileSync(path.join(ROOT, 'tests/fixtures/every-element/input.md'));
  const withJson = composer.compose(source, { formats: ['json', 'html'] });
  const without = composer.compose(source, { formats: ['html'] });
  assert.equal(JSON.stringify(withJson.issue), JSON.stringify(without.issue));
  assert.equal(JSON.stringify(withJson.issue), JSON.stringify(JSON.parse(composer.composeJson(source)).issue));
  // 4,096 empty sections: a json output far over its bound, left out.
  const headings = '#\n'.repeat(4096);
  const leftOut = composer.compose(headings, { formats: ['json', 'html'] });
  assert.equal(leftOut.outputs.json, undefined);
  assert.ok(leftOut.diagnostics.some((d) => d.rule === 'output/too-large'));
  assert.equal(leftOut.issue.sections.length, 4096);
  assert.deepEqual(leftOut.issue, composer.compose(headings, { formats: ['html'] }).issue);
});

// compose() carries the diagnostics across the WASM edge as numbers and
// strings (binding.cpp's diagnostics_words); JS must build from them exactly
// what composeJson()'s JSON holds.
test('compose().outputBytes is each output\'s UTF-8 length', () => {
  const source = readFileSync(path.join(ROOT, 'tests/fixtures/cjk-canonical/input.md'));
  const { outputs, outputBytes } = composer.compose(source, { formats: composer.meta().formats });
  assert.deepEqual(Object.keys(outputBytes), Object.keys(outputs));
  for (const [format, text] of Object.entries(outputs)) {
    assert.equal(outputBytes[format], Buffer.byteLength(text), format);
    assert.ok(outputBytes[format] > text.length, `${format} holds CJK text, so more bytes than UTF-16 units`);
  }
});

test('compose() gives the diagnostics composeJson() gives, key order included', async (t) => {
  const seen = { fixes: 0, noFix: 0, nonAscii: 0 };
  const compare = (name, source) => {
    const fromWords = composer.compose(source, { formats: [] }).diagnostics;
    const fromJson = JSON.parse(composer.composeJson(source)).diagnostics;
    assert.equal(JSON.stringify(fromWords), JSON.stringify(fromJson), name);
    for (const d of fromWords) {
      if (d.fix) seen.fixes += 1;
      else seen.noFix += 1;
      if (/[^\0-\x7f]/.test(JSON.stringify(d))) seen.nonAscii += 1;
    }
  };
  const files = [...filesUnder(path.join(ROOT, 'tests/fixtures'), ['.md']), ...filesUnder(path.join(ROOT, 'tests/rules'), ['.md'])];
  for (const file of files) compare(path.relative(ROOT, file), readFileSync(file));
  compare('empty', '');
  compare('NUL and bad UTF-8', new Uint8Array([0x23, 0x20, 0x00, 0xff, 0x0a, 0x5b, 0x5d, 0x28, 0xc3, 0x29, 0x0a]));
  compare('non-ASCII fix text', '# 周报 第 3 期\n\n## 1. 新闻\n\n### [](https://例子.org/a?utm_source=x)\n\n— — —\n\n**** 摘要 TK\n');
  const samples = sharedPath(t, 'samples');
  if (samples) for (const file of filesUnder(samples, ['.md'])) compare(path.basename(file), readFileSync(file));
  const corpus = sharedPath(t, 'corpus');
  if (corpus) for (const file of filesUnder(corpus, ['.md'])) compare(path.relative(corpus, file), readFileSync(file));
  for (const [kind, count] of Object.entries(seen)) assert.ok(count > 0, `no diagnostic of kind ${kind} was compared`);
});

test('bad options become diagnostics, not exceptions', () => {
  const { diagnostics } = composer.compose('# Title\n', { formats: ['no-such-format'], colour: 'blue' });
  assert.ok(diagnostics.filter((d) => d.rule === 'options/invalid').length >= 2, JSON.stringify(diagnostics));
  for (const issue of ['outlines', 1, null]) {
    const result = composer.compose('# Title\n\n## 1. News\n', { issue });
    assert.deepEqual(result.diagnostics.filter((d) => d.rule === 'options/invalid').map((d) => d.message),
      ['\'issue\' must be "full" or "outline".'], JSON.stringify(issue));
    assertType(result.issue, 'Issue', `compose with issue ${JSON.stringify(issue)}`);
  }
});

test('compose() with issue: "outline" and a json output reads the whole model from that output', () => {
  const source = readFileSync(path.join(ROOT, 'tests/fixtures/every-element/input.md'));
  const { issue } = composer.compose(source, { formats: ['json'], issue: 'outline' });
  assert.equal(JSON.stringify(issue), JSON.stringify(composer.compose(source).issue));
});

test('importIssue() matches ImportResult, on the sample too, and takes bad options as diagnostics', (t) => {
  const messy = '# Digest #2\n\n## 1. News\n\n**[A](https://a.org/?utm_source=x)** <b>b</b>\n\n— — —\n';
  const imported = composer.importIssue(messy, { colour: 'blue' });
  assertType(imported, 'ImportResult', 'importIssue(messy)');
  assert.match(imported.markdown, /^---\nnewsletter: Digest\nnumber: 2\nutm_source: x\n---\n/);
  assert.deepEqual(imported.diagnostics.map((d) => d.rule), ['options/invalid', 'import/left-out', 'import/left-out']);
  assert.equal(composer.importIssue(new TextEncoder().encode(messy)).markdown, imported.markdown);
  const samples = sharedPath(t, 'samples');
  if (!samples) return;
  const sample = readFileSync(path.join(samples, 'akira-ml-news-27.zh.md'));
  assertType(composer.importIssue(sample), 'ImportResult', 'importIssue(sample)');
});

test('renderGfm() renders plain cmark-gfm HTML with the extensions asked for', () => {
  const source = '| a |\n|---|\n| b |\n\n<b>raw</b> ~~gone~~\n';
  assert.match(composer.renderGfm(source, { extensions: ['table', 'strikethrough'] }), /<table>[\s\S]*<del>gone<\/del>/);
  assert.doesNotMatch(composer.renderGfm(source), /<table>|<del>/);
  assert.match(composer.renderGfm(source, { unsafe: true }), /<b>raw<\/b>/);
  assert.match(composer.renderGfm(source, { unsafe: false }), /<!-- raw HTML omitted -->/);
});

test('an error reply of the core is a ComposerError, and the composer goes on', () => {
  assert.throws(() => composer.renderGfm('x', { unsafe: 'yes' }), (error) => {
    assert.ok(error instanceof api.ComposerError);
    assert.equal(error.crashed, false);
    assert.match(error.message, /boolean/);
    return true;
  });
  assert.match(composer.renderGfm('*still here*'), /<em>still here<\/em>/);
});

test('a source that is neither a string nor bytes is a TypeError', () => {
  assert.throws(() => composer.compose(42), TypeError);
  assert.throws(() => composer.renderGfm(null), TypeError);
});

test('works inside a worker thread, as in a browser\'s Web Worker', async () => {
  const { Worker } = await import('node:worker_threads');
  const script = `
    const { parentPort } = require('node:worker_threads');
    import(${JSON.stringify(pathToFileURL(path.join(DIST, 'composer.mjs')).href)})
      .then(({ createComposer }) => createComposer())
      .then((composer) => parentPort.postMessage(composer.compose('# Worker issue #3\\n', { formats: ['html'] })));`;
  const worker = new Worker(script, { eval: true });
  const [result] = await once(worker, 'message');
  await worker.terminate();
  assert.equal(result.issue.title, 'Worker issue #3');
  assert.equal(result.issue.number, 3);
  assert.match(result.outputs.html, /<h1 class="issue-title"[^>]*>Worker issue #3<\/h1>/);
});

test('creating composers leaves the host process\'s handlers alone', async () => {
  const before = ['uncaughtException', 'unhandledRejection'].map((event) => process.listenerCount(event));
  await Promise.all([api.createComposer(), api.createComposer()]);
  const after = ['uncaughtException', 'unhandledRejection'].map((event) => process.listenerCount(event));
  assert.deepEqual(after, before);
});
