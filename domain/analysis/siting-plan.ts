import type { GridCell } from './coverage.js';
import { coverageOf, maximalCovering } from './siting.js';

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

/** The siting itself, over cells and stations already in metres: pure, so the benchmark can call it. */
export function sitingOverCells(
  cells: readonly GridCell[],
  stations: readonly { x: number; y: number }[],
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
