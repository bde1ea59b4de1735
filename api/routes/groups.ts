import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Db } from '../../data/db.js';
import { checkGroups, groupsOfWard, saveGroups } from '../../data/groups.js';
import { audit } from '../auth/audit.js';
import { requireUnitInScope } from '../auth/authorize.js';
import type { AppEnv } from '../auth/session.js';
import { featureCollectionSchema, geojsonResponse, MultiPolygonSchema } from '../geojson.js';
import { ProblemError } from '../problem.js';
import { jsonBody, problem, WardCodeSchema } from '../schemas.js';
import { validationHook } from '../validation.js';

const Position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const Ring = z
  .array(Position)
  .min(4, 'a ring needs at least 4 positions')
  .refine((r) => r[0][0] === r[r.length - 1][0] && r[0][1] === r[r.length - 1][1], 'a ring must end where it starts');
const GroupFeature = z.object({
  type: z.literal('Feature'),
  properties: z.object({
    name: z.string().trim().min(1).max(120),
    population: z.number().int().positive(),
    code: z
      .string()
      .regex(/^\d{2,3}$/, 'two or three digits: the number of the group in its ward')
      .optional(),
  }),
  geometry: z.discriminatedUnion('type', [
    z.object({ type: z.literal('Polygon'), coordinates: z.array(Ring).min(1) }),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(Ring).min(1)).min(1) }),
  ]),
});
const GroupsImport = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(GroupFeature).min(1).max(500),
});

const GroupsSchema = featureCollectionSchema(
  MultiPolygonSchema,
  z.object({
    code: z.string(),
    name: z.string(),
    population: z.number(),
    level: z.number().int().nullable(),
    week: z.string().nullable(),
    confirmed: z.boolean(),
    /** a point inside the group, [lon, lat] */
    center: z.tuple([z.number(), z.number()]),
  }),
).openapi('ResidentialGroups');

const listRoute = createRoute({
  method: 'get',
  path: '/api/wards/{code}/groups',
  summary: "A ward's residential groups (tổ dân phố) with their latest level, as GeoJSON",
  request: { params: z.object({ code: WardCodeSchema }) },
  responses: {
    200: geojsonResponse('The groups, each with its latest level', GroupsSchema),
    400: problem('Malformed code'),
  },
});

const importRoute = createRoute({
  method: 'post',
  path: '/api/wards/{code}/groups',
  summary: 'Import residential groups into a ward from GeoJSON (officials of the ward, district or city)',
  description:
    'Each feature needs `name` and `population`; `code` (e.g. "03") replaces that group, otherwise the next number is used. Groups are clipped to the ward; one lying more than 2 % outside it, or an invalid polygon, refuses the whole file.',
  request: { params: z.object({ code: WardCodeSchema }), body: jsonBody(GroupsImport) },
  responses: {
    200: {
      description: 'Imported',
      content: { 'application/json': { schema: z.object({ codes: z.array(z.string()) }) } },
    },
    401: problem('Not signed in'),
    403: problem('Ward outside your scope'),
    404: problem('No such ward'),
    422: problem('Invalid features'),
  },
});

/** Residential groups: anyone reads them; officials in scope import them. */
export function groupRoutes(db: Db) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(listRoute, async (c) => {
      const body = await groupsOfWard(db, c.req.valid('param').code);
      return c.json(body, 200, { 'Content-Type': 'application/geo+json' });
    })
    .openapi(importRoute, async (c) => {
      const ward = c.req.valid('param').code;
      const unit = { level: 'ward' as const, code: ward };
      await requireUnitInScope(c, db, unit);
      const groups = c.req.valid('json').features.map((f) => ({
        suffix: f.properties.code,
        name: f.properties.name,
        population: f.properties.population,
        geometry: f.geometry as GeoJSON.Polygon | GeoJSON.MultiPolygon,
      }));
      const problems = await checkGroups(db, ward, groups);
      if (problems.length > 0) {
        throw new ProblemError(
          422,
          `${problems.length} feature(s) cannot be imported; nothing was changed.`,
          problems.map((p) => ({
            path: `json.features.${p.feature}.${p.field}`,
            message: p.message,
            code: p.code,
            params: { feature: p.feature + 1 },
          })),
        );
      }
      const codes = await db.transaction(async (tx) => {
        const saved = await saveGroups(tx, ward, groups);
        await audit(tx, c, {
          action: 'groups.import',
          entityType: 'groups',
          entityId: ward,
          unit,
          after: { codes: saved, names: groups.map((g) => g.name) },
        });
        return saved;
      });
      return c.json({ codes }, 200);
    });
}
