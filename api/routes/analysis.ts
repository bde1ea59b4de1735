import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  coverageCells,
  coverageSummary,
  emergingHotspots,
  hotspotsOfWeek,
  levelWeeks,
  planSites,
} from '../../data/analysis/queries.js';
import type { Db } from '../../data/db.js';
import { RESOURCE_TYPES } from '../../data/resources/types.js';
import { requireRole } from '../auth/authorize.js';
import type { AppEnv } from '../auth/session.js';
import { ProblemError } from '../problem.js';
import { problem } from '../schemas.js';
import { validationHook } from '../validation.js';

const Week = z.string().regex(/^\d{4}-W\d{2}$/, 'an ISO week, e.g. 2022-W05');
const Format = z.enum(['json', 'csv', 'geojson']).default('json');
const ScopeQuery = {
  /** a city admin may narrow to one former district */
  district: z
    .string()
    .regex(/^\d{3}$/)
    .optional(),
};
const ok = (description: string) => ({
  200: { description, content: { 'application/json': { schema: z.any() }, 'text/csv': { schema: z.string() } } },
  400: problem('Bad query'),
  401: problem('Not signed in'),
  403: problem('Not an official, or outside your scope'),
  404: problem('No figures for that week'),
});

const hotspotsRoute = createRoute({
  method: 'get',
  path: '/api/analysis/hotspots',
  summary: 'Getis–Ord Gi* hot and cold spots of weekly incidence per ward, for the wards in your scope',
  request: {
    query: z.object({
      week: Week.optional(),
      fdr: z.enum(['true', 'false']).default('false'),
      format: Format,
      ...ScopeQuery,
    }),
  },
  responses: ok('Gi* per ward: z, p, confidence bin (±3/±2/±1 = 99/95/90 %)'),
});
const emergingRoute = createRoute({
  method: 'get',
  path: '/api/analysis/emerging',
  summary: 'Emerging hot-spot category of each ward over the last weeks (Mann–Kendall on its Gi* z-scores)',
  request: {
    query: z.object({
      until: Week.optional(),
      weeks: z.coerce.number().int().min(3).max(52).default(8),
      fdr: z.enum(['true', 'false']).default('false'),
      ...ScopeQuery,
    }),
  },
  responses: ok('Category per ward'),
});
const coverageRoute = createRoute({
  method: 'get',
  path: '/api/analysis/coverage',
  summary: 'People farther than a distance from the nearest open resource of a type, per ward and in all',
  request: {
    query: z.object({
      type: z.enum(RESOURCE_TYPES).default('mobile_station'),
      maxM: z.coerce.number().int().min(100).max(20_000).default(1000),
      format: Format,
      ...ScopeQuery,
    }),
  },
  responses: ok('Summary and the uncovered cells'),
});
const sitingRoute = createRoute({
  method: 'get',
  path: '/api/analysis/siting',
  summary: 'Where k new stations would cover the most people (maximal covering), against one per ward',
  request: {
    query: z.object({
      type: z.enum(RESOURCE_TYPES).default('mobile_station'),
      k: z.coerce.number().int().min(1).max(200).default(10),
      radiusM: z.coerce.number().int().min(200).max(10_000).default(1000),
      format: Format,
      ...ScopeQuery,
    }),
  },
  responses: ok('Proposed sites and the people they newly cover'),
});

const trendRoute = createRoute({
  method: 'get',
  path: '/api/analysis/trend',
  summary: 'Weekly cases per 100,000 of a ward in your scope, its former district and the city',
  request: { query: z.object({ ward: z.string().regex(/^\d{5}$/, 'a 5-digit ward code') }) },
  responses: ok('Three series over the weeks with figures'),
});

/** The wards an official analyses: their ward, their district's wards, or the city (narrowed by `district`). */
async function scopeOf(c: Context<AppEnv>, db: Db, district?: string) {
  const actor = requireRole(c, 'ward_officer', 'district_officer', 'city_admin');
  let where: { sql: string; param: string | null; name: string };
  if (actor.role === 'ward_officer')
    where = { sql: 'code = $1', param: actor.scope?.code ?? '', name: actor.scope?.nameVi ?? '' };
  else if (actor.role === 'district_officer') {
    if (district && district !== actor.scope?.code)
      throw new ProblemError(403, `District ${district} is outside your scope.`);
    where = { sql: 'parent_code = $1', param: actor.scope?.code ?? '', name: actor.scope?.nameVi ?? '' };
  } else
    where = district
      ? { sql: 'parent_code = $1', param: district, name: district }
      : { sql: '$1::text IS NULL', param: null, name: 'Hà Nội' };
  const wards = await db.query<{ code: string; name_vi: string }>(
    `SELECT code, name_vi FROM admin_units WHERE level = 'ward' AND ${where.sql} ORDER BY code`,
    [where.param],
  );
  if (wards.length === 0) throw new ProblemError(404, 'No wards in that scope.');
  return { codes: wards.map((w) => w.code), names: new Map(wards.map((w) => [w.code, w.name_vi])), name: where.name };
}

async function weekOrLatest(db: Db, week?: string) {
  const weeks = await levelWeeks(db);
  const chosen = week ?? weeks[0];
  if (!chosen || !weeks.includes(chosen))
    throw new ProblemError(404, `No ward figures for week ${week ?? '(none yet)'}.`);
  return { week: chosen, weeks };
}

const csvCell = (v: unknown) => {
  const s = v == null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
function csv(c: Context, filename: string, header: string[], rows: unknown[][]) {
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${filename}"`);
  return c.body(`\uFEFF${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`, 200);
}
function geojson(c: Context, filename: string, metadata: Record<string, unknown>, features: unknown[]) {
  c.header('Content-Disposition', `attachment; filename="${filename}"`);
  return c.json({ type: 'FeatureCollection', metadata, features }, 200);
}

/** Leaders' analysis: hotspots, emerging hotspots, coverage and siting, with CSV/GeoJSON exports. */
export function analysisRoutes(db: Db) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(hotspotsRoute, async (c) => {
      const q = c.req.valid('query');
      const scope = await scopeOf(c, db, q.district);
      const { week } = await weekOrLatest(db, q.week);
      const inScope = new Set(scope.codes);
      const wards = (await hotspotsOfWeek(db, week, q.fdr === 'true')).filter((w) => inScope.has(w.code));
      const ruleSets = [...new Set(wards.map((w) => w.ruleSet).filter(Boolean))];
      const demo = wards.some((w) => w.demo);
      const meta = { week, scope: scope.name, ruleSets, demo, fdr: q.fdr === 'true' };
      if (q.format === 'csv') {
        return csv(
          c,
          `hotspots-${week}.csv`,
          ['week', 'scope', 'rule_set', 'demo', 'ward_code', 'ward', 'incidence_per_100k', 'level', 'gi_z', 'p', 'bin'],
          wards.map((w) => [
            week,
            scope.name,
            w.ruleSet,
            w.demo,
            w.code,
            scope.names.get(w.code),
            w.incidence,
            w.level,
            w.z,
            w.p,
            w.bin,
          ]),
        );
      }
      if (q.format === 'geojson') {
        const geoms = await wardGeometries(db, scope.codes);
        return geojson(
          c,
          `hotspots-${week}.geojson`,
          meta,
          wards.map((w) => ({
            type: 'Feature',
            geometry: geoms.get(w.code),
            properties: { ...meta, ...w, name: scope.names.get(w.code) },
          })),
        );
      }
      return c.json({ ...meta, wards: wards.map((w) => ({ ...w, name: scope.names.get(w.code) })) }, 200);
    })
    .openapi(emergingRoute, async (c) => {
      const q = c.req.valid('query');
      const scope = await scopeOf(c, db, q.district);
      const { week, weeks } = await weekOrLatest(db, q.until);
      const series = weeks.slice(weeks.indexOf(week), weeks.indexOf(week) + q.weeks).reverse();
      const inScope = new Set(scope.codes);
      const wards = (await emergingHotspots(db, series, q.fdr === 'true')).filter((w) => inScope.has(w.code));
      return c.json(
        { weeks: series, scope: scope.name, wards: wards.map((w) => ({ ...w, name: scope.names.get(w.code) })) },
        200,
      );
    })
    .openapi(coverageRoute, async (c) => {
      const q = c.req.valid('query');
      const scope = await scopeOf(c, db, q.district);
      const cells = await coverageCells(db, scope.codes, q.type);
      const summary = coverageSummary(cells, q.maxM);
      const meta = {
        scope: scope.name,
        type: q.type,
        maxM: q.maxM,
        method: 'population spread evenly over 250 m cells inside each ward',
      };
      const beyond = cells.filter((x) => x.distanceM === null || x.distanceM > q.maxM);
      if (q.format === 'csv') {
        return csv(
          c,
          `coverage-${q.type}-${q.maxM}m.csv`,
          ['scope', 'type', 'max_m', 'ward_code', 'ward', 'people', 'people_beyond', 'share_beyond'],
          summary.wards.map((w) => [
            scope.name,
            q.type,
            q.maxM,
            w.code,
            scope.names.get(w.code),
            w.people,
            w.beyond,
            w.shareBeyond,
          ]),
        );
      }
      const features = beyond.map((x) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [x.lon, x.lat] },
        properties: { ward: x.ward, population: x.population, distance_m: x.distanceM },
      }));
      if (q.format === 'geojson') return geojson(c, `coverage-${q.type}-${q.maxM}m.geojson`, meta, features);
      return c.json({ ...meta, ...summary, uncovered: { type: 'FeatureCollection', features } }, 200);
    })
    .openapi(trendRoute, async (c) => {
      const { ward } = c.req.valid('query');
      const scope = await scopeOf(c, db);
      if (!scope.codes.includes(ward)) throw new ProblemError(403, `Ward ${ward} is outside your scope.`);
      // district and city: population-weighted means of the wards' incidence
      const rows = await db.query<{ week: string; ward: number | null; district: number | null; city: number | null }>(
        `WITH d AS (SELECT parent_code FROM admin_units WHERE level = 'ward' AND code = $1),
         w AS (
           SELECT l.week, l.unit_code, l.cases_per_100k AS inc, u.population::float8 AS pop,
             u.parent_code = (SELECT parent_code FROM d) AS in_district
           FROM current_levels l JOIN admin_units u ON u.level = 'ward' AND u.code = l.unit_code
           WHERE l.unit_level = 'ward' AND u.population > 0)
         SELECT week,
           max(inc) FILTER (WHERE unit_code = $1) AS ward,
           sum(inc * pop) FILTER (WHERE in_district) / nullif(sum(pop) FILTER (WHERE in_district), 0) AS district,
           sum(inc * pop) / sum(pop) AS city
         FROM w GROUP BY week ORDER BY week`,
        [ward],
      );
      return c.json(
        {
          ward: { code: ward, name: scope.names.get(ward) },
          weeks: rows.map((r) => r.week),
          series: {
            ward: rows.map((r) => r.ward),
            district: rows.map((r) => r.district),
            city: rows.map((r) => r.city),
          },
        },
        200,
      );
    })
    .openapi(sitingRoute, async (c) => {
      const q = c.req.valid('query');
      const scope = await scopeOf(c, db, q.district);
      const plan = await planSites(db, scope.codes, q.type, q.k, q.radiusM);
      const meta = { scope: scope.name, type: q.type, k: q.k, radiusM: q.radiusM };
      if (q.format === 'csv') {
        return csv(
          c,
          `siting-${q.type}-k${q.k}.csv`,
          ['scope', 'type', 'radius_m', 'rank', 'ward_code', 'ward', 'lon', 'lat', 'people_newly_covered'],
          plan.sites.map((s, i) => [
            scope.name,
            q.type,
            q.radiusM,
            i + 1,
            s.ward,
            scope.names.get(s.ward),
            s.lon,
            s.lat,
            s.newlyCovered,
          ]),
        );
      }
      if (q.format === 'geojson') {
        return geojson(
          c,
          `siting-${q.type}-k${q.k}.geojson`,
          { ...meta, covered: plan.covered, perWardCovered: plan.perWard.covered },
          plan.sites.map((s, i) => ({
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [s.lon, s.lat] },
            properties: { rank: i + 1, ward: s.ward, people_newly_covered: s.newlyCovered },
          })),
        );
      }
      return c.json({ ...meta, ...plan }, 200);
    });
}

async function wardGeometries(db: Db, codes: string[]) {
  const rows = await db.query<{ code: string; g: string }>(
    `SELECT code, ST_AsGeoJSON(geom, 6) AS g FROM admin_units WHERE level = 'ward' AND code = ANY($1::text[])`,
    [codes],
  );
  return new Map(rows.map((r) => [r.code, JSON.parse(r.g)]));
}
