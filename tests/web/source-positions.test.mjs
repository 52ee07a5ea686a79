// The byte-to-editor conversion, checked against Node's own UTF-8 encoder on
// text mixing one-, two-, three- and four-byte characters, with lines found
// both ways: scanned from the string, and from a CodeMirror document of it
// (as the page does).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Text } from '@codemirror/state';
import { SourcePositions } from '../../web/source-positions.mjs';

const text = 'plain line\nÜber — café 🧪 done\n中文标题 x\n\nlast';

// The model's position of a string index, computed the independent way.
function modelPosition(index) {
  const before = text.slice(0, index);
  const lineStart = before.lastIndexOf('\n') + 1;
  return {
    line: before.split('\n').length,
    column: Buffer.byteLength(before.slice(lineStart)) + 1,
    offset: Buffer.byteLength(before),
  };
}

const WAYS = {
  'lines scanned': () => new SourcePositions(text),
  'a document\'s lines': () => new SourcePositions(Text.of(text.split('\n'))),
};

for (const [way, make] of Object.entries(WAYS)) {
  test(`every character boundary maps back to its string index (${way})`, () => {
    const positions = make();
    for (let index = 0; index <= text.length; index += 1) {
      if (index > 0 && text.codePointAt(index - 1) > 0xffff) continue;  // inside a surrogate pair
      assert.equal(positions.index(modelPosition(index)), index, `index ${index}`);
    }
  });

  test(`character columns count code points (${way})`, () => {
    const positions = make();
    const index = text.indexOf('done');
    assert.equal(positions.characterColumn(modelPosition(index)), [...'Über — café 🧪 '].length + 1);
    assert.equal(positions.characterColumn(modelPosition(text.indexOf('x'))), 6);
  });

  test(`positions past a line or the text are clamped (${way})`, () => {
    const positions = make();
    assert.equal(positions.index({ line: 1, column: 99 }), 'plain line'.length);
    assert.equal(positions.index({ line: 99, column: 1 }), text.lastIndexOf('\n') + 1);
    assert.equal(positions.index({ line: 5, column: 99 }), text.length);
  });
}

// A long line (past several of the walk's marks) looked up out of order, as
// a megabyte line's problems are: every answer as from a walk of its own.
for (const way of ['a string', 'a document']) test(`lookups on a long line, in any order, agree with counting from its start (${way})`, () => {
  const line = 'ab 中文 🧪 é '.repeat(3000);
  const long = `first\n${line}\nlast`;
  const positions = new SourcePositions(way === 'a string' ? long : Text.of(long.split('\n')));
  const bytesAt = (index) => Buffer.byteLength(line.slice(0, index));
  const boundaries = [];
  for (let index = 0; index <= line.length; index += 1) {
    const before = line.charCodeAt(index - 1);
    if (!(before >= 0xd800 && before <= 0xdbff)) boundaries.push(index);  // not inside a surrogate pair
  }
  const picks = [];
  for (let i = 0; i < 400; i += 1) picks.push(boundaries[(i * 7919) % boundaries.length]);
  for (const index of [...picks, ...picks.reverse()]) {
    const position = { line: 2, column: bytesAt(index) + 1 };
    assert.equal(positions.index(position), 'first\n'.length + index);
    assert.equal(positions.characterColumn(position), [...line.slice(0, index)].length + 1);
  }
});
