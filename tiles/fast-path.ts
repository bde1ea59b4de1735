import type { IncomingMessage, ServerResponse } from 'node:http';
import { ifNoneMatchHits } from './conditional.js';
import type { LayerDefinition } from './layers.js';
import { acceptsGzip, type Tile, type TileService, tileReply } from './service.js';

const TILE_PATH = /^\/tiles\/([a-z]+)\/(\d{1,2})\/(\d{1,7})\/(\d{1,7})\.mvt(?:\?|$)/;
const VERSION_PARAM = /[?&]v=([^&#]*)/;

interface Prepared {
  etag: { gzip: string; raw: string };
  /** flat header lists for writeHead, built once per cached tile and encoding */
  head: { gzip: string[]; raw: string[] };
}

/** The 200 answers of a cached tile, from the one reply rule (tileReply), kept with the tile. */
function prepare(layer: LayerDefinition, at: { z: number; x: number; y: number }, tile: Tile): Prepared {
  const make = (acceptEncoding: string) => {
    const reply = tileReply(layer, at, tile, true, { acceptEncoding });
    const headers = { ...reply.headers, 'Content-Length': String(reply.body?.length ?? 0) };
    return { etag: reply.headers.ETag, head: Object.entries(headers).flat() };
  };
  const [gzip, raw] = [make('gzip'), make('')];
  return { etag: { gzip: gzip.etag, raw: raw.etag }, head: { gzip: gzip.head, raw: raw.head } };
}

/**
 * Answers a cached tile straight on Node's request, before any Request object, router or
 * middleware exists: a hit is a map lookup and one write. Anything else (a miss, stale versions,
 * a malformed address, another path) returns false and goes the ordinary way through Hono,
 * which validates, builds and caches.
 */
export function tileFastPath(tiles: TileService) {
  const prepared = new WeakMap<Tile, Prepared>();
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const m = TILE_PATH.exec(req.url ?? '');
    if (!m) return false;
    const layer = tiles.layer(m[1]);
    if (!layer) return false;
    const at = { z: Number(m[2]), x: Number(m[3]), y: Number(m[4]) };
    if (at.z < layer.minzoom || at.z > layer.maxzoom || at.x >= 2 ** at.z || at.y >= 2 ** at.z) return false;
    const cached = tiles.peek(layer.id, at.z, at.x, at.y);
    if (!cached) return false;
    const tile = cached.tile;
    // a URL naming a version (?v=): only the tile of that version answers here; anything else
    // (an empty tile, whose version is not kept, or another version) goes the checked way
    const asked = VERSION_PARAM.exec(req.url ?? '')?.[1];
    if (asked !== undefined && asked !== tile?.version) return false;
    if (!tile) {
      const reply = tileReply(layer, at, null, true, {});
      res.writeHead(reply.status, reply.headers).end();
      return true;
    }
    let p = prepared.get(tile);
    if (!p) {
      p = prepare(layer, at, tile);
      prepared.set(tile, p);
    }
    const gzip = acceptsGzip(req.headers['accept-encoding']);
    const etag = gzip ? p.etag.gzip : p.etag.raw;
    if (ifNoneMatchHits(req.headers['if-none-match'], etag)) {
      const reply = tileReply(layer, at, tile, true, { acceptEncoding: gzip ? 'gzip' : '', ifNoneMatch: etag });
      res.writeHead(304, reply.headers).end();
      return true;
    }
    res.writeHead(200, gzip ? p.head.gzip : p.head.raw);
    res.end(req.method === 'HEAD' ? undefined : gzip ? tile.gzip : tile.raw);
    return true;
  };
}
