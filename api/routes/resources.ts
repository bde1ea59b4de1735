import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { allUnitChains } from '../../data/accounts.js';
import { cityBbox } from '../../data/admin-units.js';
import type { Db } from '../../data/db.js';
import type { RowIssue } from '../../data/import/csv.js';
import { boundariesVersion } from '../../data/layer-versions.js';
import { parseResourceCsv, parseResourceGeojson } from '../../data/resources/import.js';
import { openingHoursError } from '../../data/resources/opening-hours.js';
import {
  getResource,
  insertResources,
  nearestResources,
  RESOURCE_TYPES,
  resourcesInBbox,
  scheduleOf,
  searchResources,
  updateResource,
  updateStock,
} from '../../data/resources/queries.js';
import { VersionedCache } from '../../data/versioned-cache.js';
import { wardOrigin, wardsAt } from '../../data/wards.js';
import { audit } from '../auth/audit.js';
import { requireRole, requireUnitInScope, scopeCovers } from '../auth/authorize.js';
import type { AppEnv } from '../auth/session.js';
import { featureCollectionSchema, geojsonResponse, PointSchema } from '../geojson.js';
import { requireWardAt } from '../places.js';
import { ProblemError } from '../problem.js';
import { jsonBody, PhoneSchema, problem } from '../schemas.js';
import { cleanText } from '../text.js';
import { refuseBadRows, validationHook } from '../validation.js';

const TypesSchema = z
  .string()
  .transform((s) => s.split(',').filter(Boolean))
  .pipe(z.array(z.enum(RESOURCE_TYPES)).max(5))
  .optional()
  .openapi({ example: 'mobile_station,oxygen_atm' });
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const ResourceSchema = z
  .object({
    id: z.string(),
    type: z.enum(RESOURCE_TYPES),
    name: z.string(),
    address: z.string(),
    lon: z.number(),
    lat: z.number(),
    wardCode: z.string().nullable(),
    phone: z.string().nullable(),
    openingHours: z.string(),
    services: z.record(z.string(), z.unknown()),
    capacity: z.number().nullable(),
    stock: z.record(z.string(), z.unknown()),
    stockUpdatedAt: z.string().nullable(),
    status: z.enum(['open', 'closed', 'temporarily_closed']),
    demo: z.boolean(),
    source: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Resource');
const IntervalSchema = z.object({ from: z.string(), to: z.string(), nextDay: z.boolean() });
const DaySchema = z.object({ weekday: z.number().int().min(1).max(7), intervals: z.array(IntervalSchema) });
const ScheduleSchema = z
  .object({
    alwaysOpen: z.boolean(),
    today: DaySchema.extend({ date: z.string(), holiday: z.boolean() }),
    week: z.array(DaySchema),
    publicHolidays: z.array(IntervalSchema).nullable(),
    comment: z.string().nullable(),
  })
  .nullable()
  .openapi('WeeklySchedule', {
    description:
      'The opening_hours value as Hanoi wall-clock hours: today (a public holiday or not), the ordinary week Monday first, and public holidays (null when the value does not say). Null when the stored value cannot be read.',
  });
const ResourceDetailSchema = ResourceSchema.extend({ schedule: ScheduleSchema }).openapi('ResourceDetail');
const NearbySchema = ResourceSchema.extend({
  distanceM: z.number(),
  travelMinutes: z.object({ walk: z.number(), motorbike: z.number(), car: z.number() }).openapi({
    description:
      'Estimated minutes from the straight-line distance ×1.3 (streets) at 4.5 km/h on foot, 25 km/h by motorbike and 20 km/h by car in Hanoi traffic',
  }),
  schedule: ScheduleSchema,
  openNow: z.boolean(),
  openUnknown: z.boolean(),
  nextChange: z.string().nullable(),
}).openapi('NearbyResource');

const nearestRoute = createRoute({
  method: 'get',
  path: '/api/resources/nearest',
  summary: 'The nearest places that help, from a point or a ward, nearest first',
  description:
    'Distances are on the sphere in metres (what Turf’s haversine computes); order comes from the spatial index. Open-now is judged in Hanoi time from OSM opening_hours.',
  request: {
    query: z.object({
      lon: z.coerce.number().min(-180).max(180).optional(),
      lat: z.coerce.number().min(-90).max(90).optional(),
      ward: z
        .string()
        .regex(/^\d{5}$/, 'a ward code is 5 digits, e.g. 00070')
        .optional(),
      types: TypesSchema,
      openNow: bool.optional(),
      hasStock: z
        .string()
        .regex(/^[A-Za-z_]{1,40}$/, 'a stock item such as oxygen_cylinders or Pfizer')
        .optional(),
      radiusM: z.coerce.number().positive('radius must be positive').max(50_000, 'at most 50 km').optional(),
      limit: z.coerce.number().int().min(1).max(50, 'at most 50').default(5),
    }),
  },
  responses: {
    200: {
      description: 'Nearest first',
      content: {
        'application/json': {
          schema: z.object({ origin: z.tuple([z.number(), z.number()]), resources: z.array(NearbySchema) }),
        },
      },
    },
    400: problem('Bad query, or a point outside Hanoi'),
    404: problem('No such ward'),
  },
});

const bboxRoute = createRoute({
  method: 'get',
  path: '/api/resources',
  summary: 'Resources inside a bounding box, as GeoJSON',
  request: {
    query: z.object({
      bbox: z
        .string()
        .transform((s) => s.split(',').map(Number))
        .pipe(
          z
            .tuple([
              z.number().min(-180).max(180),
              z.number().min(-90).max(90),
              z.number().min(-180).max(180),
              z.number().min(-90).max(90),
            ])
            .refine(([x0, y0, x1, y1]) => x0 < x1 && y0 < y1, 'minLon,minLat,maxLon,maxLat with min < max'),
        )
        .openapi({ example: '105.80,21.00,105.88,21.06' }),
      types: TypesSchema,
      limit: z.coerce.number().int().min(1).max(5000).default(2000),
    }),
  },
  responses: {
    200: geojsonResponse('The resources as points', featureCollectionSchema(PointSchema, ResourceSchema)),
    400: problem('Bad bbox'),
  },
});

const searchRoute = createRoute({
  method: 'get',
  path: '/api/resources/search',
  summary: 'Find resources by name, ignoring case and diacritics',
  request: {
    query: z.object({
      q: z.string().trim().min(2).max(100).openapi({ example: 'atm o xy hoan kiem' }),
      limit: z.coerce.number().int().min(1).max(50).default(8),
    }),
  },
  responses: {
    200: {
      description: 'Matches',
      content: { 'application/json': { schema: z.object({ resources: z.array(ResourceSchema) }) } },
    },
    400: problem('Bad query'),
  },
});

const IdParam = z.object({ id: z.uuid() });
const detailRoute = createRoute({
  method: 'get',
  path: '/api/resources/{id}',
  summary: 'One resource',
  request: { params: IdParam },
  responses: {
    200: {
      description: 'The resource and its hours',
      content: { 'application/json': { schema: ResourceDetailSchema } },
    },
    400: problem('Malformed id'),
    404: problem('No such resource'),
  },
});

const ResourceInputSchema = z.strictObject({
  type: z.enum(RESOURCE_TYPES),
  name: z.string().trim().min(2).max(200),
  address: z.string().trim().max(300),
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  phone: PhoneSchema,
  openingHours: z.string().trim().min(1).max(300),
  services: z.record(z.string(), z.unknown()),
  capacity: z.number().int().min(0).nullable(),
  status: z.enum(['open', 'closed', 'temporarily_closed']),
});
const StockSchema = z.record(
  z.string().regex(/^[A-Za-z_]{1,40}$/),
  z.union([z.number().int().min(0), z.record(z.string().regex(/^[A-Za-z_ ]{1,40}$/), z.number().int().min(0))]),
);

const createResourceRoute = createRoute({
  method: 'post',
  path: '/api/resources',
  summary: 'Add a resource (officials whose scope covers the ward of its point)',
  request: { body: jsonBody(ResourceInputSchema.extend({ stock: StockSchema })) },
  responses: {
    201: { description: 'Added', content: { 'application/json': { schema: ResourceSchema } } },
    401: problem('Not signed in'),
    403: problem('Outside your scope'),
    422: problem('Invalid, outside Hanoi, or bad opening hours'),
  },
});
const updateRoute = createRoute({
  method: 'put',
  path: '/api/resources/{id}',
  summary: 'Edit or close a resource (officials in scope of its ward)',
  request: { params: IdParam, body: jsonBody(ResourceInputSchema) },
  responses: {
    200: { description: 'Saved', content: { 'application/json': { schema: ResourceSchema } } },
    401: problem('Not signed in'),
    403: problem('Outside your scope'),
    404: problem('No such resource'),
    422: problem('Invalid'),
  },
});
const stockRoute = createRoute({
  method: 'put',
  path: '/api/resources/{id}/stock',
  summary: 'Report the stock on hand now (officials in scope); the time of the report is kept',
  request: { params: IdParam, body: jsonBody(z.strictObject({ stock: StockSchema })) },
  responses: {
    200: { description: 'Saved', content: { 'application/json': { schema: ResourceSchema } } },
    401: problem('Not signed in'),
    403: problem('Outside your scope'),
    404: problem('No such resource'),
  },
});
const importRoute = createRoute({
  method: 'post',
  path: '/api/resources/import',
  summary: 'Import resources from CSV or GeoJSON; all rows or none',
  request: {
    body: jsonBody(
      z.strictObject({
        format: z.enum(['csv', 'geojson']),
        data: z.union([
          z.string().min(1).max(900_000),
          z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()).max(20_000) }),
        ]),
      }),
    ),
  },
  responses: {
    200: {
      description: 'Imported',
      content: { 'application/json': { schema: z.object({ imported: z.number().int() }) } },
    },
    401: problem('Not signed in'),
    403: problem('Rows outside your scope'),
    422: problem('Rows with errors'),
  },
});

function requireValidHours(hours: string) {
  const error = openingHoursError(hours);
  if (error) {
    throw new ProblemError(422, `The opening hours are not valid: ${error}`, [
      { path: 'json.openingHours', message: error, code: 'bad_hours' },
    ]);
  }
}

/** Resources: public nearest search and reads; officials' edits, stock and imports, scoped and audited. */
export function resourceRoutes(db: Db, now: () => number) {
  // the public searches may be answered by a replica; officials' edits and what they read for them by the primary
  const read = db.read;
  const bboxes = new VersionedCache<[number, number, number, number] | null>();
  // The city's outline moves only when boundaries are re-imported, and it only guards against points
  // far outside: checking its version once a minute spares every nearest search a second statement
  // (on the embedded engine, half of what a busy queue could otherwise serve).
  let bboxCheckedAt = 0;
  let bbox: Promise<[number, number, number, number] | null> | undefined;
  const hanoiBbox = () => {
    if (!bbox || Date.now() - bboxCheckedAt > 60_000) {
      bboxCheckedAt = Date.now();
      bbox = boundariesVersion(read).then((v) => bboxes.get(read, v, () => cityBbox(read)));
      bbox.catch(() => {
        bbox = undefined;
      });
    }
    return bbox;
  };

  const resourceOrThrow = async (id: string) => {
    const r = await getResource(db, id);
    if (!r) throw new ProblemError(404, `There is no resource ${id}.`);
    return r;
  };

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(nearestRoute, async (c) => {
      const q = c.req.valid('query');
      let origin: [number, number];
      if (q.ward) {
        const center = await wardOrigin(read, q.ward);
        if (!center) throw new ProblemError(404, `There is no ward with code ${q.ward}.`);
        origin = center;
      } else if (q.lon !== undefined && q.lat !== undefined) {
        origin = [q.lon, q.lat];
        const b = await hanoiBbox();
        const margin = 0.05; // ~5 km: people near the boundary still search from where they are
        if (b && (q.lon < b[0] - margin || q.lon > b[2] + margin || q.lat < b[1] - margin || q.lat > b[3] + margin)) {
          throw new ProblemError(400, `The point ${q.lon}, ${q.lat} is outside Hanoi.`, [
            { path: 'query.lon', message: 'outside Hanoi', code: 'outside_hanoi' },
          ]);
        }
      } else {
        throw new ProblemError(400, 'Give a point (lon and lat) or a ward code.', [
          { path: 'query.lon', message: 'lon and lat, or ward, are required', code: 'invalid_type' },
        ]);
      }
      const resources = await nearestResources(read, {
        lon: origin[0],
        lat: origin[1],
        types: q.types,
        hasStock: q.hasStock,
        radiusM: q.radiusM,
        openNow: q.openNow,
        limit: q.limit,
        now: new Date(now()),
      });
      return c.json({ origin, resources }, 200);
    })
    .openapi(bboxRoute, async (c) => {
      const { bbox, types, limit } = c.req.valid('query');
      const list = await resourcesInBbox(read, bbox as [number, number, number, number], types, limit);
      const body = {
        type: 'FeatureCollection' as const,
        features: list.map((r) => ({
          type: 'Feature' as const,
          id: r.id,
          properties: r,
          geometry: { type: 'Point' as const, coordinates: [r.lon, r.lat] },
        })),
      };
      return c.json(body, 200, { 'Content-Type': 'application/geo+json' });
    })
    .openapi(searchRoute, async (c) => {
      const { q, limit } = c.req.valid('query');
      return c.json({ resources: await searchResources(read, q, limit) }, 200);
    })
    .openapi(detailRoute, async (c) => {
      const r = await resourceOrThrow(c.req.valid('param').id);
      return c.json({ ...r, schedule: scheduleOf(r.openingHours, new Date(now())) }, 200);
    })
    .openapi(createResourceRoute, async (c) => {
      const input = c.req.valid('json');
      requireValidHours(input.openingHours);
      const ward = await requireWardAt(db, input.lon, input.lat);
      const unit = { level: 'ward' as const, code: ward };
      await requireUnitInScope(c, db, unit);
      const created = await db.transaction(async (tx) => {
        const [id] = await insertResources(tx, [{ ...input, stockUpdatedAt: new Date(now()).toISOString() }]);
        const r = await getResource(tx, id);
        await audit(tx, c, { action: 'resource.create', entityType: 'resource', entityId: id, unit, after: r });
        return r;
      });
      return c.json(created as NonNullable<typeof created>, 201);
    })
    .openapi(updateRoute, async (c) => {
      const before = await resourceOrThrow(c.req.valid('param').id);
      const input = c.req.valid('json');
      requireValidHours(input.openingHours);
      // both the old and the new ward must be the official's
      await requireUnitInScope(c, db, { level: 'ward', code: before.wardCode ?? '' });
      const ward = await requireWardAt(db, input.lon, input.lat);
      await requireUnitInScope(c, db, { level: 'ward', code: ward });
      const after = await db.transaction(async (tx) => {
        await updateResource(tx, before.id, { ...input, stock: before.stock });
        const r = await getResource(tx, before.id);
        await audit(tx, c, {
          action: 'resource.update',
          entityType: 'resource',
          entityId: before.id,
          unit: { level: 'ward', code: ward },
          before,
          after: r,
        });
        return r;
      });
      return c.json(after as NonNullable<typeof after>, 200);
    })
    .openapi(stockRoute, async (c) => {
      const before = await resourceOrThrow(c.req.valid('param').id);
      const unit = { level: 'ward' as const, code: before.wardCode ?? '' };
      await requireUnitInScope(c, db, unit);
      // Last writer wins: parallel reports queue on the row's lock; "before" is read under it.
      const after = await db.transaction(async (tx) => {
        const replaced = await updateStock(tx, before.id, c.req.valid('json').stock, new Date(now()));
        if (!replaced) throw new ProblemError(404, `There is no resource ${before.id}.`);
        const r = await getResource(tx, before.id);
        await audit(tx, c, {
          action: 'resource.stock',
          entityType: 'resource',
          entityId: before.id,
          unit,
          before: { stock: replaced.before },
          after: { stock: r?.stock },
        });
        return r;
      });
      return c.json(after as NonNullable<typeof after>, 200);
    })
    .openapi(importRoute, async (c) => {
      const actor = requireRole(c, 'ward_officer', 'district_officer', 'city_admin');
      const { format, data } = c.req.valid('json');
      const parsed =
        format === 'csv'
          ? parseResourceCsv(typeof data === 'string' ? data : '')
          : parseResourceGeojson(
              typeof data === 'string'
                ? (() => {
                    try {
                      return JSON.parse(data);
                    } catch {
                      return {};
                    }
                  })()
                : data,
            );
      // the file's own text (its nested JSON may carry escaped NULs) by the one text rule
      const textErrors = cleanText(parsed.rows, 'json.data');
      if (textErrors.length > 0)
        throw new ProblemError(422, 'The file has invalid text.', textErrors, 'validation-error');
      const errors = [...parsed.errors];
      const wards = await wardsAt(
        db,
        parsed.rows.map((r) => [r.lon, r.lat]),
      );
      const chains = await allUnitChains(db);
      const outOfScope: RowIssue[] = [];
      parsed.rows.forEach((r, i) => {
        const ward = wards[i];
        if (!ward)
          errors.push({
            row: r.row,
            column: 'lon',
            code: 'outside_hanoi',
            value: `${r.lon},${r.lat}`,
            message: 'the point is outside Hanoi',
          });
        else {
          if (!scopeCovers(actor, chains.get(ward) ?? []))
            outOfScope.push({
              row: r.row,
              column: 'lon',
              code: 'out_of_scope',
              value: ward,
              message: `ward ${ward} is outside your scope`,
            });
        }
      });
      if (parsed.rows.length + parsed.errors.length === 0)
        errors.push({ row: 1, column: '', code: 'required', message: 'the file has no rows' });
      refuseBadRows('rows', errors, outOfScope);
      const stamp = new Date(now()).toISOString();
      await db.transaction(async (tx) => {
        await insertResources(
          tx,
          parsed.rows.map(({ row: _, ...r }) => ({ ...r, stockUpdatedAt: stamp })),
        );
        await audit(tx, c, {
          action: 'resources.import',
          entityType: 'resources',
          entityId: format,
          unit: actor.scope,
          after: { rows: parsed.rows.length },
        });
      });
      return c.json({ imported: parsed.rows.length }, 200);
    });
}
