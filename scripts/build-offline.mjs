#!/usr/bin/env node
// The offline build step, run by scripts/build-web once dist/ holds the page:
// - dist/precache-manifest.js: the files the service worker (web/sw.js)
//   keeps, and the version that names its cache, a hash of their bytes, so
//   every change to the app is a new version;
// - dist/issue-composer.html: the whole app in one file that works opened
//   straight from disk: scripts, styles, examples and the WASM core inline.
//   web/assets.mjs is swapped for a module that carries them, and the engine
//   worker becomes a classic worker started from a blob (Chromium starts no
//   module worker from a blob on file://).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');

// Node's glue and types, the service worker's own files and the single-file
// page have no place in the served app's cache.
const NOT_PRECACHED = [/\.cjs$/, /\.d\.ts$/, /\.map$/, /^sw\.js$/, /^precache-manifest\.js$/, /^issue-composer\.html$/];

async function listFiles(dir, prefix = '') {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = await Promise.all(entries.map((entry) => (entry.isDirectory()
    ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`)
    : [`${prefix}${entry.name}`])));
  return files.flat().sort();
}

async function writePrecacheManifest() {
  const files = (await listFiles(dist)).filter((file) => !NOT_PRECACHED.some((pattern) => pattern.test(file)));
  const hash = createHash('sha256');
  for (const file of [...files, 'sw.js']) {
    hash.update(`${file}\0`);
    hash.update(await readFile(path.join(dist, file)));
  }
  const manifest = { version: hash.digest('hex').slice(0, 16), files };
  await writeFile(path.join(dist, 'precache-manifest.js'),
    `// Written by scripts/build-offline.mjs: what sw.js keeps offline.\nself.PRECACHE_MANIFEST = ${JSON.stringify(manifest, null, 1)};\n`);
  return manifest;
}

// Resolves every import of assets.mjs to a module made of `contents`.
function inlineAssets(contents) {
  return {
    name: 'inline-assets',
    setup(bundler) {
      bundler.onResolve({ filter: /(^|\/)assets\.mjs$/ }, () => ({ path: 'assets.mjs', namespace: 'inline-assets' }));
      bundler.onLoad({ filter: /.*/, namespace: 'inline-assets' }, () => ({ contents, loader: 'js', resolveDir: dist }));
    },
  };
}

async function bundle(entry, format, assets) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format,
    minify: true,
    target: 'es2022',
    legalComments: 'none',
    // composer.mjs loads Node's modules only when it runs in Node.
    external: ['node:*'],
    // The core's glue reads import.meta.url only when it has no locateFile.
    logOverride: { 'empty-import-meta': 'silent' },
    logLevel: 'warning',
    plugins: [inlineAssets(assets)],
  });
  return result.outputFiles[0].text;
}

const read = (file, encoding = 'utf8') => readFile(path.join(dist, file), encoding);

async function workerSource() {
  const wasm = await read('composer-core.wasm', 'base64');
  return bundle(path.join(dist, 'worker.mjs'), 'iife', `
    const bytes = Uint8Array.from(atob(${JSON.stringify(wasm)}), (c) => c.charCodeAt(0));
    export const CORE_OPTIONS = { wasmBinary: bytes, locateFile: (file) => file };
  `);
}

async function appSource() {
  const examples = {};
  for (const file of await listFiles(path.join(dist, 'samples'))) examples[`samples/${file}`] = await read(`samples/${file}`);
  return bundle(path.join(root, 'web/app.mjs'), 'esm', `
    const WORKER_SOURCE = ${JSON.stringify(await workerSource())};
    let workerUrl = null;
    export function startEngineWorker() {
      workerUrl ??= URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
      return new Worker(workerUrl, { name: 'composer' });
    }
    const EXAMPLES = ${JSON.stringify(examples)};
    export async function fetchText(path) {
      if (!Object.hasOwn(EXAMPLES, path)) throw new Error(path + ' is not part of this page');
      return EXAMPLES[path];
    }
    export const PREVIEW_STYLESHEET = ${JSON.stringify(`<style>${await read('preview.css')}</style>`)};
  `);
}

// Inside <script> and <style>, "</script" or "<!--" would end or confuse the
// element: written as \x3C they mean the same to JavaScript.
const scriptSafe = (code) => code.replace(/<(?=\/script|!--)/gi, '\\x3C');
const styleSafe = (css) => css.replace(/<(?=\/style)/gi, '\\3C ');

async function writeSingleFile() {
  let html = await read('index.html');
  const replaceTag = (pattern, replacement) => {
    const before = html;
    html = html.replace(pattern, replacement);
    if (html === before) throw new Error(`index.html has no ${pattern}`);
  };
  const app = scriptSafe(await appSource());
  replaceTag(/<script type="module" src="app\.mjs"><\/script>/, () => `<script type="module">${app}</script>`);
  for (const [, href] of [...html.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)]) {
    const css = styleSafe(await read(href));
    replaceTag(`<link rel="stylesheet" href="${href}">`, () => `<style>${css}</style>`);
  }
  // No service worker or installation from disk, and nothing to preload:
  // the examples are inline.
  replaceTag(/\s*<link rel="manifest"[^>]*>/, '');
  html = html.replace(/\s*(?:<!--[^>]*-->\s*)?<link rel="preload"[^>]*>/g, '');
  const icon = await read('favicon.svg', 'base64');
  replaceTag(/<link rel="icon" href="favicon\.svg"/, `<link rel="icon" href="data:image/svg+xml;base64,${icon}"`);
  const left = [...html.matchAll(/\s(?:src|href)="(?!data:|#|https?:)([^"]*)"/g)].map((match) => match[1]);
  if (left.length) throw new Error(`the single-file page still refers to ${left.join(', ')}`);
  await writeFile(path.join(dist, 'issue-composer.html'), html);
  return html.length;
}

const manifest = await writePrecacheManifest();
console.log(`build-offline: ${manifest.files.length} files precached as version ${manifest.version}`);
const size = await writeSingleFile();
console.log(`build-offline: dist/issue-composer.html, ${(size / 1048576).toFixed(1)} MB, opens from disk`);
