// What the page loads at run time, and from where. The served page fetches
// the files beside it; the single-file page (dist/issue-composer.html, made
// by scripts/build-offline.mjs) swaps this module for one that carries them
// inline, since a page opened from disk can fetch nothing.

// The engine worker (worker.mjs), started anew after a crash.
export function startEngineWorker() {
  return new Worker(new URL('worker.mjs', import.meta.url), { type: 'module', name: 'composer' });
}

// A text file shipped with the page (the examples).
export async function fetchText(path) {
  const response = await fetch(new URL(path, import.meta.url));
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  return response.text();
}

// The preview frame's stylesheet, as markup for its <head>. The address is
// absolute: a srcdoc frame resolves relative ones against its parent page,
// which for <issue-composer> is the host's.
export const PREVIEW_STYLESHEET = `<link rel="stylesheet" href="${new URL('preview.css', import.meta.url).href}">`;

// What the worker passes to createComposer(): the served core finds its .wasm itself.
export const CORE_OPTIONS = {};
