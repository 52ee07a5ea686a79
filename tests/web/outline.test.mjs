// The outline's text rewrites and the status bar's counts, in Node: moving a
// block keeps every other byte and one blank line around it; renumbering
// touches only the numbers; the diff of a rewrite is one change; words are
// counted per CJK word, not per character or per run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits, diffChange, lineStartAfter, moveBlock, renumber } from '../../web/outline.mjs';
import { SourcePositions } from '../../web/source-positions.mjs';
import { textStats } from '../../web/text-stats.mjs';

const issue = [
  '# Digest',
  '',
  '## 1. First',
  '',
  '### [A](https://a.example/)',
  'About A.',
  '',
  '### [B](https://b.example/)',
  'About B.',
  '',
  '## 2. Second',
  '',
  '### [C](https://c.example/)',
  'About C.',
  '',
].join('\n');

const span = (text, needle, through) => ({ from: text.indexOf(needle), to: text.indexOf(through) + through.length });

test('moves an item before another, keeping one blank line around it', () => {
  const moved = moveBlock(issue, span(issue, '### [B]', 'About B.'), issue.indexOf('### [A]'));
  assert.equal(moved, issue.replace('### [A](https://a.example/)\nAbout A.\n\n### [B](https://b.example/)\nAbout B.',
    '### [B](https://b.example/)\nAbout B.\n\n### [A](https://a.example/)\nAbout A.'));
});

test('moves an item to the end of another section and to the end of the text', () => {
  const second = span(issue, '## 2. Second', 'About C.');
  const moved = moveBlock(issue, span(issue, '### [A]', 'About A.'), lineStartAfter(issue, second.from, second.to));
  assert.equal(moved.trimEnd().split('\n').slice(-2).join('\n'), '### [A](https://a.example/)\nAbout A.');
  assert.match(moved, /## 1\. First\n\n### \[B\]/);
  assert.doesNotMatch(moved, /\n\n\n/);
});

test('moves a section before another; renumbering fixes only the numbers', () => {
  const moved = moveBlock(issue, span(issue, '## 2. Second', 'About C.'), issue.indexOf('## 1. First'));
  assert.match(moved, /^# Digest\n\n## 2\. Second\n\n### \[C\][^]*\n\n## 1\. First\n/);
  const positions = new SourcePositions(moved);
  const at = (needle) => {
    const index = moved.indexOf(needle);
    const line = moved.slice(0, index).split('\n').length;
    return { line, column: 1, offset: Buffer.byteLength(moved.slice(0, index)) };
  };
  const end = (needle) => ({ ...at(needle), column: needle.length + 1 });
  const outline = {
    sections: [
      { number: 2, heading: { start: at('## 2. Second'), end: end('## 2. Second') } },
      { number: 1, heading: { start: at('## 1. First'), end: end('## 1. First') } },
    ],
  };
  assert.equal(renumber(moved, outline, positions), moved.replace('## 2. Second', '## 1. Second').replace('## 1. First', '## 2. First'));
});

test('a rewrite is one change between common prefix and suffix', () => {
  const after = issue.replace('About B.', 'About bees.');
  const change = diffChange(issue, after);
  assert.equal(applyEdits(issue, [change]), after);
  assert.equal(change.insert, 'bees');
});

test('edits apply to the text as given, in any order; inserts at one place keep their order', () => {
  const edits = [
    { from: 10, to: 12, insert: 'C' },
    { from: 0, to: 1, insert: 'A' },
    { from: 5, to: 5, insert: 'b1' },
    { from: 5, to: 5, insert: 'b2' },
  ];
  assert.equal(applyEdits('0123456789abcdef', edits), 'A1234b1b256789Ccdef');
  assert.equal(applyEdits('same', []), 'same');
});

test('counts words per CJK word and leaves out link targets and front matter', () => {
  const plain = textStats('---\ntitle: x y z\n---\nHello [big world](https://example.org/a-b-c) it’s fine');
  assert.deepEqual(plain, { words: 5, cjkWords: 0, characters: 23 });
  const cjk = textStats('我们今天讨论机器学习。');
  assert.ok(cjk.cjkWords >= 3 && cjk.cjkWords < 10, `CJK words: ${cjk.cjkWords}`);
  assert.equal(cjk.characters, 11);
  // Front matter closed at the very end, and empty front matter.
  assert.deepEqual(textStats('---\ntitle: Hello big world\n---'), { words: 0, cjkWords: 0, characters: 0 });
  assert.equal(textStats('---\n---\nOne two three\n\n---\n\nFour five\n').words, 5);
});

test('a list entry moved lands in the list it is put in, and what stood around it stays apart', () => {
  const list = [
    '## 1. Articles', '',
    '- [Alpha](https://a.example/) — about alpha',
    '- [Beta](https://b.example/) — about beta',
    '- [Gamma](https://c.example/) — about gamma', '',
    'Thanks to everyone.', '',
    '## 2. Tools', '',
    '- [Delta](https://d.example/) — about delta', '',
  ].join('\n');
  const entry = (name) => span(list, `- [${name}]`, `about ${name.toLowerCase()}`);
  const lines = (text) => text.split('\n').filter(Boolean).map((line) => /\[(\w+)\]|^(\w+)/.exec(line)?.slice(1).join(''));
  // The last entry to the top: the note after the list does not join Beta.
  const up = moveBlock(list, entry('Gamma'), list.indexOf('- [Alpha]'));
  assert.match(up, /about beta\n\nThanks to everyone/);
  assert.match(up, /## 1\. Articles\n\n- \[Gamma\][^\n]*\n- \[Alpha\]/);
  // Into the other list, and back into the first, without blank lines.
  const across = moveBlock(list, entry('Delta'), list.indexOf('- [Beta]'));
  assert.match(across, /about alpha\n- \[Delta\][^\n]*\n- \[Beta\]/);
  const down = moveBlock(list, entry('Alpha'), list.indexOf('- [Delta]'));
  assert.match(down, /about gamma\n\nThanks/);
  assert.match(down, /## 2\. Tools\n\n- \[Alpha\][^\n]*\n- \[Delta\]/);
  for (const moved of [up, across, down]) assert.deepEqual(lines(moved).sort(), lines(list).sort());
});
