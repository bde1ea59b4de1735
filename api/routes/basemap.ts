import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Db } from '../../data/db.js';
import { landmarksGeoJson } from '../../data/landmarks.js';
import { tileBody } from '../../tiles/basemap/archive.js';
import { BASEMAP_HINT, loadBasemap } from '../../tiles/basemap/load.js';
import { acceptsGzip } from '../../tiles/service.js';
import { notModified } from '../conditional.js';
import { ProblemError } from '../problem.js';
import { type PublicUrlOptions, publicOrigin } from '../public-url.js';
import { BinarySchema, problem } from '../schemas.js';
import { validationHook } from '../validation.js';
import { TILE_PARAMS } from './tiles.js';

/** Tile URLs carry the file's version: a tile may be kept as long as the URL does not change. */
const TILE_MAX_AGE_S = 86_400;

const BasemapStatusSchema = z
  .object({
    available: z.boolean(),
    /** which layer set the web style draws */
    schema: z.enum(['protomaps', 'openmaptiles']).optional(),
    format: z.enum(['pmtiles', 'mbtiles']).optional(),
    /** the TileJSON, versioned */
    url: z.string().optional(),
    attribution: z.string().optional(),
    /** without a basemap: how an operator adds one */
    hint: z.string().optional(),
  })
  .openapi('BasemapStatus');

const statusRoute = createRoute({
  method: 'get',
  path: '/api/basemap',
  summary: 'Whether a basemap (streets, water) is installed, its schema and TileJSON',
  responses: {
    200: { description: 'Basemap status', content: { 'application/json': { schema: BasemapStatusSchema } } },
  },
});

const tileJsonRoute = createRoute({
  method: 'get',
  path: '/tiles/basemap.json',
  summary: 'TileJSON of the operator-supplied basemap (PMTiles or MBTiles)',
  responses: {
    200: {
      description: 'TileJSON 3.0',
      content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
    },
    404: problem('No basemap installed'),
  },
});

const tileRoute = createRoute({
  method: 'get',
  path: '/tiles/basemap/{z}/{x}/{tile}',
  summary: 'A basemap vector tile (`/tiles/basemap/16/52265/28866.mvt`)',
  request: {
    params: TILE_PARAMS,
  },
  responses: {
    200: {
      description: 'MVT bytes (gzip when accepted)',
      content: { 'application/vnd.mapbox-vector-tile': { schema: BinarySchema } },
    },
    204: { description: 'No tile here in the archive' },
    304: { description: 'Not modified' },
    400: problem('Bad z/x/y'),
    404: problem('No basemap installed'),
  },
});

const LandmarksSchema = z
  .object({ type: z.literal('FeatureCollection'), features: z.array(z.record(z.string(), z.unknown())) })
  .openapi('Landmarks');

const landmarksRoute = createRoute({
  method: 'get',
  path: '/api/landmarks',
  summary: 'Named hospitals and pharmacies (OpenStreetMap) to orient by when there is no basemap',
  responses: {
    200: {
      description: 'GeoJSON points: kind (hospital, pharmacy), name',
      content: { 'application/json': { schema: LandmarksSchema } },
    },
  },
});

/**
 * The basemap (`/tiles/basemap.json`, `/tiles/basemap/{z}/{x}/{y}.mvt`), whether there is one
 * (`/api/basemap`) and the landmarks shown without one (`/api/landmarks`). The basemap is opened
 * here, at start; a file that cannot be served is logged and the rest runs without it.
 */
export function basemapRoutes(
  db: Db,
  options: { basemap?: string; dataDir?: string } & PublicUrlOptions,
  log?: (line: string) => void,
) {
  const { dataDir } = options;
  const opening = loadBasemap(options, log);
  const basemap = async () => {
    const found = await opening;
    if (!found) throw new ProblemError(404, 'No basemap is installed (SAFEMAP_BASEMAP).');
    return found;
  };
  const app = new OpenAPIHono({ defaultHook: validationHook });
  // as on every /tiles answer (api/routes/tiles.ts), problem bodies included
  app.use('/tiles/basemap*', async (c, next) => {
    await next();
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
  });
  return app
    .openapi(statusRoute, async (c) => {
      const found = await opening;
      c.header('Cache-Control', 'no-cache');
      if (!found) return c.json({ available: false, hint: BASEMAP_HINT }, 200);
      const { schema, format, version, attribution } = found.info;
      return c.json({ available: true, schema, format, url: `/tiles/basemap.json?v=${version}`, attribution }, 200);
    })
    .openapi(tileJsonRoute, async (c) => {
      const { info } = await basemap();
      const origin = publicOrigin(c, options).origin;
      c.header('Cache-Control', 'no-cache');
      return c.json(
        {
          tilejson: '3.0.0',
          name: 'basemap',
          description: info.description || info.name,
          version: info.version,
          scheme: 'xyz',
          tiles: [`${origin}/tiles/basemap/{z}/{x}/{y}.mvt?v=${info.version}`],
          minzoom: info.minzoom,
          maxzoom: info.maxzoom,
          bounds: info.bounds,
          center: info.center,
          attribution: info.attribution,
          vector_layers: info.vector_layers,
          // not TileJSON: which layer set the style draws
          schema: info.schema,
        },
        200,
      );
    })
    .openapi(tileRoute, async (c) => {
      const { z, x, tile } = c.req.valid('param');
      const y = Number.parseInt(tile, 10);
      const found = await basemap();
      const limit = 2 ** z;
      if (x >= limit || y >= limit) {
        throw new ProblemError(400, `At zoom ${z}, x and y must be below ${limit}.`, [
          ...(x >= limit ? [{ path: 'path.x', message: `must be below ${limit}` }] : []),
          ...(y >= limit ? [{ path: 'path.y', message: `must be below ${limit}` }] : []),
        ]);
      }
      c.header('Cache-Control', `public, max-age=${TILE_MAX_AGE_S}`);
      c.header('Vary', 'Accept-Encoding');
      const stored = z < found.info.minzoom || z > found.info.maxzoom ? null : await found.getTile(z, x, y);
      if (!stored || stored.data.length === 0) return c.body(null, 204);
      const gzip = acceptsGzip(c.req.header('Accept-Encoding'));
      const etag = `"basemap-${found.info.version}-${z}-${x}-${y}${gzip && stored.gzip ? '-gz' : ''}"`;
      if (notModified(c, etag)) return c.body(null, 304);
      const { body, gzip: encoded } = tileBody(stored, gzip);
      c.header('Content-Type', 'application/vnd.mapbox-vector-tile');
      if (encoded) c.header('Content-Encoding', 'gzip');
      return c.body(body as Uint8Array<ArrayBuffer>, 200);
    })
    .openapi(landmarksRoute, async (c) => {
      c.header('Cache-Control', 'public, max-age=3600');
      return c.json(await landmarksGeoJson(db, dataDir), 200);
    });
}
