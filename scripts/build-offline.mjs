#!/usr/bin/env node
// The offline build step, run by scripts/build-web once dist/ holds the page:
// writes dist/precache-manifest.js, the list of files the service worker
// (web/sw.js) keeps and the version that names its cache, a hash of their
// bytes, so every change to the app is a new version.
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

const manifest = await writePrecacheManifest();
console.log(`build-offline: ${manifest.files.length} files precached as version ${manifest.version}`);
