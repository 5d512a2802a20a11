// Relance service worker: keeps the app shell in a versioned cache so that every page opens
// and works with the network off. Generated into dist/sw.js by scripts/post_build.py, which
// fills in VERSION and ASSETS; never edited in dist/.
//
// - install: cache every asset of this build (a new build = a new VERSION = a new cache);
// - activate: delete the caches of older builds, take control of open pages;
// - fetch: same-origin GET only; page loads get the cached index.html, assets come from the
//   cache, anything else goes to the network. Nothing is ever sent to another origin.
// - update: a new worker waits until the page asks it to take over (the user clicked "reload"
//   in the update banner), so nobody is ever reloaded in the middle of an edit.
const VERSION = '__VERSION__';
const ASSETS = __ASSETS__;
const CACHE = `relance-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('relance-') && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith((async () => {
      const cache = await caches.open(CACHE);
      const page = await cache.match('./index.html');
      return page || fetch(request);
    })());
    return;
  }
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(request, { ignoreSearch: true });
    return hit || fetch(request);
  })());
});
