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
 * distance over Hanoi), so a few hundred stations over ~50,000 cells take a fraction of a second.
 */
export function nearestDistances(cells: readonly GridCell[], stations: readonly Station[]): CoverageCell[] {
  return cells.map((c) => {
    let best: Station | undefined;
    let bestSq = Number.POSITIVE_INFINITY;
    for (const s of stations) {
      const d = (s.x - c.x) ** 2 + (s.y - c.y) ** 2;
      if (d < bestSq) {
        bestSq = d;
        best = s;
      }
    }
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
