/**
 * Maximal covering location: choose k new sites among candidates so that the most demand (people)
 * lies within the service radius of a site, existing stations kept fixed. Greedy, then
 * interchange (swap one chosen site for one unchosen while that covers more). Pure: coverage
 * sets are passed in (which demand points each candidate reaches), built by the caller.
 */
export interface SitingProblem {
  /** people at each demand point */
  weights: readonly number[];
  /** per candidate, the demand points within the radius */
  covers: readonly (readonly number[])[];
  /** demand points already within reach of an existing station */
  alreadyCovered: ReadonlySet<number> | readonly number[];
  k: number;
}

export interface SitingResult {
  /** chosen candidate indices, in the order picked (after swaps: position kept) */
  sites: number[];
  /** people newly covered by the chosen sites */
  covered: number;
  /** newly covered after the greedy step alone, to show what the interchange added */
  greedyCovered: number;
  swaps: number;
}

export function maximalCovering(problem: SitingProblem): SitingResult {
  const { weights, covers, k } = problem;
  const fixed = new Set(problem.alreadyCovered);
  // how many chosen sites reach each demand point (existing ones count as always covered)
  const count = new Int32Array(weights.length);
  const open = (d: number) => !fixed.has(d) && count[d] === 0;
  const gainOf = (c: number) => {
    let g = 0;
    for (const d of covers[c]) if (open(d)) g += weights[d];
    return g;
  };
  const chosen: number[] = [];
  const isChosen = new Uint8Array(covers.length);
  let covered = 0;
  for (let step = 0; step < Math.min(k, covers.length); step++) {
    let best = -1;
    let bestGain = -1;
    for (let c = 0; c < covers.length; c++) {
      if (isChosen[c]) continue;
      const g = gainOf(c);
      if (g > bestGain) [best, bestGain] = [c, g];
    }
    chosen.push(best);
    isChosen[best] = 1;
    for (const d of covers[best]) count[d]++;
    covered += bestGain;
  }
  const greedyCovered = covered;

  // interchange: the best swap for each chosen site, applied while it strictly gains
  let swaps = 0;
  for (let improved = true; improved; ) {
    improved = false;
    for (let i = 0; i < chosen.length; i++) {
      const out = chosen[i];
      for (const d of covers[out]) count[d]--;
      let loss = 0;
      for (const d of covers[out]) if (open(d)) loss += weights[d];
      let best = out;
      let bestGain = loss;
      for (let c = 0; c < covers.length; c++) {
        if (isChosen[c]) continue;
        const g = gainOf(c);
        if (g > bestGain + 1e-9) [best, bestGain] = [c, g];
      }
      if (best !== out) {
        isChosen[out] = 0;
        isChosen[best] = 1;
        chosen[i] = best;
        covered += bestGain - loss;
        swaps++;
        improved = true;
      }
      for (const d of covers[chosen[i]]) count[d]++;
    }
  }
  return { sites: chosen, covered, greedyCovered, swaps };
}

/** People newly covered by a given set of sites (for comparisons such as "one more per ward"). */
export function coverageOf(problem: Omit<SitingProblem, 'k'>, sites: readonly number[]): number {
  const fixed = new Set(problem.alreadyCovered);
  const seen = new Uint8Array(problem.weights.length);
  let total = 0;
  for (const s of sites) {
    for (const d of problem.covers[s]) {
      if (fixed.has(d) || seen[d]) continue;
      seen[d] = 1;
      total += problem.weights[d];
    }
  }
  return total;
}
