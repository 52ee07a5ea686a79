#!/usr/bin/env node
// A small static server for the built page: `node scripts/serve.mjs [dir]`
// (default dist/). Loopback only, GET and HEAD only, no directory listings.
// Every response carries the page's Content-Security-Policy: browsers apply a
// worker's policy from the worker script's own response, so sending it on
// scripts too keeps the engine worker under the same rules as the page.
// The port is $PORT, or the first free one from 8080; PORT=0 lets the system
// pick. The URL is printed once listening, for people and tests alike.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'; base-uri 'none'";

const HOST = '127.0.0.1';
const FIRST_PORT = 8080;
const PORTS_TO_TRY = 20;

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
};

const COMMON_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

// Maps a request path to a file strictly inside `root`, or null. Decoding
// happens before normalising, so "%2e%2e/" cannot climb out either.
function resolveInside(root, requestUrl) {
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(requestUrl, 'http://localhost').pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  if (pathname.endsWith('/')) pathname += 'index.html';
  const file = path.resolve(root, '.' + path.posix.normalize(pathname));
  return file.startsWith(root + path.sep) ? file : null;
}

function sendStatus(response, status, text) {
  response.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(text + '\n');
}

async function handle(root, request, response) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    return sendStatus(response, 405, 'Method Not Allowed');
  }
  const file = resolveInside(root, request.url);
  if (!file) return sendStatus(response, 404, 'Not Found');
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return sendStatus(response, 404, 'Not Found');
  response.writeHead(200, {
    ...COMMON_HEADERS,
    'Content-Type': MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
  });
  if (request.method === 'HEAD') return response.end();
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}

function listen(server, port) {
  return new Promise((resolve, reject) => {
    const onError = (error) => { server.off('listening', onListening); reject(error); };
    const onListening = () => { server.off('error', onError); resolve(server.address().port); };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, HOST);
  });
}

// Starts serving `dir`; resolves to { server, url }.
export async function serve({ dir, port }) {
  const root = path.resolve(dir);
  const server = createServer((request, response) => {
    handle(root, request, response).catch(() => {
      if (!response.headersSent) sendStatus(response, 500, 'Internal Server Error');
      else response.destroy();
    });
  });
  const candidates = port === undefined
    ? Array.from({ length: PORTS_TO_TRY }, (_, i) => FIRST_PORT + i)
    : [port];
  for (const candidate of candidates) {
    try {
      const bound = await listen(server, candidate);
      return { server, url: `http://${HOST}:${bound}/` };
    } catch (error) {
      if (error.code !== 'EADDRINUSE' || candidate === candidates.at(-1)) throw error;
    }
  }
  throw new Error('no port to listen on');
}

function parsePort(value) {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer from 0 to 65535, got "${value}"`);
  }
  return port;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const dir = process.argv[2] ?? path.join(projectRoot, 'dist');
  try {
    const { url } = await serve({ dir, port: parsePort(process.env.PORT) });
    console.log(`Issue Composer: ${url}`);
    console.log(`Embedding examples: ${url}examples/admin.html and ${url}examples/post.html`);
  } catch (error) {
    console.error(`serve: ${error.message}`);
    process.exit(1);
  }
}
