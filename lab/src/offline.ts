/** Registers the built lab's service worker (lab/offline.ts), so that a page once loaded works offline. */
export function registerOffline(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  // After the page has loaded: caching every file must not slow the first view.
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js').catch((error: unknown) => {
      console.warn(`the lab will not work offline: ${String(error)}`);
    });
  });
}
