import type { Db } from '../db.js';
import { boundariesVersion } from '../layer-versions.js';
import type { ResourceType } from '../resources/types.js';
import { type EmergingCategory, emergingCategory } from './emerging.js';
import { type GiStar, giStar, type Neighbours } from './gi-star.js';
import { ensureGrid } from './grid.js';
import { coverageOf, maximalCovering } from './siting.js';

/**
 * Wards that share any boundary point are neighbours (queen contiguity). On Hanoi's wards this
 * finds the same 347 pairs as a 1 m tolerance would, 40× faster.
 */
const CONTIGUITY_SQL = `SELECT a.code AS a, b.code AS b
  FROM admin_units a JOIN admin_units b
    ON b.level = 'ward' AND a.code < b.code AND ST_Intersects(a.geom, b.geom)
  WHERE a.level = 'ward'`;

export interface WardWeights {
  codes: string[];
  neighbours: Neighbours;
}

const weightsCache = new WeakMap<Db, { version: number; weights: WardWeights }>();

/** The wards' contiguity, computed in PostGIS once per import of the boundaries. */
export async function wardWeights(db: Db): Promise<WardWeights> {
  const version = await boundariesVersion(db);
  const cached = weightsCache.get(db);
  if (cached?.version === version) return cached.weights;
  const codes = (
    await db.query<{ code: string }>(`SELECT code FROM admin_units WHERE level = 'ward' ORDER BY code`)
  ).map((r) => r.code);
  const index = new Map(codes.map((c, i) => [c, i]));
  const neighbours: number[][] = codes.map(() => []);
  for (const { a, b } of await db.query<{ a: string; b: string }>(CONTIGUITY_SQL)) {
    const [i, j] = [index.get(a) as number, index.get(b) as number];
    neighbours[i].push(j);
    neighbours[j].push(i);
  }
  const weights = { codes, neighbours };
  weightsCache.set(db, { version, weights });
  return weights;
}

export interface WardTrend {
  weeks: string[];
  /** cases per 100,000 of the ward, and population-weighted means of its former district and the city */
  series: { ward: (number | null)[]; district: (number | null)[]; city: (number | null)[] };
}

/** A ward's weekly incidence beside its former district's and the city's (population-weighted), oldest first. */
export async function wardTrend(db: Db, ward: string): Promise<WardTrend> {
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
  return {
    weeks: rows.map((r) => r.week),
    series: { ward: rows.map((r) => r.ward), district: rows.map((r) => r.district), city: rows.map((r) => r.city) },
  };
}

export interface WardWeek {
  code: string;
  /** new community cases per 100,000 that week; 0 where the ward has no figures */
  incidence: number;
  level: number | null;
  ruleSet: string | null;
  demo: boolean;
}

async function wardWeek(db: Db, codes: string[], week: string): Promise<WardWeek[]> {
  const rows = await db.query<{
    code: string;
    incidence: number;
    level: number;
    rule_set: string;
    demo: boolean;
  }>(
    `SELECT unit_code AS code, cases_per_100k AS incidence, level, rule_set, demo
     FROM current_levels WHERE unit_level = 'ward' AND week = $1`,
    [week],
  );
  const byCode = new Map(rows.map((r) => [r.code, r]));
  return codes.map((code) => {
    const r = byCode.get(code);
    return {
      code,
      incidence: r?.incidence ?? 0,
      level: r?.level ?? null,
      ruleSet: r?.rule_set ?? null,
      demo: !!r?.demo,
    };
  });
}

export interface Hotspot extends WardWeek, GiStar {}

/** Gi* of every ward for a week (the whole city is the statistic's context; callers filter to scope). */
export async function hotspotsOfWeek(db: Db, week: string, fdr = false): Promise<Hotspot[]> {
  const { codes, neighbours } = await wardWeights(db);
  const wards = await wardWeek(db, codes, week);
  const stats = giStar(
    wards.map((w) => w.incidence),
    neighbours,
    { fdr },
  );
  return wards.map((w, i) => ({ ...w, ...stats[i] }));
}

/** Each ward's emerging category over `weeks` (oldest first) of Gi* results. */
export async function emergingHotspots(
  db: Db,
  weeks: string[],
  fdr = false,
): Promise<{ code: string; category: EmergingCategory; bins: number[] }[]> {
  const perWeek: Hotspot[][] = [];
  for (const week of weeks) perWeek.push(await hotspotsOfWeek(db, week, fdr));
  const { codes } = await wardWeights(db);
  return codes.map((code, i) => {
    const steps = perWeek.map((w) => w[i]);
    return { code, category: emergingCategory(steps), bins: steps.map((s) => s.bin) };
  });
}

export interface CoverageCell {
  id: number;
  ward: string;
  population: number;
  lon: number;
  lat: number;
  /** metres to the nearest open resource of the type (null: none of that type at all) */
  distanceM: number | null;
}

/** Every grid cell of the wards with its distance to the nearest open resource of a type (KNN on the index). */
export async function coverageCells(db: Db, wardCodes: string[], type: ResourceType): Promise<CoverageCell[]> {
  await ensureGrid(db);
  const rows = await db.query<{
    id: number;
    ward: string;
    population: number;
    lon: number;
    lat: number;
    d: number | null;
  }>(
    `SELECT c.id, c.ward_code AS ward, c.population, ST_X(c.geom) AS lon, ST_Y(c.geom) AS lat, n.d
     FROM coverage_cells c
     LEFT JOIN LATERAL (
       SELECT ST_Distance(c.geog, r.geog) AS d FROM resources r
       WHERE r.type = $2 AND r.status = 'open' ORDER BY r.geog <-> c.geog LIMIT 1
     ) n ON true
     WHERE c.ward_code = ANY($1::text[]) ORDER BY c.id`,
    [wardCodes, type],
  );
  return rows.map((r) => ({
    id: r.id,
    ward: r.ward,
    population: r.population,
    lon: r.lon,
    lat: r.lat,
    distanceM: r.d,
  }));
}

/** People beyond `maxM` of help, per ward and in all. */
export function coverageSummary(cells: CoverageCell[], maxM: number) {
  const byWard = new Map<string, { people: number; beyond: number; cells: number; cellsBeyond: number }>();
  for (const c of cells) {
    const w = byWard.get(c.ward) ?? { people: 0, beyond: 0, cells: 0, cellsBeyond: 0 };
    w.people += c.population;
    w.cells++;
    if (c.distanceM === null || c.distanceM > maxM) {
      w.beyond += c.population;
      w.cellsBeyond++;
    }
    byWard.set(c.ward, w);
  }
  const total = [...byWard.values()].reduce((t, w) => ({ people: t.people + w.people, beyond: t.beyond + w.beyond }), {
    people: 0,
    beyond: 0,
  });
  return {
    people: total.people,
    beyond: total.beyond,
    shareBeyond: total.people > 0 ? total.beyond / total.people : 0,
    wards: [...byWard.entries()].map(([code, w]) => ({
      code,
      ...w,
      shareBeyond: w.people > 0 ? w.beyond / w.people : 0,
    })),
  };
}

export interface SitingPlan {
  sites: { cell: number; ward: string; lon: number; lat: number; newlyCovered: number }[];
  /** people newly within the radius with the proposed sites */
  covered: number;
  greedyCovered: number;
  swaps: number;
  /** the same number of stations, one in each of the most populous wards still short of help, at its centre */
  perWard: { sites: { ward: string; lon: number; lat: number }[]; covered: number };
  peopleBeyondBefore: number;
}

/**
 * Where k new stations of a type cover the most people within `radiusM` of the scope's cells,
 * existing open stations fixed: maximal covering over cell centres (greedy + interchange), and
 * the administrative alternative of one station per ward for comparison.
 */
export async function planSites(
  db: Db,
  wardCodes: string[],
  type: ResourceType,
  k: number,
  radiusM: number,
): Promise<SitingPlan> {
  await ensureGrid(db);
  const cells = await db.query<GridCell>(
    `SELECT id, ward_code AS ward, population, x, y, ST_X(geom) AS lon, ST_Y(geom) AS lat
     FROM coverage_cells WHERE ward_code = ANY($1::text[]) ORDER BY id`,
    [wardCodes],
  );
  const stations = await stationsInMetres(db, type);
  const plan = sitingOverCells(cells, stations, k, radiusM);
  return plan;
}

/** A grid cell as siting reads it: people, its centre in UTM 48N metres and in degrees. */
export interface GridCell {
  id: number;
  ward: string;
  population: number;
  x: number;
  y: number;
  lon: number;
  lat: number;
}

/** Open resources of a type, in the grid's metres (UTM 48N). */
export function stationsInMetres(db: Db, type: ResourceType) {
  return db.query<{ x: number; y: number }>(
    `SELECT ST_X(p) AS x, ST_Y(p) AS y FROM (
       SELECT ST_Transform(geom, 32648) AS p FROM resources WHERE type = $1 AND status = 'open') s`,
    [type],
  );
}

/** The siting itself, over cells and stations already in metres: pure, so the benchmark can call it. */
export function sitingOverCells(
  cells: GridCell[],
  stations: { x: number; y: number }[],
  k: number,
  radiusM: number,
): SitingPlan {
  // buckets of one radius: a cell's neighbours within the radius are in the 3×3 buckets around it
  const bucket = (x: number, y: number) => `${Math.floor(x / radiusM)}:${Math.floor(y / radiusM)}`;
  const grid = new Map<string, number[]>();
  cells.forEach((c, i) => {
    const key = bucket(c.x, c.y);
    const list = grid.get(key);
    if (list) list.push(i);
    else grid.set(key, [i]);
  });
  const within = (x: number, y: number) => {
    const out: number[] = [];
    const [bx, by] = [Math.floor(x / radiusM), Math.floor(y / radiusM)];
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const i of grid.get(`${bx + dx}:${by + dy}`) ?? []) {
          if (Math.hypot(cells[i].x - x, cells[i].y - y) <= radiusM) out.push(i);
        }
      }
    }
    return out;
  };
  const alreadyCovered = new Set<number>();
  for (const s of stations) for (const i of within(s.x, s.y)) alreadyCovered.add(i);
  const problem = {
    weights: cells.map((c) => c.population),
    covers: cells.map((c) => within(c.x, c.y)),
    alreadyCovered,
  };
  const result = maximalCovering({ ...problem, k });
  const marginal = new Set(alreadyCovered);
  const sites = result.sites.map((s) => {
    let gain = 0;
    for (const d of problem.covers[s]) {
      if (marginal.has(d)) continue;
      marginal.add(d);
      gain += problem.weights[d];
    }
    const c = cells[s];
    return { cell: c.id, ward: c.ward, lon: c.lon, lat: c.lat, newlyCovered: gain };
  });

  // the administrative way: the k most populous wards still short of help each get one station
  // at the cell nearest their cells' centre
  const wards = new Map<string, { uncovered: number; members: number[] }>();
  cells.forEach((c, i) => {
    const w = wards.get(c.ward) ?? { uncovered: 0, members: [] };
    w.members.push(i);
    if (!alreadyCovered.has(i)) w.uncovered += c.population;
    wards.set(c.ward, w);
  });
  const perWardSites = [...wards.entries()]
    .sort((a, b) => b[1].uncovered - a[1].uncovered)
    .slice(0, k)
    .map(([, w]) => {
      const cx = w.members.reduce((t, i) => t + cells[i].x, 0) / w.members.length;
      const cy = w.members.reduce((t, i) => t + cells[i].y, 0) / w.members.length;
      return w.members.reduce((best, i) =>
        Math.hypot(cells[i].x - cx, cells[i].y - cy) < Math.hypot(cells[best].x - cx, cells[best].y - cy) ? i : best,
      );
    });
  return {
    // a site that adds nobody (the scope is already within reach) is not worth proposing
    sites: sites.filter((site) => site.newlyCovered > 0),
    covered: result.covered,
    greedyCovered: result.greedyCovered,
    swaps: result.swaps,
    perWard: {
      sites: perWardSites.map((i) => ({ ward: cells[i].ward, lon: cells[i].lon, lat: cells[i].lat })),
      covered: coverageOf(problem, perWardSites),
    },
    peopleBeyondBefore: cells.reduce((t, c, i) => t + (alreadyCovered.has(i) ? 0 : c.population), 0),
  };
}
