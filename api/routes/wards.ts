import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Queryable } from '../../data/db.js';
import { BOUNDARIES } from '../../data/layer-versions.js';
import { cachedByLayers, layersVersion } from '../../data/versioned-cache.js';
import { getWard, listDistricts, listWards, wardFeatures } from '../../data/wards.js';
import { notModified } from '../conditional.js';
import {
  featureCollectionSchema,
  featureCollectionStream,
  geojsonResponse,
  MultiPolygonSchema,
  pinnedToVersion,
} from '../geojson.js';
import { ProblemError } from '../problem.js';
import { problem, WardCodeSchema } from '../schemas.js';
import { validationHook } from '../validation.js';

const DistrictRef = z.object({ code: z.string(), nameVi: z.string(), nameEn: z.string() }).nullable();
const WardSummarySchema = z
  .object({
    code: z.string(),
    nameVi: z.string(),
    nameEn: z.string(),
    fullNameVi: z.string(),
    fullNameEn: z.string(),
    population: z.number().int().nullable(),
    populationEstimated: z.boolean(),
    areaKm2: z.number().nullable(),
    district: DistrictRef,
    center: z.tuple([z.number(), z.number()]),
  })
  .openapi('WardSummary');
const WardPropertiesSchema = WardSummarySchema.omit({ center: true });
const WardDetailSchema = WardSummarySchema.extend({
  populationSource: z.string().nullable(),
  densityPerKm2: z.number().nullable(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  geometry: MultiPolygonSchema,
}).openapi('WardDetail');

const listRoute = createRoute({
  method: 'get',
  path: '/api/wards',
  summary: 'List or search wards',
  description: 'Search ignores case and Vietnamese diacritics: `q=hoan kiem` finds Phường Hoàn Kiếm.',
  request: {
    query: z.object({
      q: z.string().trim().min(1).max(100).optional().openapi({ example: 'hoan kiem' }),
      district: z
        .string()
        .regex(/^\d{3}$/, 'a district code is 3 digits')
        .optional(),
      limit: z.coerce.number().int().min(1).max(200).default(200),
    }),
  },
  responses: {
    200: {
      description: 'Wards',
      content: { 'application/json': { schema: z.object({ wards: z.array(WardSummarySchema) }) } },
    },
    400: problem('Invalid query'),
  },
});

const geojsonRoute = createRoute({
  method: 'get',
  path: '/api/wards.geojson',
  summary: 'All wards as a GeoJSON FeatureCollection',
  responses: {
    200: geojsonResponse(
      'Every ward with its summary',
      featureCollectionSchema(MultiPolygonSchema, WardPropertiesSchema),
    ),
    304: { description: 'Not modified: If-None-Match names the current version of the boundaries' },
  },
});

const detailRoute = createRoute({
  method: 'get',
  path: '/api/wards/{code}',
  summary: 'One ward with population, area, district and geometry',
  request: { params: z.object({ code: WardCodeSchema }) },
  responses: {
    200: { description: 'The ward', content: { 'application/json': { schema: WardDetailSchema } } },
    400: problem('Malformed code'),
    404: problem('No ward with this code'),
  },
});

const districtsRoute = createRoute({
  method: 'get',
  path: '/api/districts',
  summary: 'The 30 former districts, each a named set of 2025 wards',
  responses: {
    200: {
      description: 'Districts',
      content: {
        'application/json': {
          schema: z.object({
            districts: z.array(
              z.object({
                code: z.string(),
                nameVi: z.string(),
                nameEn: z.string(),
                fullNameVi: z.string(),
                population: z.number().nullable(),
                wardCodes: z.array(z.string()),
              }),
            ),
          }),
        },
      },
    },
  },
});

/**
 * Ward and district routes (public reads: `db` may be a replica's); what depends only on the
 * boundaries is read once per import of them (the GeoJSON is streamed).
 */
export function wardRoutes(db: Queryable) {
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(listRoute, async (c) => {
      const { q, district, limit } = c.req.valid('query');
      if (q) return c.json({ wards: await listWards(db, { q, district, limit }) }, 200);
      // without a search, a slice of the one list of all wards, read once per import of the boundaries
      const all = await cachedByLayers(db, 'wards', [BOUNDARIES], () => listWards(db, { limit: 1000 }));
      return c.json({ wards: all.filter((w) => !district || w.district?.code === district).slice(0, limit) }, 200);
    })
    .openapi(geojsonRoute, async (c) => {
      // names, populations and outlines all come with an import of the boundaries: their version is
      // the ETag (weak: the same content in any encoding), and the file is streamed, never kept
      const version = await layersVersion(db, [BOUNDARIES]);
      if (notModified(c, `W/"wards.geojson@${version}"`)) return c.body(null, 304) as never;
      const body = featureCollectionStream(
        {},
        pinnedToVersion(
          'boundaries',
          version,
          () => layersVersion(db, [BOUNDARIES]),
          (after, limit) => wardFeatures(db, after, limit),
        ),
      );
      return c.body(body, 200, { 'Content-Type': 'application/geo+json' }) as never;
    })
    .openapi(detailRoute, async (c) => {
      const { code } = c.req.valid('param');
      const ward = await getWard(db, code);
      if (!ward) throw new ProblemError(404, `There is no ward with code ${code}.`);
      return c.json(ward, 200);
    })
    .openapi(districtsRoute, async (c) =>
      c.json({ districts: await cachedByLayers(db, 'districts', [BOUNDARIES], () => listDistricts(db)) }, 200),
    );
}
