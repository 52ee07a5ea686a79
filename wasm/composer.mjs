// Issue Composer's JavaScript API: one object over the WASM core (binding.cpp),
// the same in Node and in browsers. Strings cross as UTF-8 bytes with their
// length, so NUL bytes survive; every reply is JSON text, and an error reply
// ({"error": {"message"}}) becomes a thrown ComposerError. Types: composer.d.ts.

const ERROR_REPLY_PREFIX = '{"error":';

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

  function reply(pointer) {
    const text = core.UTF8ToString(pointer);
    if (text.startsWith(ERROR_REPLY_PREFIX)) throw new ComposerError(JSON.parse(text).error.message);
    return text;
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

  const meta = () => JSON.parse(guarded(() => reply(core._composer_meta())));

  return Object.freeze({
    compose: (source, composeOptions) => JSON.parse(callWithSource('_composer_compose', source, composeOptions)),
    composeJson: (source, composeOptions) => callWithSource('_composer_compose_json', source, composeOptions),
    renderGfm: (source, gfmOptions) => JSON.parse(callWithSource('_composer_render_gfm', source, gfmOptions)).html,
    meta,
    version: meta().version,
  });
}
