import type { GridCell } from './coverage.js';
import { CELL_M } from './grid-cells.js';
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

/**
 * Candidate sites one every `radiusM / CANDIDATES_PER_RADIUS` metres (never closer than the grid's
 * cells): a site's cover spans the radius, so finer placement adds little, while every cell as a
 * candidate at 10 km meant 54,000 covers of ~5,000 cells each (2.4 GB and hours of work).
 * Up to 1 km every cell is a candidate.
 */
export const CANDIDATES_PER_RADIUS = 6;

/** The siting itself, over cells and stations already in metres: pure, so the benchmark can call it. */
export function sitingOverCells(
  cells: readonly GridCell[],
  stations: readonly { x: number; y: number }[],
  k: number,
  radiusM: number,
): SitingPlan {
  const within = neighbourFinder(cells, radiusM);
  const alreadyCovered = new Set<number>();
  for (const s of stations) for (const i of within(s.x, s.y)) alreadyCovered.add(i);
  const candidates = candidateCells(cells, radiusM);
  const weights = cells.map((c) => c.population);
  const covers = candidates.map((i) => within(cells[i].x, cells[i].y));
  const result = maximalCovering({ weights, covers, alreadyCovered, k });
  const marginal = new Set(alreadyCovered);
  const sites = result.sites.map((s) => {
    let gain = 0;
    for (const d of covers[s]) {
      if (marginal.has(d)) continue;
      marginal.add(d);
      gain += weights[d];
    }
    const c = cells[candidates[s]];
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
      covered: coverageOf(
        { weights, alreadyCovered, covers: perWardSites.map((i) => within(cells[i].x, cells[i].y)) },
        perWardSites.map((_, j) => j),
      ),
    },
    peopleBeyondBefore: cells.reduce((t, c, i) => t + (alreadyCovered.has(i) ? 0 : c.population), 0),
  };
}

/** Indices of the cells that are candidate sites: all of them, or the one nearest each block's centre. */
function candidateCells(cells: readonly GridCell[], radiusM: number): number[] {
  const spacing = radiusM / CANDIDATES_PER_RADIUS;
  if (spacing <= CELL_M) return cells.map((_, i) => i);
  const nearest = new Map<string, { i: number; d: number }>();
  cells.forEach((c, i) => {
    const [bx, by] = [Math.floor(c.x / spacing), Math.floor(c.y / spacing)];
    const d = Math.hypot(c.x - (bx + 0.5) * spacing, c.y - (by + 0.5) * spacing);
    const k = `${bx}:${by}`;
    const held = nearest.get(k);
    if (!held || d < held.d) nearest.set(k, { i, d });
  });
  return [...nearest.values()].map((n) => n.i).sort((a, b) => a - b);
}

/**
 * The cells within `radiusM` of a point, found through buckets one radius wide (a point's
 * neighbours lie in the 3×3 buckets around it), kept in flat typed arrays: this runs once per
 * candidate, tens of thousands of times per request.
 */
function neighbourFinder(cells: readonly GridCell[], radiusM: number) {
  const n = cells.length;
  const xs = Float64Array.from(cells, (c) => c.x);
  const ys = Float64Array.from(cells, (c) => c.y);
  let [minX, minY] = [Infinity, Infinity];
  for (let i = 0; i < n; i++) [minX, minY] = [Math.min(minX, xs[i]), Math.min(minY, ys[i])];
  const col = (x: number) => Math.floor((x - minX) / radiusM);
  const row = (y: number) => Math.floor((y - minY) / radiusM);
  let [cols, rows] = [1, 1];
  for (let i = 0; i < n; i++) [cols, rows] = [Math.max(cols, col(xs[i]) + 1), Math.max(rows, row(ys[i]) + 1)];
  // the cells of bucket b are order[start[b]..start[b+1])
  const bucketOf = new Int32Array(n);
  const start = new Int32Array(cols * rows + 1);
  for (let i = 0; i < n; i++) {
    bucketOf[i] = col(xs[i]) * rows + row(ys[i]);
    start[bucketOf[i] + 1]++;
  }
  for (let b = 0; b < cols * rows; b++) start[b + 1] += start[b];
  const order = new Int32Array(n);
  const fill = start.slice(0, cols * rows);
  for (let i = 0; i < n; i++) order[fill[bucketOf[i]]++] = i;
  const r2 = radiusM * radiusM;
  const found = new Int32Array(n);
  return (x: number, y: number): Int32Array => {
    let count = 0;
    const [bx, by] = [col(x), row(y)];
    for (let cx = Math.max(0, bx - 1); cx <= Math.min(cols - 1, bx + 1); cx++) {
      for (let cy = Math.max(0, by - 1); cy <= Math.min(rows - 1, by + 1); cy++) {
        const b = cx * rows + cy;
        for (let j = start[b]; j < start[b + 1]; j++) {
          const i = order[j];
          if ((xs[i] - x) ** 2 + (ys[i] - y) ** 2 <= r2) found[count++] = i;
        }
      }
    }
    // ascending, as the cells' order: the same sums in the same order whatever the bucketing
    return found.slice(0, count).sort();
  };
}
