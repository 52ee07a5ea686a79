// Prepended to issuec.cjs. Emscripten 3.1.6 fetches its .wasm whenever a global
// fetch exists, and Node 20's fetch cannot read files: hand it the bytes.
Module['wasmBinary'] = require('fs').readFileSync(__filename.replace(/\.cjs$/, '.wasm'));
