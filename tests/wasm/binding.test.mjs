// The raw binding (wasm/binding.cpp) under both Emscripten glues: what no
// caller of composer.mjs can provoke on purpose, such as options that are not
// JSON or a heap with no memory left, must still come back as a JSON reply.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';

import { DIST } from './support.mjs';

const wasmBinary = readFileSync(path.join(DIST, 'composer-core.wasm'));
const createNodeCore = createRequire(import.meta.url)(path.join(DIST, 'composer-core.cjs'));

// The reply a binding export left at `pointer`, as text.
const replyOf = (core, pointer) => new TextDecoder().decode(core.HEAPU8.subarray(pointer, pointer + core._composer_reply_size()));

// Calls a binding export with a source and options text; returns the reply.
function call(core, exportName, source, optionsText) {
  const bytes = new TextEncoder().encode(source);
  const sourcePointer = core._malloc(bytes.length + 1);
  core.HEAPU8.set(bytes, sourcePointer);
  let optionsPointer = 0;
  if (optionsText !== null) {
    const optionBytes = new TextEncoder().encode(`${optionsText}\0`);
    optionsPointer = core._malloc(optionBytes.length);
    core.HEAPU8.set(optionBytes, optionsPointer);
  }
  const reply = replyOf(core, core[exportName](sourcePointer, bytes.length, optionsPointer));
  core._free(sourcePointer);
  core._free(optionsPointer);
  return reply;
}

test('options that are not JSON are an error reply', async () => {
  const core = await createNodeCore({ wasmBinary });
  for (const exportName of ['_composer_compose', '_composer_compose_json', '_composer_render_gfm']) {
    assert.deepEqual(JSON.parse(call(core, exportName, '# x', '{formats:')), {
      error: { message: 'options are not valid JSON' },
    }, exportName);
  }
});

test('no options, or empty ones, mean the defaults', async () => {
  const core = await createNodeCore({ wasmBinary });
  const defaults = call(core, '_composer_compose_json', '# x\n', '{}');
  assert.equal(call(core, '_composer_compose_json', '# x\n', null), defaults);
  assert.equal(call(core, '_composer_compose_json', '# x\n', ''), defaults);
});

test('running out of memory is an error reply, and the core works again once memory is back', async () => {
  const core = await createNodeCore({ wasmBinary });
  const source = '# Title\n\n' + 'A paragraph with *emphasis* and a [link](https://example.org/).\n\n'.repeat(2000);
  const sourceBytes = new TextEncoder().encode(source);
  const sourcePointer = core._malloc(sourceBytes.length);
  core.HEAPU8.set(sourceBytes, sourcePointer);
  // Take every byte the heap can still grow to, largest blocks first.
  const taken = [];
  for (let size = 64 << 20; size >= 8; size >>= 1) {
    for (let pointer = core._malloc(size); pointer; pointer = core._malloc(size)) taken.push(pointer);
  }
  const reply = replyOf(core, core._composer_compose(sourcePointer, sourceBytes.length, 0));
  assert.deepEqual(JSON.parse(reply), { error: { message: 'out of memory' } });
  for (const pointer of taken) core._free(pointer);
  const again = JSON.parse(replyOf(core, core._composer_compose_json(sourcePointer, sourceBytes.length, 0)));
  assert.equal(again.issue.title, 'Title');
});

test('the browser glue (ES module) runs the same .wasm and answers alike', async () => {
  const { default: createWebCore } = await import(path.join(DIST, 'composer-core.mjs'));
  const webCore = await createWebCore({ wasmBinary });
  const nodeCore = await createNodeCore({ wasmBinary });
  assert.equal(replyOf(webCore, webCore._composer_meta()), replyOf(nodeCore, nodeCore._composer_meta()));
  const source = '# Title\n\n| a |\n|---|\n| b |\n';
  assert.equal(
    call(webCore, '_composer_compose', source, '{"formats":["html"]}'),
    call(nodeCore, '_composer_compose', source, '{"formats":["html"]}'),
  );
});
