import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { GridNotReady } from '../../data/analysis/grid.js';
import {
  coverageCells,
  emergingHotspots,
  hotspotsOfWeek,
  MIN_FIGURES_SHARE,
  planSites,
  ScopeTooLarge,
  tooFewFigures,
  wardTrend,
} from '../../data/analysis/queries.js';
import type { Db } from '../../data/db.js';
import { prepareDerived } from '../../data/derived.js';
import { toCsv } from '../../data/import/csv.js';
import { levelWeeks } from '../../data/level-queries.js';
import { RESOURCE_TYPES } from '../../data/resources/types.js';
import { wardGeometries } from '../../data/wards.js';
import { BudgetExceeded, PoolBusy } from '../../data/workers/pool.js';
import { coverageSummary } from '../../domain/analysis/coverage.js';
import { requireWardScope } from '../auth/authorize.js';
import type { AppEnv } from '../auth/session.js';
import { csvDownload, csvResponse, geojsonDownload } from '../download.js';
import { geojsonResponse } from '../geojson.js';
import { ProblemError } from '../problem.js';
import { problem } from '../schemas.js';
import { validationHook } from '../validation.js';
import {
  CoverageGeojsonSchema,
  CoverageSchema,
  EmergingSchema,
  HotspotsGeojsonSchema,
  HotspotsSchema,
  SitingGeojsonSchema,
  SitingSchema,
  TrendSchema,
} from './analysis-schemas.js';

const Week = z.string().regex(/^\d{4}-W\d{2}$/, 'an ISO week, e.g. 2022-W05');
const ScopeQuery = {
  /** a city admin may narrow to one former district */
  district: z
    .string()
    .regex(/^\d{3}$/)
    .optional(),
};
const failures = {
  400: problem('Bad query'),
  401: problem('Not signed in'),
  403: problem('Not an official, or outside your scope'),
  404: problem('No figures for that week'),
};
const json = <S extends z.ZodType>(description: string, schema: S) => ({
  200: { description, content: { 'application/json': { schema } } },
  ...failures,
});
const csv = (description: string) => ({ 200: csvResponse(description), ...failures });
const geojson = <S extends z.ZodType>(description: string, schema: S) => ({
  200: geojsonResponse(description, schema),
  ...failures,
});

// --- routes: each report as JSON, and its exports on routes of their own

const hotspotsQuery = z.object({
  week: Week.optional(),
  fdr: z.enum(['true', 'false']).default('false'),
  ...ScopeQuery,
});
const HOTSPOTS = 'Getis–Ord Gi* hot and cold spots of weekly incidence per ward, for the wards in your scope';
const hotspotsRoute = createRoute({
  method: 'get',
  path: '/api/analysis/hotspots',
  summary: HOTSPOTS,
  request: { query: hotspotsQuery },
  responses: json('Gi* per ward: z, p, confidence bin (±3/±2/±1 = 99/95/90 %)', HotspotsSchema),
});
const hotspotsCsvRoute = createRoute({
  method: 'get',
  path: '/api/analysis/hotspots.csv',
  summary: `${HOTSPOTS} (CSV, with each ward's level)`,
  request: { query: hotspotsQuery },
  responses: csv('One row per ward, each naming the week, scope, rule set and demo flag'),
});
const hotspotsGeojsonRoute = createRoute({
  method: 'get',
  path: '/api/analysis/hotspots.geojson',
  summary: `${HOTSPOTS} (GeoJSON of the wards)`,
  request: { query: hotspotsQuery },
  responses: geojson(
    'The wards with their Gi*; `metadata` names the week, scope, rule sets and demo flag',
    HotspotsGeojsonSchema,
  ),
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
  responses: json('Category per ward', EmergingSchema),
});

const coverageQuery = z.object({
  type: z.enum(RESOURCE_TYPES).default('mobile_station'),
  maxM: z.coerce.number().int().min(100).max(20_000).default(1000),
  ...ScopeQuery,
});
const COVERAGE = 'People farther than a distance from the nearest open resource of a type, per ward and in all';
/** What coverage and siting may answer besides their result: the grid or the workers not ready, or too much asked. */
const GRID_PROBLEMS = {
  503: problem('The coverage grid is being prepared, or every analysis worker is busy'),
  422: problem(
    'The scope is too large for one analysis, or the analysis ran out of its time or memory budget; `errors` say which',
  ),
};

const coverageRoute = createRoute({
  method: 'get',
  path: '/api/analysis/coverage',
  summary: COVERAGE,
  description:
    'Reads the population grid, which is built when the boundaries are imported or in the background after start; until it is ready the answer is 503 with `Retry-After`.',
  request: { query: coverageQuery },
  responses: {
    ...json('Summary and the uncovered cells', CoverageSchema),
    ...GRID_PROBLEMS,
  },
});
const coverageCsvRoute = createRoute({
  method: 'get',
  path: '/api/analysis/coverage.csv',
  summary: `${COVERAGE} (CSV per ward)`,
  request: { query: coverageQuery },
  responses: {
    ...csv('One row per ward'),
    ...GRID_PROBLEMS,
  },
});
const coverageGeojsonRoute = createRoute({
  method: 'get',
  path: '/api/analysis/coverage.geojson',
  summary: `${COVERAGE} (GeoJSON of the uncovered cells)`,
  request: { query: coverageQuery },
  responses: {
    ...geojson('The cells beyond the distance; `metadata` names the scope, type and distance', CoverageGeojsonSchema),
    ...GRID_PROBLEMS,
  },
});

/** What siting accepts: the largest (k = 200 at 10 km, city-wide) finishes in seconds within the analysis budget. */
export const SITING_BOUNDS = { k: { minimum: 1, maximum: 200 }, radiusM: { minimum: 200, maximum: 10_000 } } as const;
const sitingQuery = z.object({
  type: z.enum(RESOURCE_TYPES).default('mobile_station'),
  k: z.coerce.number().int().min(SITING_BOUNDS.k.minimum).max(SITING_BOUNDS.k.maximum).default(10),
  radiusM: z.coerce.number().int().min(SITING_BOUNDS.radiusM.minimum).max(SITING_BOUNDS.radiusM.maximum).default(1000),
  ...ScopeQuery,
});
const SITING = 'Where k new stations would cover the most people (maximal covering), against one per ward';
const sitingRoute = createRoute({
  method: 'get',
  path: '/api/analysis/siting',
  summary: SITING,
  request: { query: sitingQuery },
  responses: {
    ...json('Proposed sites and the people they newly cover', SitingSchema),
    ...GRID_PROBLEMS,
  },
});
const sitingCsvRoute = createRoute({
  method: 'get',
  path: '/api/analysis/siting.csv',
  summary: `${SITING} (CSV of the sites)`,
  request: { query: sitingQuery },
  responses: {
    ...csv('One row per proposed site, by rank'),
    ...GRID_PROBLEMS,
  },
});
const sitingGeojsonRoute = createRoute({
  method: 'get',
  path: '/api/analysis/siting.geojson',
  summary: `${SITING} (GeoJSON of the sites)`,
  request: { query: sitingQuery },
  responses: {
    ...geojson('The proposed sites; `metadata` names the scope, type, k and radius', SitingGeojsonSchema),
    ...GRID_PROBLEMS,
  },
});

const trendRoute = createRoute({
  method: 'get',
  path: '/api/analysis/trend',
  summary: 'Weekly cases per 100,000 of a ward in your scope, its former district and the city',
  request: { query: z.object({ ward: z.string().regex(/^\d{5}$/, 'a 5-digit ward code') }) },
  responses: json('Three series over the weeks with figures', TrendSchema),
});

// --- the reports

async function weekOrLatest(db: Db, week?: string) {
  const weeks = await levelWeeks(db);
  const chosen = week ?? weeks[0];
  if (!chosen || !weeks.includes(chosen))
    throw new ProblemError(404, `No ward figures for week ${week ?? '(none yet)'}.`);
  return { week: chosen, weeks };
}

type Query<S extends z.ZodType> = z.output<S>;

/** How many of the city's wards the statistic used, and whether that is too few to trust it. */
const figuresCoverage = ({ used, total }: { used: number; total: number }) => ({
  wardsUsed: used,
  wardsInCity: total,
  minShare: MIN_FIGURES_SHARE,
  incomplete: tooFewFigures(used, total),
});

async function hotspots(c: Context<AppEnv>, db: Db, q: Query<typeof hotspotsQuery>) {
  const scope = await requireWardScope(c, db, q.district);
  const { week } = await weekOrLatest(db, q.week);
  const city = await hotspotsOfWeek(db, week, q.fdr === 'true');
  const wards = city.wards
    .filter((w) => scope.names.has(w.code))
    .map((w) => ({ ...w, name: scope.names.get(w.code) ?? w.code }));
  const ruleSets = [...new Set(wards.flatMap((w) => (w.ruleSet ? [w.ruleSet] : [])))];
  const meta = {
    week,
    scope: scope.name,
    ruleSets,
    demo: wards.some((w) => w.demo),
    fdr: q.fdr === 'true',
    ...figuresCoverage(city),
  };
  return { meta, wards, scope };
}

/**
 * Reads that need the population grid. The grid is built after an import and in the background
 * after start (data/derived.ts); until it is there the answer is an honest 503 with Retry-After,
 * and a build is started in the background in case none is running (say, an earlier one failed).
 */
async function withGrid<T>(
  db: Db,
  read: () => Promise<T>,
  bounds?: Record<string, Record<string, unknown>>,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof PoolBusy) {
      throw new ProblemError(
        503,
        'Every analysis worker is busy; try again shortly.',
        undefined,
        'analysis-busy',
        { 'Retry-After': String(Math.ceil(error.retryAfterMs / 1000)) },
        { retryAfterMs: error.retryAfterMs },
      );
    }
    if (error instanceof BudgetExceeded) {
      // the same request would run out again: the caller must ask for less
      throw new ProblemError(
        422,
        `The analysis ${error.message}, its budget; narrow the scope or ask for less.`,
        Object.entries(bounds ?? {}).map(([name, params]) => ({
          path: `query.${name}`,
          message: 'lower this within the allowed range',
          code: 'over_budget',
          params,
        })),
        'analysis-over-budget',
      );
    }
    if (error instanceof ScopeTooLarge) {
      throw new ProblemError(
        422,
        `The scope holds ${error.cells} grid cells, more than the ${error.maxCells} one analysis reads; choose a district.`,
        [
          {
            path: 'query.district',
            message: 'choose a district: the scope is too large for one analysis',
            code: 'scope_too_large',
            params: { cells: error.cells, maxCells: error.maxCells },
          },
        ],
        'analysis-scope-too-large',
      );
    }
    if (!(error instanceof GridNotReady)) throw error;
    prepareDerived(db).catch((e) => console.error('[safemap] building derived data failed:', e));
    throw new ProblemError(
      503,
      'The coverage grid is being prepared (after an import or a restart); try again in a few seconds.',
      undefined,
      'grid-not-ready',
      { 'Retry-After': String(GRID_RETRY_AFTER_S) },
    );
  }
}
const GRID_RETRY_AFTER_S = 15;

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

async function coverage(c: Context<AppEnv>, db: Db, q: Query<typeof coverageQuery>) {
  const scope = await requireWardScope(c, db, q.district);
  const cells = await withGrid(db, () => coverageCells(db, scope.codes, q.type));
  const meta = {
    scope: scope.name,
    type: q.type,
    maxM: q.maxM,
    method: 'population spread evenly over 250 m cells inside each ward',
  };
  const uncovered = {
    type: 'FeatureCollection' as const,
    features: cells
      .filter((x) => x.distanceM === null || x.distanceM > q.maxM)
      .map((x) => ({
        type: 'Feature' as const,
        // ~0.1 m: a city-wide answer has tens of thousands of cells
        geometry: { type: 'Point' as const, coordinates: [round(x.lon, 6), round(x.lat, 6)] },
        properties: {
          ward: x.ward,
          population: round(x.population, 2),
          distance_m: x.distanceM === null ? null : round(x.distanceM, 1),
        },
      })),
  };
  return { meta, summary: coverageSummary(cells, q.maxM), uncovered, scope };
}

async function siting(c: Context<AppEnv>, db: Db, q: Query<typeof sitingQuery>) {
  const scope = await requireWardScope(c, db, q.district);
  const plan = await withGrid(db, () => planSites(db, scope.codes, q.type, q.k, q.radiusM), SITING_BOUNDS);
  return { meta: { scope: scope.name, type: q.type, k: q.k, radiusM: q.radiusM }, plan, scope };
}

/** Leaders' analysis: hotspots, emerging hotspots, coverage and siting, with CSV/GeoJSON exports. */
export function analysisRoutes(db: Db) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(hotspotsRoute, async (c) => {
      const { meta, wards } = await hotspots(c, db, c.req.valid('query'));
      return c.json({ ...meta, wards }, 200);
    })
    .openapi(hotspotsCsvRoute, async (c) => {
      const { meta, wards } = await hotspots(c, db, c.req.valid('query'));
      const header = [
        'week',
        'scope',
        'rule_set',
        'demo',
        'ward_code',
        'ward',
        'incidence_per_100k',
        'level',
        'gi_z',
        'p',
        'bin',
      ];
      const rows = wards.map((w) => [
        meta.week,
        meta.scope,
        w.ruleSet,
        w.demo,
        w.code,
        w.name,
        w.incidence,
        w.level,
        w.z,
        w.p,
        w.bin,
      ]);
      return csvDownload(c, `hotspots-${meta.week}.csv`, toCsv(header, rows));
    })
    .openapi(hotspotsGeojsonRoute, async (c) => {
      const { meta, wards, scope } = await hotspots(c, db, c.req.valid('query'));
      const geometries = await wardGeometries(db, scope.codes);
      const features = wards.flatMap((w) => {
        const geometry = geometries.get(w.code);
        return geometry ? [{ type: 'Feature' as const, geometry, properties: { ...meta, ...w } }] : [];
      });
      return c.json(
        { type: 'FeatureCollection' as const, metadata: meta, features },
        200,
        geojsonDownload(`hotspots-${meta.week}.geojson`),
      );
    })
    .openapi(emergingRoute, async (c) => {
      const q = c.req.valid('query');
      const scope = await requireWardScope(c, db, q.district);
      const { week, weeks } = await weekOrLatest(db, q.until);
      const series = weeks.slice(weeks.indexOf(week), weeks.indexOf(week) + q.weeks).reverse();
      const city = await emergingHotspots(db, series, q.fdr === 'true');
      const wards = city.wards
        .filter((w) => scope.names.has(w.code))
        .map((w) => ({ ...w, name: scope.names.get(w.code) ?? w.code }));
      return c.json(
        { weeks: series, scope: scope.name, ...figuresCoverage(city), withheldWeeks: city.withheldWeeks, wards },
        200,
      );
    })
    .openapi(coverageRoute, async (c) => {
      const { meta, summary, uncovered } = await coverage(c, db, c.req.valid('query'));
      return c.json({ ...meta, ...summary, uncovered }, 200);
    })
    .openapi(coverageCsvRoute, async (c) => {
      const { meta, summary, scope } = await coverage(c, db, c.req.valid('query'));
      const header = ['scope', 'type', 'max_m', 'ward_code', 'ward', 'people', 'people_beyond', 'share_beyond'];
      const rows = summary.wards.map((w) => [
        meta.scope,
        meta.type,
        meta.maxM,
        w.code,
        scope.names.get(w.code),
        w.people,
        w.beyond,
        w.shareBeyond,
      ]);
      return csvDownload(c, `coverage-${meta.type}-${meta.maxM}m.csv`, toCsv(header, rows));
    })
    .openapi(coverageGeojsonRoute, async (c) => {
      const { meta, uncovered } = await coverage(c, db, c.req.valid('query'));
      return c.json(
        { ...uncovered, metadata: meta },
        200,
        geojsonDownload(`coverage-${meta.type}-${meta.maxM}m.geojson`),
      );
    })
    .openapi(sitingRoute, async (c) => {
      const { meta, plan } = await siting(c, db, c.req.valid('query'));
      return c.json({ ...meta, ...plan }, 200);
    })
    .openapi(sitingCsvRoute, async (c) => {
      const { meta, plan, scope } = await siting(c, db, c.req.valid('query'));
      const header = ['scope', 'type', 'radius_m', 'rank', 'ward_code', 'ward', 'lon', 'lat', 'people_newly_covered'];
      const rows = plan.sites.map((s, i) => [
        meta.scope,
        meta.type,
        meta.radiusM,
        i + 1,
        s.ward,
        scope.names.get(s.ward),
        s.lon,
        s.lat,
        s.newlyCovered,
      ]);
      return csvDownload(c, `siting-${meta.type}-k${meta.k}.csv`, toCsv(header, rows));
    })
    .openapi(sitingGeojsonRoute, async (c) => {
      const { meta, plan } = await siting(c, db, c.req.valid('query'));
      const features = plan.sites.map((s, i) => ({
        type: 'Feature' as const,
        geometry: { type: 'Point' as const, coordinates: [s.lon, s.lat] },
        properties: { rank: i + 1, ward: s.ward, people_newly_covered: s.newlyCovered },
      }));
      return c.json(
        {
          type: 'FeatureCollection' as const,
          metadata: { ...meta, covered: plan.covered, perWardCovered: plan.perWard.covered },
          features,
        },
        200,
        geojsonDownload(`siting-${meta.type}-k${meta.k}.geojson`),
      );
    })
    .openapi(trendRoute, async (c) => {
      const { ward } = c.req.valid('query');
      const scope = await requireWardScope(c, db);
      const name = scope.names.get(ward);
      if (name === undefined) throw new ProblemError(403, `Ward ${ward} is outside your scope.`);
      return c.json({ ward: { code: ward, name }, ...(await wardTrend(db, ward)) }, 200);
    });
}
