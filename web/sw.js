// Service worker of the nianbao web app: precaches the build output so the app loads offline,
// then serves same-origin GET requests cache-first. Requests to other origins are never made.
// PRECACHE, OCR, OCR_VERSION and VERSION are filled in after the build by web/build/gen-sw.mjs.
//
// The picture reader (tesseract/: tesseract.js, its wasm core and the chi_sim and eng data,
// about 6 MB) is cached too, so that scans can be read offline, but in a cache of its own that
// outlives app updates while those files stay the same, and only the one wasm core this browser
// runs (tesseract.js picks relaxed SIMD, SIMD or plain by the same feature tests as below).
const VERSION = '__VERSION__';
const PRECACHE = __PRECACHE__;
const OCR_VERSION = '__OCR_VERSION__';
const OCR = __OCR__;
const CACHE = 'nianbao-' + VERSION;
const OCR_CACHE = 'nianbao-ocr-' + OCR_VERSION;

// wasm-feature-detect's tests (the ones tesseract.js runs to choose its core)
const RELAXED_SIMD = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 15, 1, 13, 0, 65, 1, 253, 15, 65, 2, 253, 15, 253, 128, 2, 11];
const SIMD = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11];

function ocrCore() {
  const ok = (bytes) => { try { return WebAssembly.validate(new Uint8Array(bytes)); } catch (e) { return false; } };
  const kind = ok(RELAXED_SIMD) ? '-relaxedsimd' : ok(SIMD) ? '-simd' : '';
  return './tesseract/core/tesseract-core' + kind + '-lstm.wasm.js';
}

function cacheOcr() {
  const files = OCR.filter((f) => !f.startsWith('./tesseract/core/')).concat([ocrCore()]);
  // the app works without it: a failure here only means the reader is fetched when first used
  return caches.open(OCR_CACHE).then((c) => c.addAll(files)).catch((e) => console.warn('ocr cache', e));
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    Promise.all([caches.open(CACHE).then((c) => c.addAll(PRECACHE)), cacheOcr()]).then(() => self.skipWaiting())
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys
        .filter((k) => k.startsWith('nianbao-') && k !== CACHE && k !== OCR_CACHE)
        .map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  const ocr = url.pathname.includes('/tesseract/');
  event.respondWith(
    caches.match(req, { ignoreSearch: true }).then((hit) => {
      if (hit) return hit;
      return fetch(req).then((res) => {
        if (ocr && res.ok) {
          const copy = res.clone();
          caches.open(OCR_CACHE).then((c) => c.put(req, copy));
        }
        return res;
      }).catch(() =>
        req.mode === 'navigate' ? caches.match('./index.html') : Response.error());
    })
  );
});
