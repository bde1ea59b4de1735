import { twoSidedP } from './normal.js';

/**
 * Spatial weights as neighbour lists: `neighbours[i]` are the indices j ≠ i with w_ij = 1
 * (binary contiguity). Gi* adds the unit itself (w_ii = 1).
 */
export type Neighbours = readonly (readonly number[])[];

/** −3…3: hot (+) or cold (−) at 99 %, 95 %, 90 % confidence; 0 not significant. */
export type ConfidenceBin = -3 | -2 | -1 | 0 | 1 | 2 | 3;

export interface GiStar {
  z: number;
  p: number;
  bin: ConfidenceBin;
}

const LEVELS: [number, 1 | 2 | 3][] = [
  [0.01, 3],
  [0.05, 2],
  [0.1, 1],
];

/**
 * Getis–Ord Gi* of each unit for values `x` (e.g. weekly cases per 100,000) and binary weights:
 *   Gi* = (Σ_j w_ij x_j − x̄ Σ_j w_ij) / (S √((n Σ_j w_ij² − (Σ_j w_ij)²) / (n − 1)))
 * with j over the unit and its neighbours, x̄ the mean and S = √(Σ x²/n − x̄²). The z-score's
 * two-sided p-value comes from the standard normal. With `fdr`, a bin counts only when its p-value
 * also passes the Benjamini–Hochberg threshold at that level over all units.
 * A unit whose value is `null` (no figures) is left out: it is not a zero, it takes no part in
 * n, x̄, S or any neighbour's sum, and its own result is `null`.
 * Pure: no I/O; weights are passed in (built once per geometry, e.g. in PostGIS).
 */
export function giStar(x: readonly number[], neighbours: Neighbours, options?: { fdr?: boolean }): GiStar[];
export function giStar(
  x: readonly (number | null)[],
  neighbours: Neighbours,
  options?: { fdr?: boolean },
): (GiStar | null)[];
export function giStar(
  x: readonly (number | null)[],
  neighbours: Neighbours,
  options: { fdr?: boolean } = {},
): (GiStar | null)[] {
  if (neighbours.length !== x.length) throw new Error(`${x.length} values but ${neighbours.length} neighbour lists`);
  // the units with figures, renumbered 0…n−1, and their neighbours among them
  const present: number[] = [];
  const position = new Map<number, number>();
  x.forEach((v, i) => {
    if (v !== null) {
      position.set(i, present.length);
      present.push(i);
    }
  });
  const values = present.map((i) => x[i] as number);
  const lists = present.map((i) => neighbours[i].flatMap((j) => position.get(j) ?? []));
  const results = giStarComplete(values, lists, options);
  return x.map((_, i) => {
    const at = position.get(i);
    return at === undefined ? null : results[at];
  });
}

function giStarComplete(x: readonly number[], neighbours: Neighbours, options: { fdr?: boolean }): GiStar[] {
  const n = x.length;
  let sum = 0;
  let sumSq = 0;
  for (const v of x) {
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / n;
  const s = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
  const z = x.map((xi, i) => {
    const list = neighbours[i];
    const wSum = list.length + 1; // binary weights: Σw = Σw² = neighbours + self
    let local = xi;
    for (const j of list) local += x[j];
    const denominator = s * Math.sqrt((n * wSum - wSum * wSum) / (n - 1));
    return denominator > 0 ? (local - mean * wSum) / denominator : 0;
  });
  const p = z.map(twoSidedP);
  const thresholds = options.fdr ? benjaminiHochberg(p) : new Map(LEVELS.map(([alpha]) => [alpha, alpha]));
  return z.map((zi, i) => {
    const level = LEVELS.find(([alpha]) => p[i] <= (thresholds.get(alpha) ?? -1))?.[1] ?? 0;
    return { z: zi, p: p[i], bin: (Math.sign(zi) * level) as ConfidenceBin };
  });
}

/**
 * The largest p-value that is significant at each α after Benjamini–Hochberg: p_(k) for the
 * largest k with p_(k) ≤ k/n · α (−1 when none is).
 */
function benjaminiHochberg(p: readonly number[]): Map<number, number> {
  const sorted = [...p].sort((a, b) => a - b);
  const n = sorted.length;
  const out = new Map<number, number>();
  for (const [alpha] of LEVELS) {
    let threshold = -1;
    for (let k = n; k >= 1; k--) {
      if (sorted[k - 1] <= (k / n) * alpha) {
        threshold = sorted[k - 1];
        break;
      }
    }
    out.set(alpha, threshold);
  }
  return out;
}
