/**
 * Coverage over the population grid: each cell's distance to the nearest open resource, and the
 * people beyond a distance per ward. Pure: cells and stations are passed in (data/analysis/queries.ts).
 */

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

/** An open resource: in degrees, and in the grid's metres (UTM 48N). */
export interface Station {
  lon: number;
  lat: number;
  x: number;
  y: number;
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

/** Earth's mean radius, as Turf's haversine uses it: distances here are Turf's, metre for metre. */
const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Great-circle (haversine) metres between two [lon, lat] points. */
export function haversineM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
}

/**
 * Each cell with its distance to the nearest station on the sphere (the haversine the nearest
 * search reports). The nearest is found on the grid's plane (UTM 48N, within 0.04 % of true
 * distance over Hanoi) through a bucket index of the stations, so the time grows with the cells,
 * not with cells × stations (5 million cells × 40,000 stations for the whole country).
 */
export function nearestDistances(cells: readonly GridCell[], stations: readonly Station[]): CoverageCell[] {
  const nearest = stationIndex(stations);
  return cells.map((c) => {
    const best = nearest(c.x, c.y);
    return {
      id: c.id,
      ward: c.ward,
      population: c.population,
      lon: c.lon,
      lat: c.lat,
      distanceM: best ? haversineM(c.lon, c.lat, best.lon, best.lat) : null,
    };
  });
}

/**
 * The stations in square buckets of about two each, searched ring by ring outward from a point
 * until no unsearched bucket can hold anything nearer. Answers what a scan of every station would:
 * the nearest on the plane, and among equally near ones the first in `stations`.
 */
export function stationIndex(stations: readonly Station[]): (x: number, y: number) => Station | undefined {
  if (stations.length === 0) return () => undefined;
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const s of stations) {
    minX = Math.min(minX, s.x);
    minY = Math.min(minY, s.y);
    maxX = Math.max(maxX, s.x);
    maxY = Math.max(maxY, s.y);
  }
  const w = maxX - minX;
  const h = maxY - minY;
  // bounded so the buckets stay O(stations) even when the stations lie on a line
  const size = Math.max(Math.sqrt((2 * w * h) / stations.length), Math.max(w, h) / (2 * stations.length + 1), 1);
  const cols = Math.floor(w / size) + 1;
  const rows = Math.floor(h / size) + 1;
  const buckets: number[][] = Array.from({ length: cols * rows }, () => []);
  stations.forEach((s, i) => {
    buckets[Math.floor((s.y - minY) / size) * cols + Math.floor((s.x - minX) / size)].push(i);
  });

  return (x, y) => {
    // rings around the point's bucket, or the nearest bucket when the point lies outside them all
    const cx = Math.min(Math.max(Math.floor((x - minX) / size), 0), cols - 1);
    const cy = Math.min(Math.max(Math.floor((y - minY) / size), 0), rows - 1);
    let best = -1;
    let bestSq = Number.POSITIVE_INFINITY;
    const visit = (gx: number, gy: number) => {
      for (const i of buckets[gy * cols + gx]) {
        const s = stations[i];
        const d = (s.x - x) ** 2 + (s.y - y) ** 2;
        if (d < bestSq || (d === bestSq && i < best)) {
          bestSq = d;
          best = i;
        }
      }
    };
    for (let r = 0; ; r++) {
      const x0 = cx - r;
      const x1 = cx + r;
      const y0 = cy - r;
      const y1 = cy + r;
      for (let gy = Math.max(y0, 0); gy <= Math.min(y1, rows - 1); gy++) {
        if (gy === y0 || gy === y1) {
          for (let gx = Math.max(x0, 0); gx <= Math.min(x1, cols - 1); gx++) visit(gx, gy);
        } else {
          if (x0 >= 0) visit(x0, gy);
          if (x1 < cols) visit(x1, gy);
        }
      }
      // the buckets not searched lie beyond the square's sides that are still inside the grid
      let margin = Number.POSITIVE_INFINITY;
      if (x0 > 0) margin = Math.min(margin, x - (minX + x0 * size));
      if (x1 < cols - 1) margin = Math.min(margin, minX + (x1 + 1) * size - x);
      if (y0 > 0) margin = Math.min(margin, y - (minY + y0 * size));
      if (y1 < rows - 1) margin = Math.min(margin, minY + (y1 + 1) * size - y);
      if (margin === Number.POSITIVE_INFINITY) break; // every bucket searched
      const sure = margin - 1e-6; // what floating-point rounding of the bucket edges could move
      if (best >= 0 && sure > 0 && bestSq < sure * sure) break;
    }
    return best >= 0 ? stations[best] : undefined;
  };
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
