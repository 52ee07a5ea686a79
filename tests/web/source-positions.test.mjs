// The byte-to-editor conversion, checked against Node's own UTF-8 encoder on
// text mixing one-, two-, three- and four-byte characters.
import assert from 'node:assert/strict';
import { test } from 'node:test';
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

test('every character boundary maps back to its string index', () => {
  const positions = new SourcePositions(text);
  for (let index = 0; index <= text.length; index += 1) {
    if (index > 0 && text.codePointAt(index - 1) > 0xffff) continue;  // inside a surrogate pair
    assert.equal(positions.index(modelPosition(index)), index, `index ${index}`);
  }
});

test('character columns count code points', () => {
  const positions = new SourcePositions(text);
  const index = text.indexOf('done');
  assert.equal(positions.characterColumn(modelPosition(index)), [...'Über — café 🧪 '].length + 1);
  assert.equal(positions.characterColumn(modelPosition(text.indexOf('x'))), 6);
});

test('positions past a line or the text are clamped', () => {
  const positions = new SourcePositions(text);
  assert.equal(positions.index({ line: 1, column: 99 }), 'plain line'.length);
  assert.equal(positions.index({ line: 99, column: 1 }), text.lastIndexOf('\n') + 1);
  assert.equal(positions.index({ line: 5, column: 99 }), text.length);
});
