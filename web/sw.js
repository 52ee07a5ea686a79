// The service worker: keeps the whole app in one versioned cache so the page
// opens and works with the network off or the server stopped. The build
// writes precache-manifest.js beside it ({ version, files }); a new build has
// a new version, so the browser sees a changed worker, installs it beside the
// running one and waits. The page offers "Reload to update" and sends
// 'skip-waiting' only when the writer chooses: code never changes under an
// open draft. Activating deletes every older cache of this app.
importScripts('precache-manifest.js');

const CACHE_PREFIX = 'issue-composer-';
const { version, files } = self.PRECACHE_MANIFEST;
const CACHE_NAME = `${CACHE_PREFIX}${version}`;
const SCOPE = new URL(self.registration.scope);

self.addEventListener('install', (event) => {
  // 'reload' skips the HTTP cache: the cache must hold this version's bytes.
  event.waitUntil(caches.open(CACHE_NAME)
    .then((cache) => cache.addAll(files.map((file) => new Request(new URL(file, SCOPE), { cache: 'reload' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names
      .filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME)
      .map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'skip-waiting') self.skipWaiting();
});

// The app's own files come from the cache (the scope's root is index.html);
// anything else, or a file missing from the cache, from the network.
self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  const key = url.pathname === SCOPE.pathname ? new URL('index.html', SCOPE).href : url.origin + url.pathname;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE_NAME);
    return (await cache.match(key)) ?? fetch(request);
  })());
});
