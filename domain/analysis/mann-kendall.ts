import { twoSidedP } from './normal.js';

export interface MannKendall {
  /** Σ_{i<j} sign(x_j − x_i) */
  s: number;
  /** variance of S under no trend, corrected for ties */
  variance: number;
  /** continuity-corrected: (S − 1)/√var for S > 0, (S + 1)/√var for S < 0, else 0 */
  z: number;
  /** two-sided, from the standard normal */
  p: number;
}

/** The Mann–Kendall trend test of a series in time order. */
export function mannKendall(series: readonly number[]): MannKendall {
  const n = series.length;
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) s += Math.sign(series[j] - series[i]);
  }
  const ties = new Map<number, number>();
  for (const v of series) ties.set(v, (ties.get(v) ?? 0) + 1);
  let tieTerm = 0;
  for (const t of ties.values()) if (t > 1) tieTerm += t * (t - 1) * (2 * t + 5);
  const variance = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  const z = variance > 0 && s !== 0 ? (s - Math.sign(s)) / Math.sqrt(variance) : 0;
  return { s, variance, z, p: variance > 0 ? twoSidedP(z) : 1 };
}
