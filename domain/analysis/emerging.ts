import type { ConfidenceBin } from './gi-star.js';
import { mannKendall } from './mann-kendall.js';

/** The categories, in the order a legend lists them. */
export const EMERGING_CATEGORIES = [
  'new',
  'consecutive',
  'intensifying',
  'persistent',
  'diminishing',
  'sporadic',
  'oscillating',
  'historical',
  'none',
] as const;
export type EmergingCategory = (typeof EMERGING_CATEGORIES)[number];

/** A step is a hot (cold) spot when its Gi* bin is significant at 95 % or more. */
const HOT = (b: ConfidenceBin) => b >= 2;
const COLD = (b: ConfidenceBin) => b <= -2;
/** The Mann–Kendall trend of the z-scores counts when p < 0.05. */
const TREND_ALPHA = 0.05;

/**
 * The emerging-hot-spot category of a unit from its weekly Gi* results (oldest first), after the
 * standard definitions (ESRI's Emerging Hot Spot Analysis), hot side only:
 * - new: hot in the final week, never hot before;
 * - consecutive: one uninterrupted run of ≥ 2 hot weeks ending with the final week, never hot
 *   before the run, and fewer than 90 % of weeks hot;
 * - intensifying / persistent / diminishing: hot in ≥ 90 % of weeks including the final one, with
 *   the z-scores' Mann–Kendall trend significantly up / not significant / significantly down;
 * - sporadic: hot in the final week, on and off before, < 90 % of weeks hot, never a cold spot;
 * - oscillating: hot in the final week, < 90 % hot, and a cold spot in some earlier week;
 * - historical: not hot in the final week but hot in ≥ 90 % of the earlier weeks;
 * - none: anything else.
 */
export function emergingCategory(steps: readonly { z: number; bin: ConfidenceBin }[]): EmergingCategory {
  const n = steps.length;
  if (n === 0) return 'none';
  const hot = steps.map((s) => HOT(s.bin));
  const hotCount = hot.filter(Boolean).length;
  const last = hot[n - 1];
  const mostlyHot = hotCount >= 0.9 * n;
  if (!last) {
    const earlier = hot.slice(0, -1);
    return earlier.length > 0 && earlier.filter(Boolean).length >= 0.9 * earlier.length ? 'historical' : 'none';
  }
  if (hotCount === 1) return 'new';
  if (mostlyHot) {
    const trend = mannKendall(steps.map((s) => s.z));
    if (trend.p < TREND_ALPHA) return trend.s > 0 ? 'intensifying' : 'diminishing';
    return 'persistent';
  }
  // the final run of hot weeks, and whether any hot week came before it
  let runStart = n - 1;
  while (runStart > 0 && hot[runStart - 1]) runStart--;
  const hotBeforeRun = hot.slice(0, runStart).some(Boolean);
  if (n - runStart >= 2 && !hotBeforeRun) return 'consecutive';
  return steps.some((s) => COLD(s.bin)) ? 'oscillating' : 'sporadic';
}
