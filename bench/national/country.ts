// A deterministic synthetic Vietnam for the national benchmark: communes as Voronoi cells of sites
// drawn inside a coarse outline with a population-like density (deltas and cities dense, highlands
// sparse), among sites drawn outside it at the base density whose cells are dropped, so the coast
// and the borders are commune edges too. Every edge is made as rough as real boundaries by
// midpoint displacement, once, and used by both cells it separates: neighbours share their
// boundary exactly, vertex for vertex, as real ward boundaries do.
import { booleanPointInPolygon, point, polygon, voronoi } from '@turf/turf';
import { seededRandom } from '../../data/demo/random.js';

type Xy = [number, number];

const R = 6378137;
const toMerc = ([lon, lat]: Xy): Xy => [
  (R * lon * Math.PI) / 180,
  R * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)),
];
export const toLonLat = ([x, y]: Xy): Xy => [
  (x / R / Math.PI) * 180,
  ((2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * 180) / Math.PI,
];

/** Mainland Vietnam, coarsely (lon, lat), clockwise from the north-west corner. */
const OUTLINE: Xy[] = [
  [102.14, 22.4],
  [102.48, 22.77],
  [102.98, 22.45],
  [103.52, 22.59],
  [104.05, 22.72],
  [104.8, 22.85],
  [105.35, 23.35],
  [105.9, 22.93],
  [106.5, 22.9],
  [106.75, 22.7],
  [106.7, 22.25],
  [107.05, 21.95],
  [107.97, 21.53],
  [107.3, 21.0],
  [106.8, 20.75],
  [106.6, 20.4],
  [106.3, 20.05],
  [105.9, 19.65],
  [105.75, 19.0],
  [106.2, 18.35],
  [106.75, 17.5],
  [107.15, 16.85],
  [107.7, 16.4],
  [108.25, 16.05],
  [108.85, 15.15],
  [109.25, 13.75],
  [109.35, 13.05],
  [109.2, 12.25],
  [109.2, 11.9],
  [109.0, 11.5],
  [108.1, 10.93],
  [107.1, 10.35],
  [106.75, 10.3],
  [106.65, 9.8],
  [106.15, 9.35],
  [105.75, 9.25],
  [104.75, 8.58],
  [104.85, 9.3],
  [105.08, 10.01],
  [104.48, 10.38],
  [104.85, 10.6],
  [105.1, 10.95],
  [105.85, 10.9],
  [106.2, 11.05],
  [106.45, 11.65],
  [106.95, 12.1],
  [107.45, 12.3],
  [107.55, 12.9],
  [107.48, 13.8],
  [107.55, 14.7],
  [107.35, 15.2],
  [107.6, 15.5],
  [107.4, 16.05],
  [106.85, 16.45],
  [106.55, 16.95],
  [105.85, 17.65],
  [105.2, 18.5],
  [104.5, 18.9],
  [103.9, 19.3],
  [104.6, 20.0],
  [104.4, 20.4],
  [103.2, 20.85],
  [103.0, 21.2],
  [102.8, 21.6],
];

/** Where people (and so communes) crowd: [lon, lat, spread in degrees, weight] over a base of 1. */
const CROWDS: [number, number, number, number][] = [
  [106.1, 20.7, 0.6, 6], // Red River delta
  [105.7, 10.0, 0.9, 5], // Mekong delta
  [105.85, 21.03, 0.12, 25], // Hà Nội
  [106.7, 10.78, 0.15, 30], // Hồ Chí Minh City
  [106.68, 20.86, 0.08, 10], // Hải Phòng
  [108.2, 16.05, 0.08, 10], // Đà Nẵng
  [105.78, 10.03, 0.07, 8], // Cần Thơ
  [109.0, 13.5, 1.2, 1.5], // the central coast
];

/** Communes, resources and premises of the whole country at scale 1. */
export const FULL = { communes: 10_600, provinces: 63, communesPerDistrict: 15 };

/** Boundary vertices every 15–30 m (Hanoi's 2025 wards: ~1,050 vertices each, 27 km² on average). */
const SEGMENT_M = 30;
/** How far a midpoint may move, as a share of its segment's length: rough like rivers and roads. */
const ROUGHNESS = 0.22;

export interface Commune {
  /** 1-based index of the site, in generation order */
  site: number;
  province: number;
  district: number;
  /** lon/lat of the site: always inside the commune's cell */
  centre: Xy;
  /** the cell's ring (lon/lat) */
  ring: Xy[];
  /** 0–1, how crowded the place is: urban wards above ~0.5 */
  crowd: number;
}

export interface Country {
  communes: Commune[];
  provinces: number;
  districts: number;
  vertices: number;
}

function fnv(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The rough line from a to b (a included, b not), the same points reversed whichever way it is asked for. */
function roughEdge(a: Xy, b: Xy, seed: number): Xy[] {
  const forward = a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]);
  const [p, q] = forward ? [a, b] : [b, a];
  const random = seededRandom(fnv(`${p[0]},${p[1]},${q[0]},${q[1]}`) ^ seed);
  const length = Math.hypot(q[0] - p[0], q[1] - p[1]);
  const depth = Math.max(0, Math.min(12, Math.ceil(Math.log2(length / SEGMENT_M))));
  let line: Xy[] = [p, q];
  for (let level = 0; level < depth; level++) {
    const next: Xy[] = [line[0]];
    for (let i = 1; i < line.length; i++) {
      const [s, e] = [line[i - 1], line[i]];
      const shift = (random() * 2 - 1) * ROUGHNESS;
      // perpendicular displacement of the midpoint, proportional to the segment
      next.push([(s[0] + e[0]) / 2 - (e[1] - s[1]) * shift, (s[1] + e[1]) / 2 + (e[0] - s[0]) * shift], e);
    }
    line = next;
  }
  if (!forward) line.reverse();
  return line.slice(0, -1);
}

function roughRing(ring: Xy[], seed: number): Xy[] {
  const out: Xy[] = [];
  for (let i = 0; i + 1 < ring.length; i++) out.push(...roughEdge(ring[i], ring[i + 1], seed));
  out.push(out[0]);
  return out;
}

/** k-means over points (a few rounds of Lloyd's), centres started at evenly spaced points sorted north to south. */
function kMeans(points: Xy[], k: number, rounds = 8): number[] {
  const order = points.map((_, i) => i).sort((i, j) => points[j][1] - points[i][1] || points[i][0] - points[j][0]);
  let centres: Xy[] = Array.from({ length: k }, (_, c) => points[order[Math.floor(((c + 0.5) * points.length) / k)]]);
  const assign = new Array<number>(points.length).fill(0);
  for (let round = 0; round < rounds; round++) {
    for (const [i, p] of points.entries()) {
      let best = 0;
      let bestD = Infinity;
      for (const [c, q] of centres.entries()) {
        const d = (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2;
        if (d < bestD) [best, bestD] = [c, d];
      }
      assign[i] = best;
    }
    const sums = centres.map(() => [0, 0, 0]);
    for (const [i, p] of points.entries()) {
      sums[assign[i]][0] += p[0];
      sums[assign[i]][1] += p[1];
      sums[assign[i]][2]++;
    }
    centres = sums.map((s, c) => (s[2] > 0 ? [s[0] / s[2], s[1] / s[2]] : centres[c]));
  }
  // numbered north to south, as the GSO numbers provinces
  const rank = centres
    .map((c, i) => ({ c, i }))
    .sort((a, b) => b.c[1] - a.c[1] || a.c[0] - b.c[0])
    .map((x) => x.i);
  const renumber = new Map(rank.map((old, i) => [old, i]));
  return assign.map((a) => renumber.get(a) as number);
}

/**
 * The country at `scale` (0 < scale ≤ 1): scale × 10,600 communes in an outline shrunk by √scale
 * about its centre, so communes keep their real size and density. Same seed, same country.
 */
export function buildCountry(scale: number, seed = 84): Country {
  const shrink = Math.sqrt(scale);
  const centre = toMerc([106.0, 16.0]);
  const place = (p: Xy): Xy => {
    const m = toMerc(p);
    return [centre[0] + (m[0] - centre[0]) * shrink, centre[1] + (m[1] - centre[1]) * shrink];
  };
  const outline = OUTLINE.map(place);
  outline.push(outline[0]);
  const crowds = CROWDS.map(([lon, lat, spread, weight]) => ({
    at: place([lon, lat]),
    spread: (toMerc([lon + spread, lat])[0] - toMerc([lon, lat])[0]) * shrink,
    weight,
  }));
  const density = (p: Xy) =>
    1 +
    crowds.reduce(
      (sum, c) => sum + c.weight * Math.exp(-((p[0] - c.at[0]) ** 2 + (p[1] - c.at[1]) ** 2) / c.spread ** 2),
      0,
    );
  const maxDensity = 1 + crowds.reduce((s, c) => s + c.weight, 0);

  const shape = polygon([outline]);
  const xs = outline.map((p) => p[0]);
  const ys = outline.map((p) => p[1]);
  const bbox = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  const random = seededRandom(seed);
  const n = Math.max(50, Math.round(FULL.communes * scale));
  const margin = 40_000;
  const box = [bbox[0] - margin, bbox[1] - margin, bbox[2] + margin, bbox[3] + margin];
  const sites: Xy[] = [];
  const outside: Xy[] = [];
  // rejection sampling: density as the chance to keep a point; outside the outline, the base density
  while (sites.length < n) {
    const p: Xy = [box[0] + random() * (box[2] - box[0]), box[1] + random() * (box[3] - box[1])];
    const keep = random() * maxDensity;
    if (booleanPointInPolygon(point(p), shape)) {
      if (keep <= density(p)) sites.push(p);
    } else if (keep <= 1) outside.push(p);
  }
  const cells = voronoi(
    { type: 'FeatureCollection', features: [...sites, ...outside].map((p) => point(p)) },
    { bbox: [box[0] - margin, box[1] - margin, box[2] + margin, box[3] + margin] },
  );

  const provinces = Math.max(2, Math.round(FULL.provinces * scale));
  const provinceOf = kMeans(sites, provinces);
  const districtOf = new Array<number>(sites.length).fill(0);
  let districts = 0;
  for (let p = 0; p < provinces; p++) {
    const members = sites.flatMap((_, i) => (provinceOf[i] === p ? [i] : []));
    const k = Math.max(1, Math.round(members.length / FULL.communesPerDistrict));
    const local = kMeans(
      members.map((i) => sites[i]),
      k,
    );
    for (const [j, i] of members.entries()) districtOf[i] = districts + local[j];
    districts += k;
  }

  let vertices = 0;
  const communes: Commune[] = sites.map((site, i) => {
    const ring = roughRing(cells.features[i].geometry.coordinates[0] as Xy[], seed);
    vertices += ring.length;
    return {
      site: i + 1,
      province: provinceOf[i],
      district: districtOf[i],
      centre: toLonLat(site),
      ring: ring.map(toLonLat),
      crowd: Math.min(1, (density(site) - 1) / 20),
    };
  });
  return { communes, provinces, districts, vertices };
}
