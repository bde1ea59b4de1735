/// <reference lib="webworker" />
// The service worker (built by vite-plugin-pwa, injectManifest): the app shell precached; glyphs, tiles
// and the public answers a person has seen cached as they are fetched, so the map opens offline with
// what was last seen. Nothing private is cached: no /api/auth/*, no signed-in answers (account,
// premises, analysis, audit), no writes, nothing the server marks `private` or `no-store`.
import { clientsClaim } from 'workbox-core';
import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst, StaleWhileRevalidate } from 'workbox-strategies';

declare const self: ServiceWorkerGlobalScope;

self.skipWaiting();
clientsClaim();
cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);
// any page path is the single-page app (API, tiles and fonts are not pages)
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/(api|tiles|fonts)\//] }));

/** Only whole, shareable answers are stored: a 200 the server did not mark private or no-store. */
const shareableOnly = {
  cacheWillUpdate: async ({ response }: { response: Response }) => {
    const cc = response.headers.get('Cache-Control') ?? '';
    return response.status === 200 && !/no-store|private/.test(cc) ? response : null;
  },
};

/** The public answers the citizen's map shows; each URL (with its query) is one entry. */
const PUBLIC_API =
  /^\/api\/(levels|wards|districts|landmarks|resources\/nearest|units\/\d+\/levels)(\/[^/]+)*(\.json)?$/;
registerRoute(
  ({ url, request }) =>
    url.origin === self.location.origin && request.method === 'GET' && PUBLIC_API.test(url.pathname),
  new NetworkFirst({
    cacheName: 'safemap-api',
    // on a weak network a slow answer gives way to the last one seen (marked offline by the page)
    networkTimeoutSeconds: 4,
    plugins: [shareableOnly, new ExpirationPlugin({ maxEntries: 200, maxAgeSeconds: 7 * 24 * 3600 })],
  }),
);
// TileJSON and the layer versions: small, and they name the current tile URLs
registerRoute(
  ({ url }) => url.origin === self.location.origin && /^\/tiles\/[\w-]+\.json$/.test(url.pathname),
  new NetworkFirst({ cacheName: 'safemap-tilejson', networkTimeoutSeconds: 4, plugins: [shareableOnly] }),
);
// tiles: their URLs carry the layer's data version, so a stored tile is exact until the version moves
registerRoute(
  ({ url }) => url.origin === self.location.origin && /^\/tiles\/[\w-]+\/\d+\/\d+\/\d+/.test(url.pathname),
  new CacheFirst({
    cacheName: 'safemap-tiles',
    plugins: [shareableOnly, new ExpirationPlugin({ maxEntries: 2000, maxAgeSeconds: 30 * 24 * 3600 })],
  }),
);
// glyphs change only with the data directory's fonts
registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname.startsWith('/fonts/'),
  new StaleWhileRevalidate({
    cacheName: 'safemap-fonts',
    plugins: [shareableOnly, new ExpirationPlugin({ maxEntries: 60 })],
  }),
);
