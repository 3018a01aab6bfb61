/**
 * Offline use of the built lab: a Vite plugin that writes sw.js, a small service worker holding the list of
 * every file the build wrote (pages, scripts, workers, styles, woff2 fonts, public files) under a cache
 * named after their hash. Installed, it caches them all; afterwards pages are fetched from the network
 * when it answers (so a new build shows) and from the cache when not, and every other file from the cache
 * first (their names carry their content's hash). No special headers are needed: any static host serves it.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import type { Plugin } from 'vite';

/** KaTeX ships each font three times; every browser with service workers reads woff2. */
const SKIPPED = /\.(woff|ttf)$/;

export function offlinePlugin(publicDir: string): Plugin {
  return {
    name: 'downhill-offline',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const built = Object.keys(bundle);
      const files = ['./', ...built, ...readdirSync(publicDir)].filter((f) => !SKIPPED.test(f)).sort();
      const hash = createHash('sha256');
      for (const name of built) {
        const item = bundle[name];
        hash.update(name).update(item.type === 'chunk' ? item.code : item.source);
      }
      this.emitFile({
        type: 'asset',
        fileName: 'sw.js',
        source: serviceWorker(hash.digest('hex').slice(0, 16), files),
      });
    },
  };
}

function serviceWorker(version: string, files: string[]): string {
  return `// The downhill lab's service worker (lab/offline.ts): the built files, cached for offline use.
const CACHE = 'downhill-lab-${version}';
const FILES = ${JSON.stringify(files)};

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== location.origin) return;
  const cached = () => caches.match(request, { ignoreSearch: true });
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(() => cached().then((hit) => hit || Response.error())));
  } else {
    event.respondWith(cached().then((hit) => hit || fetch(request)));
  }
});
`;
}
