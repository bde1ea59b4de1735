/**
 * Registers the service worker (web/sw.ts) once the page has loaded, so it never competes with the
 * first load; only in a build (the dev server has none).
 */
export function registerServiceWorker() {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // without it the app still works online
    });
  });
}
