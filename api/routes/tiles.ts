import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { type TileService, tileReply } from '../../tiles/service.js';
import { ProblemError } from '../problem.js';
import { type PublicUrlOptions, publicOrigin } from '../public-url.js';
import { BinarySchema, problem } from '../schemas.js';
import { validationHook } from '../validation.js';

const MAX_ZOOM = 22;

/** A tile's z/x/y.mvt in a path, as every tile route (our layers, the basemap) takes it. */
export const TILE_PARAMS = z.object({
  z: z
    .string()
    .regex(/^\d{1,2}$/, 'z must be a whole number')
    .transform(Number)
    .pipe(z.number().max(MAX_ZOOM, `z must be at most ${MAX_ZOOM}`)),
  x: z
    .string()
    .regex(/^\d{1,7}$/, 'x must be a whole number')
    .transform(Number),
  tile: z.string().regex(/^\d{1,7}\.mvt$/, 'expected <y>.mvt with a whole number y'),
});

const TileJsonSchema = z
  .object({
    tilejson: z.string(),
    name: z.string(),
    description: z.string(),
    /** the layer's data version, also in the tile URL (`?v=`) */
    version: z.string(),
    scheme: z.string(),
    tiles: z.array(z.string()),
    minzoom: z.number().int(),
    maxzoom: z.number().int(),
    bounds: z.array(z.number()),
    center: z.array(z.number()),
    attribution: z.string(),
    vector_layers: z.array(
      z.object({
        id: z.string(),
        description: z.string(),
        minzoom: z.number().int(),
        maxzoom: z.number().int(),
        fields: z.record(z.string(), z.string()),
      }),
    ),
  })
  .openapi('TileJSON');

const tileJsonRoute = createRoute({
  method: 'get',
  path: '/tiles/{name}',
  summary: 'TileJSON of a layer (`/tiles/wards.json`)',
  request: { params: z.object({ name: z.string().regex(/^[a-z]+\.json$/, 'expected <layer>.json') }) },
  responses: {
    200: { description: 'TileJSON 3.0', content: { 'application/json': { schema: TileJsonSchema } } },
    400: problem('Malformed name, or a Host this server does not answer for (without SAFEMAP_PUBLIC_URL)'),
    404: problem('Unknown layer'),
  },
});

const versionsRoute = createRoute({
  method: 'get',
  path: '/tiles/versions.json',
  summary: 'The data version of every layer; the web app polls it and refetches the layers that changed',
  responses: {
    200: {
      description: 'Layer → version',
      content: { 'application/json': { schema: z.record(z.string(), z.string()) } },
    },
  },
});

const tileRoute = createRoute({
  method: 'get',
  path: '/tiles/{layer}/{z}/{x}/{tile}',
  summary: 'A Mapbox Vector Tile (`/tiles/wards/12/3255/1804.mvt`)',
  request: {
    params: TILE_PARAMS.extend({
      layer: z.string().regex(/^[a-z]+$/, 'a layer name is lower-case letters'),
    }),
    query: z.object({
      v: z.string().max(64).optional().openapi({
        description:
          "The layer's data version the TileJSON put in the URL; an answer of another version is not for shared caches",
      }),
    }),
  },
  responses: {
    200: {
      description: 'MVT bytes (gzip when accepted)',
      content: { 'application/vnd.mapbox-vector-tile': { schema: BinarySchema } },
    },
    204: { description: "No feature in this tile, or a zoom outside the layer's TileJSON minzoom–maxzoom" },
    304: { description: 'Not modified' },
    400: problem('Bad z/x/y'),
    404: problem('Unknown layer'),
  },
});

/**
 * `/tiles/*`: TileJSON and MVT with gzip, ETag/304 (RFC 9110) and per-layer Cache-Control. A
 * zoom outside the layer's TileJSON range answers 204, as an empty tile does.
 */
export function tileRoutes(tiles: TileService, links: PublicUrlOptions = {}) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  // a URL naming another version than this process's re-reads the versions, at most this often
  // (another node's write may not have been heard yet; a made-up version must not cost a query each)
  let rereadAt = 0;
  const versionOf = async (layer: string, asked: string | undefined) => {
    const known = (await tiles.layerVersions()).get(layer);
    if (asked === undefined || asked === known || Date.now() - rereadAt < 100) return known;
    rereadAt = Date.now();
    tiles.invalidateVersions();
    return (await tiles.layerVersions()).get(layer);
  };
  // mounted before the app's secure headers: every /tiles answer, problem bodies included
  app.use('/tiles/*', async (c, next) => {
    await next();
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
  });
  return app
    .openapi(versionsRoute, async (c) => {
      c.header('Cache-Control', 'no-cache');
      return c.json(await tiles.versionTable(), 200);
    })
    .openapi(tileJsonRoute, async (c) => {
      const layer = c.req.valid('param').name.replace(/\.json$/, '');
      if (!tiles.layer(layer)) throw new ProblemError(404, `There is no tile layer "${layer}".`);
      const json = await tiles.tileJson(layer, publicOrigin(c, links).origin);
      if (!json) throw new ProblemError(404, `There is no tile layer "${layer}".`);
      c.header('Cache-Control', 'no-cache');
      return c.json(json, 200);
    })
    .openapi(tileRoute, async (c) => {
      const { layer, z, x, tile } = c.req.valid('param');
      const y = Number.parseInt(tile, 10);
      const definition = tiles.layer(layer);
      if (!definition) throw new ProblemError(404, `There is no tile layer "${layer}".`);
      const limit = 2 ** z;
      if (x >= limit || y >= limit) {
        throw new ProblemError(400, `At zoom ${z}, x and y must be below ${limit}.`, [
          ...(x >= limit ? [{ path: 'path.x', message: `must be below ${limit}` }] : []),
          ...(y >= limit ? [{ path: 'path.y', message: `must be below ${limit}` }] : []),
        ]);
      }
      const inRange = z >= definition.minzoom && z <= definition.maxzoom;
      const asked = c.req.valid('query').v;
      const version = await versionOf(layer, asked);
      const built = inRange ? await tiles.getTile(layer, z, x, y) : { tile: null, hit: true };
      const reply = tileReply(definition, { z, x, y }, built.tile, built.hit, {
        acceptEncoding: c.req.header('Accept-Encoding'),
        ifNoneMatch: c.req.header('If-None-Match'),
      });
      // Versioned URLs are what lets a proxy or CDN keep tiles: bytes of another version than the
      // URL names (a write not yet seen here, or a made-up version) must never be stored under it.
      if (asked !== undefined && asked !== (built.tile?.version ?? version))
        reply.headers['Cache-Control'] = 'no-store';
      for (const [name, value] of Object.entries(reply.headers)) c.header(name, value);
      if (!reply.body) return c.body(null, reply.status as 204 | 304);
      return c.body(reply.body as Uint8Array<ArrayBuffer>, 200);
    });
}
