// The drafts' pure parts in Node: the backup format carries any text exactly
// and refuses what it cannot trust with a message that says where; the line
// diff; reading files as text without losing a byte-order mark.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BackupError, readBackup, writeBackup } from '../../web/drafts/backup.mjs';
import { diffLines, diffStats } from '../../web/drafts/diff.mjs';
import { FileError, fileKind, fileNameFor, readTextFile } from '../../web/drafts/files.mjs';
import { utf8Size } from '../../web/drafts/ui.mjs';

const draft = (id, text, extra = {}) => ({
  id, name: '', title: `Title ${id}`, number: 7, text, created: 1000, updated: 2000, revision: 3, deletedAt: null, ...extra,
});

test('a backup gives back every text code unit for code unit, with its history', () => {
  const texts = ['a\r\nb\rc\n', '\uFEFF# BOM', 'nul\u0000nul', 'lone \uD800 surrogate \uDFFF', '🧪 e\u0301', '', 'x'.repeat(1 << 20)];
  const drafts = texts.map((text, i) => draft(`d${i}`, text, i === 1 ? { deletedAt: 5000, name: 'Renamed' } : {}));
  const history = [
    { id: 1, draftId: 'd0', at: 3000, reason: 'before fix all', text: 'older\r\n', revision: 2 },
    { id: 2, draftId: 'd0', at: 1500, reason: 'every few minutes', text: '\u0000', revision: null },
    { id: 3, draftId: 'gone', at: 1, reason: 'x', text: 'orphan', revision: 1 },
  ];
  const file = writeBackup({ drafts, history }, new Date(0));
  assert.ok(file.includes('lone \\ud800 surrogate \\udfff'), 'lone surrogates are escaped, so the file is valid UTF-8');
  const restored = readBackup(file);
  assert.equal(restored.exported, '1970-01-01T00:00:00.000Z');
  assert.deepEqual(restored.drafts.map(({ history: _, ...rest }) => rest), drafts);
  assert.deepEqual(restored.drafts[0].history, [
    { at: 1500, reason: 'every few minutes', text: '\u0000', revision: null },
    { at: 3000, reason: 'before fix all', text: 'older\r\n', revision: 2 },
  ]);
  assert.deepEqual(restored.drafts.slice(1).map((d) => d.history), texts.slice(1).map(() => []));
});

test('a malformed or foreign backup is refused with what and where', () => {
  const valid = JSON.parse(writeBackup({ drafts: [draft('a', 'text')], history: [] }));
  const cases = [
    ['{"format": "issue-composer-backup",\n "drafts": [', /not valid JSON \(line 2, column \d+\)/],
    ['', /not valid JSON \(line 1, column 1\)/],
    ['[1, 2]', /not an Issue Composer backup/],
    ['{"name": "package", "version": 1}', /not an Issue Composer backup/],
    [JSON.stringify({ ...valid, version: 2 }), /version 2; this Issue Composer reads version 1/],
    [JSON.stringify({ ...valid, drafts: {} }), /no list of drafts/],
    [JSON.stringify({ ...valid, drafts: [null] }), /drafts\[0\] is not an object/],
    [JSON.stringify({ ...valid, drafts: [{ ...valid.drafts[0], text: 5 }] }), /drafts\[0\]\.text is invalid/],
    [JSON.stringify({ ...valid, drafts: [{ ...valid.drafts[0], revision: 0 }] }), /drafts\[0\]\.revision is invalid/],
    [JSON.stringify({ ...valid, drafts: [{ ...valid.drafts[0], id: '' }] }), /drafts\[0\]\.id is invalid/],
    [JSON.stringify({ ...valid, drafts: [valid.drafts[0], valid.drafts[0]] }), /drafts\[1\]\.id repeats/],
    [JSON.stringify({ ...valid, drafts: [{ ...valid.drafts[0], history: [{ at: 1, reason: 'r', text: 1 }] }] }),
      /drafts\[0\]\.history\[0\]\.text is invalid/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => readBackup(text), (error) => error instanceof BackupError && message.test(error.message)
      && error.message.endsWith('Nothing was restored.'), text.slice(0, 60));
  }
});

const apply = (groups, side) => groups.filter((group) => group.type !== side).flatMap((group) => group.lines).join('');

test('the line diff takes one text to the other, and finds small edits in large texts', () => {
  const random = (seed) => () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const next = random(42);
  const text = () => Array.from({ length: Math.floor(next() * 30) }, () => 'abcd'[Math.floor(next() * 4)] + (next() < 0.8 ? '\n' : '')).join('');
  for (let i = 0; i < 500; i += 1) {
    const [a, b] = [text(), text()];
    const groups = diffLines(a, b);
    assert.equal(apply(groups, 'add'), a);
    assert.equal(apply(groups, 'del'), b);
  }
  const big = Array.from({ length: 50000 }, (_, i) => `line ${i}\r\n`).join('');
  const edited = big.replace('line 25000\r\n', 'line 25000, edited\r\n');
  const groups = diffLines(big, edited);
  assert.deepEqual(diffStats(groups), { added: 1, removed: 1 });
  assert.deepEqual(groups.filter((group) => group.type !== 'same'), [
    { type: 'del', lines: ['line 25000\r\n'] }, { type: 'add', lines: ['line 25000, edited\r\n'] }]);
  // Too different to search: one block out, one block in, still exact.
  const other = Array.from({ length: 3000 }, (_, i) => `other ${i}\n`).join('');
  const replaced = diffLines(big.slice(0, 60000), other);
  assert.equal(apply(replaced, 'add'), big.slice(0, 60000));
  assert.equal(apply(replaced, 'del'), other);
});

test('files: kinds by name, text read exactly, bad bytes located, safe file names', async () => {
  assert.equal(fileKind('Issue 27.MD'), 'markdown');
  assert.equal(fileKind('backup.json'), 'backup');
  assert.equal(fileKind('notes.docx'), null);
  const bytes = Buffer.from('\uFEFF# Title\r\nline\u0000\n', 'utf8');
  assert.equal(await readTextFile(new File([bytes], 'a.md')), '\uFEFF# Title\r\nline\u0000\n');
  const bad = Buffer.concat([Buffer.from('# ok\nnaïve '), Buffer.from([0xff]), Buffer.from(' rest')]);
  await assert.rejects(readTextFile(new File([bad], 'b.md')),
    (error) => error instanceof FileError && /byte 0xff at line 2, column 7/.test(error.message));
  await assert.rejects(readTextFile(new File(['x'.repeat(20)], 'c.md'), 10), /at most/);
  assert.equal(fileNameFor('Weekly: ML / Digest #27?', 'md'), 'Weekly ML Digest #27.md');
  assert.equal(fileNameFor('  ', 'json'), 'draft.json');
});

test('a text\'s UTF-8 size is counted as a Blob of it measures it', () => {
  const texts = ['', 'ascii', 'é', '中文', '🧪', 'e\u0301', '\u007f\u0080\u07ff\u0800\uffff', 'lone \uD800 high', 'lone \uDFFF low',
    '\uDFFF\uD800 reversed', '\uD800', 'end \uD83E', '\uD83E\uDDEA\uD83E', '# Weekly 🧪 — 第 27 期\n'.repeat(5000)];
  for (const text of texts) assert.equal(utf8Size(text), new Blob([text]).size, JSON.stringify(text.slice(0, 20)));
});
