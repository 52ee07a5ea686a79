// Issue Composer's JavaScript API: one object over the WASM core (binding.cpp),
// the same in Node and in browsers. Strings cross as UTF-8 bytes with their
// length, so NUL bytes survive; an error reply ({"error": {"message"}})
// becomes a thrown ComposerError. compose() replies in parts (binding.cpp says
// how): outputs are decoded as they are, never escaped into JSON, and the
// issue model (JSON) and the diagnostics (numbers and strings) are read only
// when first used. Types: composer.d.ts.

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
    // The core trapped during this call (out of memory inside cmark-gfm, a
    // stack overflow): it was replaced by a fresh one, and later calls run on.
    this.crashed = crashed;
  }
}

const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';

// Emscripten 3.1.6 glue: the ES module one cannot run in Node (it needs
// __dirname), and in Node 20 neither can fetch its .wasm, so Node gets the
// CommonJS glue and the bytes read here. The .wasm is compiled once; every
// instance of the core (the first, and a fresh one after a trap) is made from
// it synchronously, so replacing a dead core never makes a call wait.
async function compileCore({ wasmBinary, locateFile } = {}) {
  if (isNode) {
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    const factory = require('./composer-core.cjs');
    const bytes = wasmBinary ?? require('node:fs').readFileSync(new URL('./composer-core.wasm', import.meta.url));
    return { factory, module: await WebAssembly.compile(bytes) };
  }
  // The glue and the .wasm are fetched side by side, and the .wasm is compiled
  // as it arrives where the server labels it application/wasm.
  const glue = import('./composer-core.mjs');
  const module = wasmBinary ? WebAssembly.compile(wasmBinary) : fetchCore(locateFile);
  module.catch(() => {});  // awaited below, after the glue
  const { default: factory } = await glue;
  return { factory, module: await module };
}

async function fetchCore(locateFile) {
  const here = new URL('./', import.meta.url).href;
  const url = locateFile ? locateFile('composer-core.wasm', here) : `${here}composer-core.wasm`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cannot load ${url}: HTTP ${response.status}`);
  if (WebAssembly.compileStreaming && response.headers.get('Content-Type')?.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

// Chromium's TextDecoder slows down on long input: one call took 23 ms for
// the 1.9 MB html of a megabyte issue, mostly ASCII, and 64 KB pieces of the
// same bytes took 1.2 ms, joined. A piece ends before a byte that starts a
// character (or after four continuation bytes in a row, which hold no
// start), so no character, valid or not, is split. Only the first piece's
// U+FEFF is a byte order mark to drop, as one call would drop it.
const DECODE_PIECE_BYTES = 64 << 10;
const textDecoder = new TextDecoder();
const pieceDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

function decode(bytes) {
  if (bytes.length <= DECODE_PIECE_BYTES) return textDecoder.decode(bytes);
  const isContinuation = (at) => at < bytes.length && (bytes[at] & 0xC0) === 0x80;
  const pieces = [];
  for (let start = 0; start < bytes.length;) {
    const end = start + DECODE_PIECE_BYTES;
    let cut = end;
    while (cut > end - 3 && isContinuation(cut)) cut -= 1;
    if (isContinuation(cut)) cut = end;
    pieces.push((start === 0 ? textDecoder : pieceDecoder).decode(bytes.subarray(start, cut)));
    start = cut;
  }
  return pieces.join('');
}

const WASM_PAGE_BYTES = 65536;
// The core is linked with Emscripten's default INITIAL_MEMORY of 16 MB and
// may grow to wasm32's 2 GB unless `maxMemoryBytes` says less.
const INITIAL_MEMORY_BYTES = 16 << 20;
const DEFAULT_MAX_MEMORY_BYTES = 2 ** 31;
// Strings up to this many UTF-16 units are encoded in place (a block of at
// most 6 MB while the call runs).
const ENCODE_IN_PLACE_UNITS = 2 << 20;

// A ready core from the compiled module: Emscripten's glue with our own
// instantiation (synchronous), its own memory, and its stderr kept (the last
// lines say why the core aborted, when it did).
function startCore({ factory, module }, maxMemoryBytes, stderr) {
  const settings = {
    wasmMemory: new WebAssembly.Memory({
      initial: INITIAL_MEMORY_BYTES / WASM_PAGE_BYTES,
      maximum: Math.floor(maxMemoryBytes / WASM_PAGE_BYTES),
    }),
    print: () => {},
    printErr: (line) => stderr.push(String(line)),
    // The module is already compiled: the glue must not resolve its own .wasm
    // address, which it would do from import.meta.url (absent where the glue
    // is bundled, as in the single-file page).
    locateFile: (file) => file,
    instantiateWasm(imports, receive) {
      const instance = new WebAssembly.Instance(module, imports);
      receive(instance, module);
      return instance.exports;
    },
  };
  factory(settings);  // MODULARIZE fills in the settings object as the module
  if (!settings.calledRun) throw new Error('the composer core did not start');
  return settings;
}

export async function createComposer(options = {}) {
  const compiled = await compileCore(options);
  const maxMemoryBytes = options.maxMemoryBytes ?? DEFAULT_MAX_MEMORY_BYTES;
  if (!(maxMemoryBytes >= INITIAL_MEMORY_BYTES && maxMemoryBytes <= DEFAULT_MAX_MEMORY_BYTES)) {
    throw new RangeError(`maxMemoryBytes must be between ${INITIAL_MEMORY_BYTES} and ${DEFAULT_MAX_MEMORY_BYTES}`);
  }
  const stderr = [];
  let core = startCore(compiled, maxMemoryBytes, stderr);
  const encoder = new TextEncoder();

  // What callWithSource copies in: a string as it is, encoded straight into
  // the core's memory by copyIn (in Chromium, TextEncoder.encode takes about
  // 30 ms for a megabyte of text, encodeInto 3.5), except past
  // ENCODE_IN_PLACE_UNITS, where it is encoded first so that its block is its
  // exact size rather than the three bytes a unit that encodeInto may need.
  function input(source) {
    if (source instanceof Uint8Array) return source;
    if (typeof source !== 'string') throw new TypeError('source must be a string or a Uint8Array');
    return source.length > ENCODE_IN_PLACE_UNITS ? encoder.encode(source) : source;
  }

  // Copies a string or bytes into fresh WASM memory, followed by a NUL byte;
  // the caller frees `pointer`. `length` leaves the NUL out.
  function copyIn(data) {
    const encoding = typeof data === 'string';
    const capacity = encoding ? data.length * 3 : data.length;
    const pointer = core._malloc(capacity + 1);
    if (!pointer) throw new ComposerError('out of memory');
    // Read HEAPU8 only now: malloc may have grown memory and replaced the view.
    const heap = core.HEAPU8;
    let length = data.length;
    if (encoding) length = encoder.encodeInto(data, heap.subarray(pointer, pointer + capacity)).written;
    else heap.set(data, pointer);
    heap[pointer + length] = 0;
    return { pointer, length };
  }

  const errorPrefix = encoder.encode(ERROR_REPLY_PREFIX);

  // The reply's bytes, still inside WASM memory (valid until the next call).
  function reply(pointer) {
    const bytes = core.HEAPU8.subarray(pointer, pointer + core._composer_reply_size());
    if (errorPrefix.every((byte, i) => bytes[i] === byte)) {
      throw new ComposerError(JSON.parse(decode(bytes)).error.message);
    }
    return bytes;
  }

  const replyText = (pointer) => decode(reply(pointer));

  // "compose <n>:<n>:…\n" then the parts: diagnostics, issue (empty when the
  // json output holds it), then format and text for each output.
  function composeResult(bytes) {
    const headerEnd = bytes.indexOf(10);
    const sizes = decode(bytes.subarray(8, headerEnd)).split(':').map(Number);
    let at = headerEnd + 1;
    const part = (size) => bytes.subarray(at, (at += size));
    // Copied out (the reply's memory is reused by the next call), and read
    // on first use.
    const diagnosticsBytes = part(sizes[0]).slice();
    const issueBytes = part(sizes[1]).slice();
    const outputs = {};
    const outputBytes = {};
    for (let i = 2; i < sizes.length; i += 2) {
      const format = decode(part(sizes[i]));
      outputs[format] = decode(part(sizes[i + 1]));
      outputBytes[format] = sizes[i + 1];
    }
    const result = Object.defineProperties({ outputs, outputBytes }, UNREAD_PROPERTIES);
    unread.set(result, { outputs, issueBytes, diagnosticsBytes });
    return result;
  }

  // A result's issue and diagnostics: enumerable properties, made when first
  // read. Every result shares these two getters. Getters made for each result
  // gave each result a hidden class of its own, which kept the result and its
  // outputs alive through V8's young-generation collections: in Node, all five
  // formats of the sample took 2.1 ms a compose instead of 1.45, a third of it
  // copying dead results.
  const unread = new WeakMap();  // result -> its parts not yet read
  const UNREAD_PROPERTIES = {
    issue: {
      enumerable: true,
      get() {
        const parts = unread.get(this);
        // No issue part when the json output holds the model.
        parts.issue ??= parts.issueBytes.length
          ? JSON.parse(decode(parts.issueBytes)) : JSON.parse(parts.outputs.json).issue;
        return parts.issue;
      },
    },
    diagnostics: {
      enumerable: true,
      get() {
        const parts = unread.get(this);
        parts.diagnostics ??= diagnosticsFrom(parts.diagnosticsBytes);
        return parts.diagnostics;
      },
    },
  };

  // The diagnostics from the words and strings binding.cpp's
  // diagnostics_words() lays out (`bytes` starts its own buffer, so the
  // words are aligned): the objects JSON.parse would make of
  // diagnostics_json(), with their keys in the same order.
  function diagnosticsFrom(bytes) {
    const [wordCount, count, stringCount] = new Uint32Array(bytes.buffer, 0, 3);
    const words = new Uint32Array(bytes.buffer, 0, wordCount);
    const strings = stringsFrom(words.subarray(3, 3 + stringCount), bytes.subarray(wordCount * 4));
    let at = 3 + stringCount;
    const position = () => ({ line: words[at++], column: words[at++], offset: words[at++] });
    const range = () => ({ start: position(), end: position() });
    const diagnostics = new Array(count);
    for (let i = 0; i < count; i += 1) {
      const diagnostic = { rule: strings[words[at++]], severity: strings[words[at++]], message: strings[words[at++]], range: range() };
      const edits = words[at++] - 1;
      if (edits >= 0) {
        const fix = { title: strings[words[at++]], edits: new Array(edits) };
        for (let e = 0; e < edits; e += 1) fix.edits[e] = { range: range(), text: strings[words[at++]] };
        diagnostic.fix = fix;
      }
      diagnostics[i] = diagnostic;
    }
    return diagnostics;
  }

  // Strings of the given UTF-8 byte lengths, back to back in `bytes`: decoded
  // at once and cut where the text is ASCII (a byte is then a character),
  // one by one where it is not.
  function stringsFrom(lengths, bytes) {
    const whole = decode(bytes);
    const ascii = whole.length === bytes.length;
    const strings = new Array(lengths.length);
    let at = 0;
    for (let i = 0; i < lengths.length; i += 1) {
      const end = at + lengths[i];
      strings[i] = ascii ? whole.slice(at, end) : decode(bytes.subarray(at, end));
      at = end;
    }
    return strings;
  }

  // Runs one binding call. A trap inside the core (cmark-gfm aborts when its
  // allocator fails; a stack overflow) leaves that instance's memory
  // undefined: it is dropped for a fresh one, and this call alone fails.
  function guarded(call) {
    stderr.length = 0;
    try {
      return call();
    } catch (error) {
      if (error instanceof ComposerError) throw error;
      const said = stderr.join(' ');
      core = startCore(compiled, maxMemoryBytes, stderr);
      const outOfMemory = /null pointer|out of memory|Cannot enlarge memory/i.test(said);
      const message = outOfMemory ? 'out of memory' : `the composer core crashed: ${error.message}`;
      throw new ComposerError(`${message} (the core was restarted)`, { cause: error, crashed: true });
    }
  }

  function callWithSource(exportName, source, callOptions) {
    const sourceData = input(source);
    const optionsData = input(JSON.stringify(callOptions ?? {}));
    return guarded(() => {
      const sourceIn = copyIn(sourceData);
      let optionsIn;
      try {
        optionsIn = copyIn(optionsData);
      } catch (error) {
        core._free(sourceIn.pointer);
        throw error;
      }
      // Not in a `finally`: after a trap the memory is abandoned with the core.
      const replyPointer = core[exportName](sourceIn.pointer, sourceIn.length, optionsIn.pointer);
      core._free(sourceIn.pointer);
      core._free(optionsIn.pointer);
      return reply(replyPointer);
    });
  }

  const meta = () => JSON.parse(guarded(() => replyText(core._composer_meta())));

  return Object.freeze({
    compose: (source, composeOptions) => composeResult(callWithSource('_composer_compose', source, composeOptions)),
    composeJson: (source, composeOptions) => decode(callWithSource('_composer_compose_json', source, composeOptions)),
    importIssue: (source, importOptions) => JSON.parse(decode(callWithSource('_composer_import', source, importOptions))),
    renderGfm: (source, gfmOptions) => decode(callWithSource('_composer_render_gfm', source, gfmOptions)),
    meta,
    version: meta().version,
  });
}
