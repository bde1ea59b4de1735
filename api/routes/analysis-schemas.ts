import { z } from '@hono/zod-openapi';
import { RESOURCE_TYPES } from '../../data/resources/types.js';
import { EMERGING_CATEGORIES } from '../../domain/analysis/emerging.js';
import { featureCollectionSchema, MultiPolygonSchema, PointSchema } from '../geojson.js';

/** The response bodies of the leaders' analysis (api/routes/analysis.ts): what the web's types come from. */

const Bin = z.number().int().min(-3).max(3).openapi({ description: '±3/±2/±1: hot/cold at 99/95/90 %; 0: neither' });
const HotspotWardSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    /** new community cases per 100,000 that week; null where the ward has no figures */
    incidence: z.number().nullable(),
    level: z.number().int().nullable(),
    ruleSet: z.string().nullable(),
    demo: z.boolean(),
    /** null: no figures that week, or too few wards had figures to compute the week (`incomplete`) */
    z: z.number().nullable(),
    p: z.number().nullable(),
    bin: Bin.nullable(),
  })
  .openapi('HotspotWard');
/** How many wards had figures: the statistic is computed over those only, and not at all below `minShare`. */
const FiguresCoverage = {
  wardsUsed: z.number().int(),
  wardsInCity: z.number().int(),
  minShare: z.number(),
  incomplete: z.boolean(),
};
const HotspotsMeta = z.object({
  week: z.string(),
  scope: z.string(),
  ruleSets: z.array(z.string()),
  demo: z.boolean(),
  fdr: z.boolean(),
  ...FiguresCoverage,
});
export const HotspotsSchema = HotspotsMeta.extend({ wards: z.array(HotspotWardSchema) }).openapi('Hotspots');
export const HotspotsGeojsonSchema = featureCollectionSchema(
  MultiPolygonSchema,
  HotspotsMeta.extend(HotspotWardSchema.shape),
).extend({ metadata: HotspotsMeta });

export const EmergingSchema = z
  .object({
    /** the weeks looked at, oldest first */
    weeks: z.array(z.string()),
    scope: z.string(),
    ...FiguresCoverage,
    /** weeks with too few wards' figures: no ward has a category over them */
    withheldWeeks: z.array(z.string()),
    wards: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        /** no_data: the ward lacks figures (or a result) in some of `weeks` */
        category: z.enum([...EMERGING_CATEGORIES, 'no_data']),
        /** the ward's Gi* bin in each of `weeks`, null without one */
        bins: z.array(Bin.nullable()),
      }),
    ),
  })
  .openapi('EmergingHotspots');

const CoverageMeta = z.object({
  scope: z.string(),
  type: z.enum(RESOURCE_TYPES),
  maxM: z.number(),
  method: z.string(),
});
const UncoveredCell = featureCollectionSchema(
  PointSchema,
  z.object({ ward: z.string(), population: z.number(), distance_m: z.number().nullable() }),
);
export const CoverageSchema = CoverageMeta.extend({
  people: z.number(),
  beyond: z.number(),
  shareBeyond: z.number(),
  wards: z.array(
    z.object({
      code: z.string(),
      people: z.number(),
      beyond: z.number(),
      cells: z.number().int(),
      cellsBeyond: z.number().int(),
      shareBeyond: z.number(),
    }),
  ),
  /** cells farther than `maxM` from the nearest open resource of the type */
  uncovered: UncoveredCell,
}).openapi('Coverage');
export const CoverageGeojsonSchema = UncoveredCell.extend({ metadata: CoverageMeta });

const SitingMeta = z.object({
  scope: z.string(),
  type: z.enum(RESOURCE_TYPES),
  k: z.number().int(),
  radiusM: z.number(),
});
export const SitingSchema = SitingMeta.extend({
  sites: z.array(
    z.object({ cell: z.number().int(), ward: z.string(), lon: z.number(), lat: z.number(), newlyCovered: z.number() }),
  ),
  /** people newly within the radius with the proposed sites */
  covered: z.number(),
  greedyCovered: z.number(),
  /** interchanges that improved on the greedy solution */
  swaps: z.number().int(),
  /** the same number of stations, one in each of the most populous wards still short of help */
  perWard: z.object({
    sites: z.array(z.object({ ward: z.string(), lon: z.number(), lat: z.number() })),
    covered: z.number(),
  }),
  peopleBeyondBefore: z.number(),
}).openapi('SitingPlan');
export const SitingGeojsonSchema = featureCollectionSchema(
  PointSchema,
  z.object({ rank: z.number().int(), ward: z.string(), people_newly_covered: z.number() }),
).extend({ metadata: SitingMeta.extend({ covered: z.number(), perWardCovered: z.number() }) });

const Series = z.array(z.number().nullable());
export const TrendSchema = z
  .object({
    ward: z.object({ code: z.string(), name: z.string() }),
    weeks: z.array(z.string()),
    series: z.object({ ward: Series, district: Series, city: Series }),
  })
  .openapi('Trend');
