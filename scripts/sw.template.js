// Relance service worker: keeps the app shell in a versioned cache so that every page opens
// and works with the network off. Generated into dist/sw.js by scripts/post_build.py, which
// fills in VERSION and ASSETS; never edited in dist/.
//
// - install: cache every asset of this build (a new build = a new VERSION = a new cache);
// - activate: take control of open pages; keep the cache of the build before this one (a tab
//   that has not reloaded still runs it, and fetches its lazy chunks as it goes: an old chunk
//   must never be missing, nor meet a new core), delete the older ones;
// - fetch: same-origin GET only; page loads get this build's index.html, assets come from
//   this build's cache, else from the previous build's (an open tab's chunks), anything else
//   goes to the network. Nothing is ever sent to another origin.
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
    // Caches are listed in the order they were created: the last older one is the build
    // before this one. (A tab still running a build older than that, two deployments behind,
    // is told to reload when it needs a chunk that is gone: scripts/rescue.js.)
    const older = (await caches.keys()).filter((key) => key.startsWith('relance-') && key !== CACHE);
    for (const key of older.slice(0, -1)) await caches.delete(key);
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
    const hit = await cache.match(request, { ignoreSearch: true })
      || await caches.match(request, { ignoreSearch: true });
    return hit || fetch(request);
  })());
});
