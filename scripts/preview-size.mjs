#!/usr/bin/env node
// What a blog post page downloads for <issue-preview>, gzip-compressed as a
// server would send it: `node scripts/preview-size.mjs [dist]`, printed by
// scripts/build. The list is checked against what Chromium really fetches for
// web/examples/post.html (tests/web/preview-element.test.mjs), so it cannot go stale.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

// Up front: the element and its styles. When the preview scrolls into view:
// the API, the core's glue and the core.
export const PREVIEW_FILES = {
  'up front': ['issue-preview.mjs', 'elements/issue.css'],
  'in view': ['composer.mjs', 'composer-core.mjs', 'composer-core.wasm'],
};

export async function previewSizes(dist) {
  const rows = [];
  for (const [when, files] of Object.entries(PREVIEW_FILES)) {
    for (const file of files) {
      const bytes = await readFile(path.join(dist, file));
      rows.push({ when, file, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
    }
  }
  return rows;
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = process.argv[2] ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');
  const rows = await previewSizes(dist);
  const sum = (list, key) => list.reduce((total, row) => total + row[key], 0);
  const upFront = rows.filter((row) => row.when === 'up front');
  console.log(`build: <issue-preview> on a blog post page downloads ${kib(sum(rows, 'gzip'))} gzip `
    + `(${kib(sum(rows, 'bytes'))} raw): ${kib(sum(upFront, 'gzip'))} up front, the rest once it scrolls into view`);
  for (const row of rows) {
    console.log(`  ${row.when.padEnd(8)}  ${row.file.padEnd(28)} ${kib(row.gzip).padStart(10)} gzip ${kib(row.bytes).padStart(10)}`);
  }
}
