import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Queryable } from '../../data/db.js';
import {
  latestLevels,
  levelDetail,
  levelFeatures,
  levelsForWeek,
  levelWeeks,
  unitLevelHistory,
} from '../../data/level-queries.js';
import { cachedByLayers, layersVersion } from '../../data/versioned-cache.js';
import { isIsoWeek, oldestCurrentWeek } from '../../domain/rules/iso-week.js';
import { RULE_SETS, ruleSetForWeek } from '../../domain/rules/levels/index.js';
import { SOURCE_STATUSES } from '../../domain/rules/sources.js';
import { RateLimiter, type RateLimitStore } from '../auth/rate-limit.js';
import { type AppEnv, clientIp, type TrustProxy } from '../auth/session.js';
import { notModified } from '../conditional.js';
import { geojsonDownload } from '../download.js';
import {
  featureCollectionSchema,
  featureCollectionStream,
  geojsonResponse,
  MultiPolygonSchema,
  pinnedToVersion,
} from '../geojson.js';
import { ProblemError } from '../problem.js';
import { problem } from '../schemas.js';
import { validationHook } from '../validation.js';

export const WeekSchema = z.string().refine(isIsoWeek, 'an ISO week such as 2022-W05').openapi({ example: '2022-W05' });
export const UnitCodeSchema = z
  .string()
  .regex(/^\d{5}(-\d{2,3})?$/, 'a ward code (00070) or a residential group code (00070-01)')
  .openapi({ param: { name: 'code', in: 'path' }, example: '00070' });
export const unitLevelOf = (code: string) => (code.includes('-') ? ('group' as const) : ('ward' as const));

const RuleSetSchema = z.object({ id: z.string(), nameVi: z.string(), nameEn: z.string(), source: z.string() });
const LevelSchema = z
  .object({
    code: z.string(),
    week: z.string(),
    level: z.number().int(),
    computedLevel: z.number().int(),
    confirmed: z.boolean(),
    decision: z.enum(['confirm', 'override']).nullable(),
    ruleSet: z.string(),
    casesPer100k: z.number(),
    verified: z.boolean(),
    demo: z.boolean(),
  })
  .openapi('UnitLevel');

const Words = z.object({ vi: z.string(), en: z.string() });
const CriterionResultSchema = z
  .object({
    id: z.string(),
    label: Words,
    /** the measured value (a rate, a percentage, yes/no), null when not reported */
    value: z.union([z.number(), z.boolean()]).nullable(),
    unit: z.string().optional(),
    /** the band or outcome as a short code (`2 (> 50 … ≤ 150)`, `met`, `medium`) */
    band: z.string(),
    /** the same in words */
    outcome: Words,
    effect: Words,
    levelAfter: z.number().int().min(1).max(4),
    basis: z.array(
      z.object({
        value: z.string(),
        status: z.enum(SOURCE_STATUSES),
        sources: z.array(z.string()),
        note: z.object({ vi: z.string(), en: z.string() }).optional(),
      }),
    ),
    verified: z.boolean(),
  })
  .openapi('CriterionResult');
const IndicatorsSchema = z
  .object({
    population: z.number(),
    newCommunityCases: z.number(),
    oxygenCases: z.number(),
    deaths: z.number(),
    adultFirstDosePct: z.number().nullable(),
    elderlyFullPct: z.number().nullable(),
    fullyVaccinatedPct: z.number().nullable(),
    highRiskFullPct: z.number().nullable(),
    freeBedsPer100k: z.number().nullable(),
    homeCareReady: z.boolean().nullable(),
    icuReady: z.boolean().nullable(),
    source: z.string(),
    enteredAt: z.string(),
  })
  .openapi('Indicators');
/** One unit-week: the level, criterion by criterion, the indicators it came from and the decision. */
export const LevelDetailSchema = LevelSchema.extend({
  levelId: z.number().int(),
  explanation: z.array(CriterionResultSchema),
  /** criteria-1-2: the city assessed on criteria 1 and 2 only (Notice 768/TB-UBND, Hanoi's practice) */
  ruleVariant: z.enum(['criteria-1-2']).nullable(),
  indicators: IndicatorsSchema,
  decisionReason: z.string().nullable(),
  decidedAt: z.string().nullable(),
}).openapi('LevelDetail');

const ruleSetInfo = (id: string) => {
  const r = RULE_SETS[id as keyof typeof RULE_SETS];
  return { id: r.id, nameVi: r.name.vi, nameEn: r.name.en, source: r.source };
};

const weekQuery = z.object({ week: WeekSchema.optional() });

const LevelsGeojsonSchema = featureCollectionSchema(
  MultiPolygonSchema,
  z.object({
    code: z.string(),
    name_vi: z.string(),
    name_en: z.string(),
    week: z.string().nullable(),
    level: z.number().int().nullable(),
    computed_level: z.number().int().nullable(),
    confirmed: z.boolean(),
    cases_per_100k: z.number().nullable(),
    rule_set: z.string().nullable(),
    demo: z.boolean(),
  }),
).extend({ week: z.string().nullable(), ruleSet: RuleSetSchema.nullable(), demo: z.boolean() });

const listRoute = createRoute({
  method: 'get',
  path: '/api/levels',
  summary:
    "Without `week`: each ward's own most recent level, with its week and whether it is stale; with `week`: that week's snapshot",
  description:
    'Wards report on different days, so the current view never takes one week for the whole city: a ward keeps its last ' +
    'level until it reports again, marked stale once its week is more than the configured number of days behind the ' +
    "city's newest week (`staleBefore` is the oldest week still current). A snapshot lists only the wards with figures that week.",
  request: { query: weekQuery },
  responses: {
    200: {
      description: 'Levels; `demo` is true when any listed level comes from the demo scenario',
      content: {
        'application/json': {
          schema: z.object({
            /** latest: each ward's own latest week; week: one week's snapshot */
            mode: z.enum(['latest', 'week']),
            /** the snapshot's week, or the city's newest week */
            week: z.string().nullable(),
            /** the newest week with any level */
            newestWeek: z.string().nullable(),
            /** latest mode: levels of weeks before this are stale */
            staleBefore: z.string().nullable(),
            staleDays: z.number().int(),
            weeks: z.array(z.string()),
            ruleSet: RuleSetSchema.nullable(),
            demo: z.boolean(),
            levels: z.array(LevelSchema.extend({ stale: z.boolean() })),
          }),
        },
      },
    },
    304: { description: 'Not modified: If-None-Match names the current version' },
    400: problem('Malformed week'),
  },
});

const geojsonRoute = createRoute({
  method: 'get',
  path: '/api/levels.geojson',
  summary:
    "Ward levels as GeoJSON (without `week`: each ward's latest, each feature naming its week), stating the rule set and demo flag",
  request: { query: weekQuery },
  responses: {
    200: geojsonResponse('FeatureCollection of the wards', LevelsGeojsonSchema),
    304: { description: 'Not modified: If-None-Match names the current version' },
    400: problem('Malformed week'),
    429: problem('Too many exports from this address; `Retry-After` says when to try again'),
  },
});

const historyRoute = createRoute({
  method: 'get',
  path: '/api/units/{code}/levels',
  summary: "A ward's or group's level for every week, oldest first",
  request: { params: z.object({ code: UnitCodeSchema }) },
  responses: {
    200: {
      description: 'History',
      content: { 'application/json': { schema: z.object({ code: z.string(), history: z.array(LevelSchema) }) } },
    },
    400: problem('Malformed code'),
  },
});

const detailRoute = createRoute({
  method: 'get',
  path: '/api/units/{code}/levels/{week}',
  summary: 'One unit-week: level, explanation criterion by criterion, indicators, decision, rule set',
  request: { params: z.object({ code: UnitCodeSchema, week: WeekSchema }) },
  responses: {
    200: {
      description: 'The level and why',
      content: { 'application/json': { schema: LevelDetailSchema.extend({ ruleSetInfo: RuleSetSchema }) } },
    },
    400: problem('Malformed code or week'),
    404: problem('No level for this unit and week'),
  },
});

/** A ward whose latest figures are more than this many days behind the city's newest week is stale. */
export const DEFAULT_STALE_DAYS = 14;

/** Exports of /api/levels.geojson (~3 MB for Hanoi) per address per minute; the map reads /api/levels and tiles. */
export const LEVELS_GEOJSON_PER_MINUTE = 20;

/**
 * Public reads of epidemic levels. The week lists, /api/levels and the GeoJSON export depend only
 * on the wards' and groups' data: their ETag names its version (every write of levels or
 * boundaries bumps it), so a client holding the current answer gets a 304. /api/levels is built
 * once per version and served from memory; the export, which grows with the country, is streamed
 * from the database a batch at a time instead of kept. `db` may be a replica's (`Db.read`): each
 * answer is cached under the version read from where it was built.
 */
export function levelRoutes(
  db: Queryable,
  rateLimits: RateLimitStore,
  staleDays = DEFAULT_STALE_DAYS,
  trustProxy: TrustProxy = false,
) {
  const exports = new RateLimiter('levels-geojson', LEVELS_GEOJSON_PER_MINUTE, 60_000, rateLimits);
  const LAYERS = ['wards', 'groups'];
  const weeksOf = (version: string) => cachedByLayers(db, 'level-weeks', LAYERS, () => levelWeeks(db), version);
  // weak: the compressed and plain bytes differ, the content does not
  const etag = (key: string, version: string) => `W/"${key}@${version}"`;

  const levelsAnswer = async (asked: string | undefined, weeks: string[]) => {
    const newestWeek = weeks[0] ?? null;
    const week = asked ?? newestWeek;
    const staleBefore = !asked && newestWeek ? oldestCurrentWeek(newestWeek, staleDays) : null;
    const levels = (asked ? await levelsForWeek(db, asked) : await latestLevels(db)).map((l) => ({
      ...l,
      stale: staleBefore !== null && l.week < staleBefore,
    }));
    const ruleSet = week ? ruleSetForWeek(week) : undefined;
    return {
      mode: asked ? ('week' as const) : ('latest' as const),
      week,
      newestWeek,
      staleBefore,
      staleDays,
      weeks,
      ruleSet: ruleSet ? ruleSetInfo(ruleSet.id) : null,
      demo: levels.some((l) => l.demo),
      levels,
    };
  };

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(listRoute, async (c) => {
      const asked = c.req.valid('query').week;
      // the cache is the database's, shared by every app on it: keys carry this app's stale rule
      const key = `levels:${staleDays}:${asked ?? 'latest'}`;
      const version = await layersVersion(db, LAYERS);
      if (notModified(c, etag(key, version))) return c.body(null, 304) as never;
      const weeks = await weeksOf(version);
      // the answer for a week with levels (or the latest) is kept; one for a week without is not
      const body =
        asked === undefined || weeks.includes(asked)
          ? await cachedByLayers(db, key, LAYERS, () => levelsAnswer(asked, weeks), version)
          : await levelsAnswer(asked, weeks);
      return c.json(body, 200);
    })
    .openapi(geojsonRoute, async (c) => {
      const asked = c.req.valid('query').week;
      const version = await layersVersion(db, LAYERS);
      if (notModified(c, etag(`levels.geojson:${asked ?? 'latest'}`, version))) return c.body(null, 304) as never;
      const ip = clientIp(c, trustProxy);
      const wait = await exports.retryAfterS(ip);
      if (wait > 0) {
        throw new ProblemError(
          429,
          `At most ${LEVELS_GEOJSON_PER_MINUTE} exports a minute from one address; try again in ${wait} s.`,
          undefined,
          'too-many-requests',
          { 'Retry-After': String(wait) },
        );
      }
      await exports.hit(ip);
      const week = asked ?? (await weeksOf(version))[0] ?? null;
      const ruleSet = week ? ruleSetForWeek(week) : undefined;
      let demo = false;
      // LevelsGeojsonSchema, its features built in SQL (levelFeatures); `demo` follows them, known once they are read
      const body = featureCollectionStream(
        { week, ruleSet: ruleSet ? ruleSetInfo(ruleSet.id) : null },
        pinnedToVersion(
          'levels',
          version,
          () => layersVersion(db, LAYERS),
          async (after, limit) => {
            const rows = await levelFeatures(db, asked ?? null, after, limit);
            demo ||= rows.some((r) => r.demo);
            return rows;
          },
        ),
        () => ({ demo }),
      );
      return c.body(body, 200, geojsonDownload(`safemap-levels-${week ?? 'none'}.geojson`)) as never;
    })
    .openapi(historyRoute, async (c) => {
      const { code } = c.req.valid('param');
      return c.json({ code, history: await unitLevelHistory(db, unitLevelOf(code), code) }, 200);
    })
    .openapi(detailRoute, async (c) => {
      const { code, week } = c.req.valid('param');
      const detail = await levelDetail(db, unitLevelOf(code), code, week);
      if (!detail) throw new ProblemError(404, `There is no level for ${code} in ${week}.`);
      return c.json({ ...detail, ruleSetInfo: ruleSetInfo(detail.ruleSet) }, 200);
    });
}
