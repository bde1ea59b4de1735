import type { Context } from 'hono';
import { ifNoneMatchHits } from '../tiles/conditional.js';

export { ifNoneMatchHits };

/**
 * The one conditional-GET rule for every route that sends an ETag (tiles, fonts, basemap): sets
 * the ETag and says whether the request's If-None-Match matches it (RFC 9110: lists, `*`, weak
 * comparison), so the route answers `c.body(null, 304)`; headers already set on `c`
 * (Cache-Control, Vary) go with the 304, as RFC 9110 §15.4.5 asks.
 *
 *     if (notModified(c, etag)) return c.body(null, 304);
 */
export function notModified(c: Context, etag: string): boolean {
  c.header('ETag', etag);
  return (c.req.method === 'GET' || c.req.method === 'HEAD') && ifNoneMatchHits(c.req.header('If-None-Match'), etag);
}
