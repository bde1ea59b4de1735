import type { CoverageCell, GridCell, Station } from '../../domain/analysis/coverage.js';
import { type EmergingCategory, emergingCategory } from '../../domain/analysis/emerging.js';
import { type ConfidenceBin, type GiStar, giStar, type Neighbours } from '../../domain/analysis/gi-star.js';
import type { SitingPlan } from '../../domain/analysis/siting-plan.js';
import type { Db } from '../db.js';
import { boundariesVersion } from '../layer-versions.js';
import type { ResourceType } from '../resources/types.js';
import { sqlFile } from '../sql-file.js';
import { VersionedCache } from '../versioned-cache.js';
import { analysisPool } from '../workers/pool.js';
import { requireCurrentGrid } from './grid.js';

/** Wards that share any boundary point are neighbours (queen contiguity). */
const CONTIGUITY_SQL = sqlFile(new URL('./ward-contiguity.sql', import.meta.url));
const WARD_TREND_SQL = sqlFile(new URL('./ward-trend.sql', import.meta.url));

export interface WardWeights {
  codes: string[];
  neighbours: Neighbours;
}

const weightsCache = new VersionedCache<WardWeights>();

/** The wards' contiguity, computed in PostGIS once per import of the boundaries. */
export async function wardWeights(db: Db): Promise<WardWeights> {
  return weightsCache.get(db, await boundariesVersion(db), () => buildWardWeights(db));
}

async function buildWardWeights(db: Db): Promise<WardWeights> {
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
  return { codes, neighbours };
}

export interface WardTrend {
  weeks: string[];
  /** cases per 100,000 of the ward, and population-weighted means of its former district and the city */
  series: { ward: (number | null)[]; district: (number | null)[]; city: (number | null)[] };
}

/** A ward's weekly incidence beside its former district's and the city's (population-weighted), oldest first. */
export async function wardTrend(db: Db, ward: string): Promise<WardTrend> {
  const rows = await db.query<{ week: string; ward: number | null; district: number | null; city: number | null }>(
    WARD_TREND_SQL,
    [ward],
  );
  return {
    weeks: rows.map((r) => r.week),
    series: { ward: rows.map((r) => r.ward), district: rows.map((r) => r.district), city: rows.map((r) => r.city) },
  };
}

export interface WardWeek {
  code: string;
  /** new community cases per 100,000 that week; null where the ward has no figures (never a zero) */
  incidence: number | null;
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
      incidence: r ? r.incidence : null,
      level: r?.level ?? null,
      ruleSet: r?.rule_set ?? null,
      demo: !!r?.demo,
    };
  });
}

/**
 * The share of the city's wards that must have figures for a week before its hot spots are
 * computed: Gi* over a small, self-selected part of the city (one district that reported early)
 * would call its wards hot or cold against nothing.
 */
export const MIN_FIGURES_SHARE = 0.8;

/** Whether `used` of `total` wards are too few to compute a statistic over (the one place this is decided). */
export const tooFewFigures = (used: number, total: number): boolean => used < MIN_FIGURES_SHARE * total;

/** A ward's Gi* result; z, p and bin are null when it has no figures or the week's statistic was withheld. */
export type Hotspot = WardWeek & { [K in keyof GiStar]: GiStar[K] | null };

export interface HotspotsOfWeek {
  wards: Hotspot[];
  /** wards with figures that week: the statistic's n */
  used: number;
  /** wards in the city */
  total: number;
  /** fewer than MIN_FIGURES_SHARE of the wards have figures: no ward gets a result */
  withheld: boolean;
}

/**
 * Gi* of every ward for a week (the whole city is the statistic's context; callers filter to
 * scope), over the wards that have figures only: a ward without them is no neighbour and no zero.
 */
export async function hotspotsOfWeek(db: Db, week: string, fdr = false): Promise<HotspotsOfWeek> {
  const { codes, neighbours } = await wardWeights(db);
  const wards = await wardWeek(db, codes, week);
  const used = wards.filter((w) => w.incidence !== null).length;
  const withheld = tooFewFigures(used, codes.length);
  const stats = withheld
    ? wards.map(() => null)
    : giStar(
        wards.map((w) => w.incidence),
        neighbours,
        { fdr },
      );
  return {
    wards: wards.map((w, i) => ({ ...w, z: stats[i]?.z ?? null, p: stats[i]?.p ?? null, bin: stats[i]?.bin ?? null })),
    used,
    total: codes.length,
    withheld,
  };
}

/**
 * Each ward's emerging category over `weeks` (oldest first) of Gi* results; `no_data` for a ward
 * that lacks a result in any of them (no figures, or a week whose statistic was withheld).
 */
export async function emergingHotspots(
  db: Db,
  weeks: string[],
  fdr = false,
): Promise<{
  wards: { code: string; category: EmergingCategory | 'no_data'; bins: (ConfidenceBin | null)[] }[];
  /** wards with a result in every week */
  used: number;
  total: number;
  /** the weeks whose statistic was withheld (too few wards with figures) */
  withheldWeeks: string[];
}> {
  const perWeek: HotspotsOfWeek[] = [];
  for (const week of weeks) perWeek.push(await hotspotsOfWeek(db, week, fdr));
  const { codes } = await wardWeights(db);
  const wards = codes.map((code, i) => {
    const steps = perWeek.map((w) => w.wards[i]);
    const bins = steps.map((s) => s.bin);
    const complete = steps.every((s) => s.z !== null && s.bin !== null);
    return {
      code,
      category: complete
        ? emergingCategory(steps.map((s) => ({ z: s.z as number, bin: s.bin as ConfidenceBin })))
        : ('no_data' as const),
      bins,
    };
  });
  return {
    wards,
    used: wards.filter((w) => w.category !== 'no_data').length,
    total: codes.length,
    withheldWeeks: weeks.filter((_, i) => perWeek[i].withheld),
  };
}

/**
 * How analysis reads the population grid. Hanoi's (53,724 cells) is read once per import and each
 * worker keeps it between tasks: that is what makes a city-wide coverage fast. A national grid
 * (5.26 million cells) cannot be held and sent whole: a worker first had to receive the country to
 * answer for one district, which ran out of its budget. Above `sharedMaxCells` each task reads
 * and sends only the cells of its scope's wards, and a scope of more than `scopeMaxCells` is
 * refused before anything is read (ScopeTooLarge), however the grid is held.
 */
export interface GridLimits {
  sharedMaxCells: number;
  scopeMaxCells: number;
}
export const DEFAULT_GRID_LIMITS: GridLimits = { sharedMaxCells: 250_000, scopeMaxCells: 1_000_000 };
let limits = DEFAULT_GRID_LIMITS;
/** Replaces the limits (tests take the per-scope path over Hanoi's grid); no argument restores the defaults. */
export function setGridLimits(next: GridLimits = DEFAULT_GRID_LIMITS): void {
  limits = next;
}

/** A scope with more grid cells than one analysis may read: the caller must choose a smaller one. */
export class ScopeTooLarge extends Error {
  constructor(
    readonly cells: number,
    readonly maxCells: number,
  ) {
    super(`the scope holds ${cells} grid cells, more than the ${maxCells} one analysis reads`);
  }
}

interface CellCounts {
  byWard: Map<string, number>;
  total: number;
}

/** The stored grid's cells per ward and in all, counted once per import of the boundaries. */
const cellCountCache = new VersionedCache<CellCounts>();
async function cellCounts(db: Db): Promise<CellCounts> {
  return cellCountCache.get(db, await boundariesVersion(db), async () => {
    await requireCurrentGrid(db);
    const rows = await db.query<{ ward: string; n: number }>(
      'SELECT ward_code AS ward, count(*)::int AS n FROM coverage_cells GROUP BY ward_code',
    );
    return { byWard: new Map(rows.map((r) => [r.ward, r.n])), total: rows.reduce((t, r) => t + r.n, 0) };
  });
}

const CELL_COLUMNS = 'id, ward_code AS ward, population, x, y, ST_X(geom) AS lon, ST_Y(geom) AS lat';

/** The stored grid's cells (all of them), read once per import of the boundaries. */
const gridCache = new VersionedCache<GridCell[]>();

/** Every cell of the stored grid, in id order; GridNotReady while it is not built for the current boundaries. */
export async function gridCells(db: Db): Promise<GridCell[]> {
  const version = await boundariesVersion(db);
  return gridCache.get(db, version, async () => {
    await requireCurrentGrid(db);
    return db.query<GridCell>(`SELECT ${CELL_COLUMNS} FROM coverage_cells ORDER BY id`);
  });
}

/** The whole grid as workers share it: sent to each worker once per grid (keyed by the array read). */
const gridKeys = new WeakMap<GridCell[], string>();
let gridKeySeq = 0;

/** A task's scope of the grid: its cells sent with it, or the whole grid the workers share. */
interface ScopeOfGrid {
  /** the scope's cells, in id order */
  mine: GridCell[];
  /** sent with the task (a large grid) */
  cells?: GridCell[];
  /** the whole grid, kept by each worker (a small grid); the task picks its wards */
  shared?: { key: string; value: () => unknown };
}

/** Reads what analysis will need of the grid (after an import and at start): its counts, and the cells while it is small. */
export async function warmGrid(db: Db): Promise<void> {
  if ((await cellCounts(db)).total <= limits.sharedMaxCells) await gridCells(db);
}

/**
 * The cells of some wards, and how a task gets them: the whole grid shared with the workers while
 * the grid is small, otherwise the scope's cells only. A scope over `scopeMaxCells` is refused
 * before any cell is read.
 */
async function checkScope(db: Db, wardCodes: readonly string[]): Promise<() => Promise<ScopeOfGrid>> {
  const counts = await cellCounts(db);
  const wards = new Set(wardCodes);
  let inScope = 0;
  for (const ward of wards) inScope += counts.byWard.get(ward) ?? 0;
  if (inScope > limits.scopeMaxCells) throw new ScopeTooLarge(inScope, limits.scopeMaxCells);
  if (counts.total <= limits.sharedMaxCells) {
    return async () => {
      const all = await gridCells(db);
      const key = gridKeys.get(all) ?? `grid-${++gridKeySeq}`;
      gridKeys.set(all, key);
      return { mine: all.filter((c) => wards.has(c.ward)), shared: { key, value: () => all } };
    };
  }
  return async () => {
    const cells = await db.query<GridCell>(
      `SELECT ${CELL_COLUMNS} FROM coverage_cells WHERE ward_code = ANY($1::text[]) ORDER BY id`,
      [[...wards]],
    );
    return { mine: cells, cells };
  };
}

/** Open resources of a type: where they are in degrees and in the grid's metres (UTM 48N). */
export function openStations(db: Db, type: ResourceType): Promise<Station[]> {
  return db.query<Station>(
    `SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat, ST_X(p) AS x, ST_Y(p) AS y FROM (
       SELECT geom, ST_Transform(geom, 32648) AS p FROM resources WHERE type = $1 AND status = 'open') s`,
    [type],
  );
}

/** Every grid cell of the wards with its distance to the nearest open resource of a type (computed in a worker). */
export async function coverageCells(db: Db, wardCodes: readonly string[], type: ResourceType): Promise<CoverageCell[]> {
  const [readScope, stations] = await Promise.all([checkScope(db, wardCodes), openStations(db, type)]);
  let mine: GridCell[] = [];
  // the scope's cells are read once a worker is free, so requests waiting their turn hold none
  const distances = await analysisPool().run('distances', async () => {
    const scope = await readScope();
    mine = scope.mine;
    return { input: { wards: [...wardCodes], cells: scope.cells, stations }, shared: scope.shared };
  });
  return mine.map((c, i) => ({
    id: c.id,
    ward: c.ward,
    population: c.population,
    lon: c.lon,
    lat: c.lat,
    distanceM: Number.isNaN(distances[i]) ? null : distances[i],
  }));
}

/**
 * Where k new stations of a type cover the most people within `radiusM` of the scope's cells,
 * existing open stations fixed: maximal covering over cell centres (greedy + interchange), and
 * the administrative alternative of one station per ward for comparison. Runs in a worker.
 */
export async function planSites(
  db: Db,
  wardCodes: readonly string[],
  type: ResourceType,
  k: number,
  radiusM: number,
): Promise<SitingPlan> {
  const [readScope, stations] = await Promise.all([checkScope(db, wardCodes), openStations(db, type)]);
  return analysisPool().run('siting', async () => {
    const { cells, shared } = await readScope();
    return { input: { wards: [...wardCodes], cells, stations, k, radiusM }, shared };
  });
}
