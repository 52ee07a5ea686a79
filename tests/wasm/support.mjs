// What the Node tests of the WASM build share: where the built programs are,
// and how to run one and collect its exact output bytes.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(fileURLToPath(new URL('../../', import.meta.url)));
export const NATIVE_ISSUEC = path.join(ROOT, 'build/native/issuec');
export const WASM_ISSUEC = path.join(ROOT, 'build/wasm/issuec.cjs');
export const CMARK_GFM_PROGRAM = path.join(ROOT, 'build/native/cmark-gfm/src/cmark-gfm');
export const CMARK_GFM_TESTS = path.join(ROOT, 'build/deps/cmark-gfm-0.29.0.gfm.13/test');
export const DIST = path.join(ROOT, 'dist');

/** Runs a program to its end: { status, stdout, stderr } with Buffers. */
export function run(command, args, { input } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (status) =>
      resolve({ status, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) }));
    child.stdin.on('error', () => {});  // a program may exit without reading its input
    child.stdin.end(input);
  });
}

export const runNative = (args, options) => run(NATIVE_ISSUEC, args, options);
export const runWasm = (args, options) => run(process.execPath, [WASM_ISSUEC, ...args], options);

/** Files under `dir` (recursively) whose names end in one of `extensions`, sorted. */
export function filesUnder(dir, extensions) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && extensions.some((extension) => entry.name.endsWith(extension)))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

/** Maps `items` through the async `fn`, at most `limit` at a time, in order. */
export async function mapLimited(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
