// The page's side of the service worker (sw.js): registers it when the page
// is served over http(s) (the single-file page opened from disk has none),
// and announces a new version once it has installed beside the running one.
// Nothing reloads by itself: onUpdateReady(apply) gets a function that saves
// (beforeReload), then lets the new worker take over and reloads the page,
// and the page calls it when the writer asks.

const UPDATE_CHECK_MS = 60 * 60 * 1000;

export async function registerServiceWorker({ onUpdateReady, beforeReload = async () => {} }) {
  if (!('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return null;
  const container = navigator.serviceWorker;
  const registration = await container.register(new URL('sw.js', location.href));
  let reloadRequested = false;

  const apply = async () => {
    await beforeReload();
    const waiting = registration.waiting;
    if (!waiting) return location.reload();
    reloadRequested = true;
    waiting.postMessage({ type: 'skip-waiting' });
  };
  container.addEventListener('controllerchange', () => {
    if (reloadRequested) location.reload();
  });

  // A waiting worker with a controller present is a new version; without
  // one, it is the first install, which changes nothing visible.
  const announceIfWaiting = () => {
    if (registration.waiting && container.controller) onUpdateReady(apply);
  };
  announceIfWaiting();
  registration.addEventListener('updatefound', () => {
    const installing = registration.installing;
    installing?.addEventListener('statechange', () => {
      if (installing.state === 'installed') announceIfWaiting();
    });
  });

  const check = () => registration.update().catch(() => {});  // offline: try again later
  setInterval(check, UPDATE_CHECK_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
  return registration;
}
