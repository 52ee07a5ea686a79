// cmark-gfm's own spec tests through the WASM core: every example of
// test/spec.txt and test/extensions.txt, read as test/spec_tests.py reads
// them, is rendered by renderGfm() and by the native cmark-gfm program
// (`--unsafe -e EXT...`). The two must agree byte for byte, so they also pass
// exactly the same examples against the expected HTML.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { CMARK_GFM_PROGRAM, CMARK_GFM_TESTS, DIST, mapLimited, run } from './support.mjs';

// As cmark-gfm's test/CMakeLists.txt runs them: spec.txt with each example's
// own extensions, extensions.txt with these as well.
const SPEC_FILES = [
  { name: 'spec.txt', extensions: [] },
  { name: 'extensions.txt', extensions: ['table', 'strikethrough', 'autolink', 'tagfilter', 'footnotes', 'tasklist'] },
];

const FENCE = '`'.repeat(32);

// test/spec_tests.py's get_tests(): examples sit between a line of 32
// backticks plus " example [extensions]" and a line of 32 backticks, with
// Markdown and HTML split by a "." line; → stands for a tab; "disabled" ones
// are left out.
function readExamples(file) {
  const examples = [];
  let state = 'text';
  let markdown = [];
  let html = [];
  let extensions = [];
  let number = 0;
  let startLine = 0;
  const lines = readFileSync(file, 'utf8').split(/(?<=\n)/);
  lines.forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed.startsWith(`${FENCE} example`)) {
      state = 'markdown';
      extensions = trimmed.slice(FENCE.length + ' example'.length).split(/\s+/).filter(Boolean);
      startLine = index + 1;
    } else if (trimmed === FENCE) {
      state = 'text';
      number++;
      if (!extensions.includes('disabled')) {
        examples.push({
          number,
          line: startLine,
          markdown: markdown.join('').replaceAll('→', '\t'),
          html: html.join('').replaceAll('→', '\t'),
          extensions,
        });
      }
      markdown = [];
      html = [];
    } else if (trimmed === '.') {
      state = 'html';
    } else if (state === 'markdown') {
      markdown.push(line);
    } else if (state === 'html') {
      html.push(line);
    }
  });
  return examples;
}

const { createComposer } = await import(path.join(DIST, 'composer.mjs'));
const composer = await createComposer();

for (const { name, extensions: fileExtensions } of SPEC_FILES) {
  test(`${name}: the WASM core renders every example as the cmark-gfm program does`, async (t) => {
    const examples = readExamples(path.join(CMARK_GFM_TESTS, name));
    assert.ok(examples.length > 0, `no examples read from ${name}`);

    const results = await mapLimited(examples, 2, async (example) => {
      const extensions = [...new Set([...fileExtensions, ...example.extensions])];
      const native = await run(CMARK_GFM_PROGRAM, ['--unsafe', ...extensions.flatMap((e) => ['-e', e])], {
        input: example.markdown,
      });
      assert.equal(native.status, 0, `example ${example.number}: cmark-gfm failed: ${native.stderr}`);
      const wasm = Buffer.from(composer.renderGfm(example.markdown, { extensions, unsafe: true }));
      return { example, native: native.stdout, wasm };
    });

    const differing = results.filter((r) => !r.wasm.equals(r.native));
    const passingNatively = results.filter((r) => r.native.toString() === r.example.html);
    const passingWasm = results.filter((r) => r.wasm.toString() === r.example.html);
    t.diagnostic(`${name}: ${passingNatively.length}/${examples.length} pass natively, ${passingWasm.length} through WASM`);

    assert.deepEqual(
      differing.map((r) => `example ${r.example.number} (line ${r.example.line})`),
      [],
      'WASM output differs from the cmark-gfm program',
    );
    assert.deepEqual(
      passingWasm.map((r) => r.example.number),
      passingNatively.map((r) => r.example.number),
      'the WASM core and the cmark-gfm program pass different examples',
    );
  });
}
