// Issue Composer's JavaScript API: one object over the WASM core (binding.cpp),
// the same in Node and in browsers. Strings cross as UTF-8 bytes with their
// length, so NUL bytes survive; an error reply ({"error": {"message"}})
// becomes a thrown ComposerError. compose() replies in parts (binding.cpp says
// how): outputs are decoded as they are, never escaped into JSON, and the
// issue model is parsed only when it is first read. Types: composer.d.ts.

const ERROR_REPLY_PREFIX = '{"error":';

// The version of this API's contract: the exports, compose()'s options and
// result, meta(), the custom elements and the embed's postMessage protocol.
// A change that could break a caller raises it; additions do not. The core's
// own release is `composer.version` (meta().version).
export const API_VERSION = 1;

export class ComposerError extends Error {
  constructor(message, { cause, crashed = false } = {}) {
    super(message, { cause });
    this.name = 'ComposerError';
    // After a crash this composer refuses further calls: create a new one.
    this.crashed = crashed;
  }
}

const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';

// Emscripten 3.1.6 glue: the ES module one cannot run in Node (it needs
// __dirname), and in Node 20 neither can fetch its .wasm, so Node gets the
// CommonJS glue and the bytes read here.
async function loadCore({ wasmBinary, locateFile } = {}) {
  if (isNode) {
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    const createComposerCore = require('./composer-core.cjs');
    const bytes = wasmBinary ?? require('node:fs').readFileSync(new URL('./composer-core.wasm', import.meta.url));
    return createComposerCore({ wasmBinary: bytes });
  }
  const { default: createComposerCore } = await import('./composer-core.mjs');
  const settings = {};
  if (wasmBinary) settings.wasmBinary = wasmBinary;
  if (locateFile) settings.locateFile = locateFile;
  return createComposerCore(settings);
}

export async function createComposer(options = {}) {
  const core = await loadCore(options);
  const encoder = new TextEncoder();
  let crash = null;

  function sourceBytes(source) {
    if (source instanceof Uint8Array) return source;
    if (typeof source === 'string') return encoder.encode(source);
    throw new TypeError('source must be a string or a Uint8Array');
  }

  // Copies bytes into fresh WASM memory; the caller frees it.
  function copyIn(bytes, nulTerminated) {
    const size = bytes.length + (nulTerminated ? 1 : 0);
    const pointer = core._malloc(Math.max(size, 1));
    if (!pointer) throw new ComposerError('out of memory');
    // Read HEAPU8 only now: malloc may have grown memory and replaced the view.
    core.HEAPU8.set(bytes, pointer);
    if (nulTerminated) core.HEAPU8[pointer + bytes.length] = 0;
    return pointer;
  }

  const decoder = new TextDecoder();
  const errorPrefix = encoder.encode(ERROR_REPLY_PREFIX);

  // The reply's bytes, still inside WASM memory (valid until the next call).
  function reply(pointer) {
    const bytes = core.HEAPU8.subarray(pointer, pointer + core._composer_reply_size());
    if (errorPrefix.every((byte, i) => bytes[i] === byte)) {
      throw new ComposerError(JSON.parse(decoder.decode(bytes)).error.message);
    }
    return bytes;
  }

  const replyText = (pointer) => decoder.decode(reply(pointer));

  // "compose <n>:<n>:…\n" then the parts: diagnostics, issue, then format and
  // text for each output.
  function composeResult(bytes) {
    const headerEnd = bytes.indexOf(10);
    const sizes = decoder.decode(bytes.subarray(8, headerEnd)).split(':').map(Number);
    let at = headerEnd + 1;
    const part = (size) => bytes.subarray(at, (at += size));
    const diagnostics = JSON.parse(decoder.decode(part(sizes[0])));
    const issueBytes = part(sizes[1]).slice();  // copied out: parsed on first read
    const outputs = {};
    for (let i = 2; i < sizes.length; i += 2) {
      const format = decoder.decode(part(sizes[i]));
      outputs[format] = decoder.decode(part(sizes[i + 1]));
    }
    let issue;
    const result = { diagnostics, outputs };
    Object.defineProperty(result, 'issue', {
      enumerable: true,
      get: () => (issue ??= JSON.parse(decoder.decode(issueBytes))),
    });
    return result;
  }

  // Runs one binding call; a trap inside the core (an abort, a stack
  // overflow) leaves its memory undefined, so it ends this composer.
  function guarded(call) {
    if (crash) throw crash;
    try {
      return call();
    } catch (error) {
      if (error instanceof ComposerError) throw error;
      crash = new ComposerError(`the composer core crashed: ${error.message}`, { cause: error, crashed: true });
      throw crash;
    }
  }

  function callWithSource(exportName, source, callOptions) {
    const bytes = sourceBytes(source);
    const optionsBytes = encoder.encode(JSON.stringify(callOptions ?? {}));
    return guarded(() => {
      const sourcePointer = copyIn(bytes, false);
      let optionsPointer;
      try {
        optionsPointer = copyIn(optionsBytes, true);
      } catch (error) {
        core._free(sourcePointer);
        throw error;
      }
      // Not in a `finally`: after a trap the memory is abandoned with the core.
      const replyPointer = core[exportName](sourcePointer, bytes.length, optionsPointer);
      core._free(sourcePointer);
      core._free(optionsPointer);
      return reply(replyPointer);
    });
  }

  const meta = () => JSON.parse(guarded(() => replyText(core._composer_meta())));

  return Object.freeze({
    compose: (source, composeOptions) => composeResult(callWithSource('_composer_compose', source, composeOptions)),
    composeJson: (source, composeOptions) => decoder.decode(callWithSource('_composer_compose_json', source, composeOptions)),
    renderGfm: (source, gfmOptions) => decoder.decode(callWithSource('_composer_render_gfm', source, gfmOptions)),
    meta,
    version: meta().version,
  });
}
