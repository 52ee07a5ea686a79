#!/usr/bin/env node
// Builds the page into dist/: copies web/ (HTML, CSS, the worker, samples),
// then bundles app.mjs and what it imports (CodeMirror from node_modules
// included) into one minified dist/app.mjs with esbuild. The worker and the
// core are not bundled: the WASM build writes them into dist/. Prints what a
// first visit downloads, gzipped, and the core's WASM plus glue.
import { build } from 'esbuild';
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const dist = path.join(root, 'dist');

// What the page fetches before the editor is ready: the app, the worker and
// the core it loads, and the example it opens on.
const FIRST_LOAD = [
  'index.html', 'style.css', 'drafts/drafts.css', 'app.mjs', 'favicon.svg', 'preview.css', 'worker.mjs', 'assets.mjs',
  'page-view.mjs', 'text-stats.mjs', 'composer.mjs', 'composer-core.mjs', 'composer-core.wasm', 'samples/weekly-ml-digest.md',
];
const CORE = ['composer.mjs', 'composer-core.mjs', 'composer-core.wasm'];
const CORE_LIMIT = 120 * 1024;

await cp(web, dist, { recursive: true });
// The custom elements are bundled beside app.mjs, at dist/'s top, so that
// what they address relative to their module (worker.mjs, composer.mjs,
// the stylesheets) is where the page's own modules find it. <issue-composer>
// takes the page's markup from index.html as text.
await build({
  entryPoints: [
    { in: path.join(web, 'app.mjs'), out: 'app' },
    { in: path.join(web, 'elements/issue-composer.mjs'), out: 'issue-composer' },
    { in: path.join(web, 'elements/issue-preview.mjs'), out: 'issue-preview' },
  ],
  outdir: dist,
  outExtension: { '.js': '.mjs' },
  loader: { '.html': 'text' },
  bundle: true,
  format: 'esm',
  minify: true,
  target: 'es2022',
  legalComments: 'none',
  logLevel: 'warning',
});

// { raw, gzip } bytes of a file in dist/, or null when it is not there.
async function sizes(file) {
  const bytes = await readFile(path.join(dist, file)).catch(() => null);
  return bytes && { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const row = (file, { raw, gzip }) => `${file.padEnd(28)} ${kb(gzip).padStart(9)} gzip ${kb(raw).padStart(9)} raw`;
let total = 0;
const missing = [];
const rows = [];
for (const file of FIRST_LOAD) {
  const size = await sizes(file);
  if (size === null) missing.push(file);
  else {
    total += size.gzip;
    rows.push(`  ${row(file, size)}`);
  }
}
let core = 0;
const coreRows = [];
for (const file of CORE) {
  const size = await sizes(file);
  if (!size) continue;
  core += size.gzip;
  coreRows.push(`build-web: core ${row(file, size)}`);
}
console.log('build-web: first load, gzip -9:');
console.log(rows.join('\n'));
console.log(coreRows.join('\n'));
console.log(`build-web: total app download ${kb(total)} gzip; core WASM + glue ${kb(core)} gzip`
  + ` (limit ${kb(CORE_LIMIT)}${core > CORE_LIMIT ? ', OVER' : ''})`);
if (missing.length) console.log(`build-web: not built yet: ${missing.join(', ')}`);
