/**
 * Maximal covering location: choose k new sites among candidates so that the most demand (people)
 * lies within the service radius of a site, existing stations kept fixed. Greedy, then
 * interchange (swap one chosen site for one unchosen while that covers more). Pure: coverage
 * sets are passed in (which demand points each candidate reaches), built by the caller.
 *
 * Each candidate's gain (the uncovered people it would add) is kept up to date as sites are taken
 * and dropped, through the inverse index (which candidates reach each demand point): a step costs
 * one scan of the gains plus the demand points that changed, instead of re-summing every
 * candidate's cover (k = 200 at 1 km over Hanoi's 54,000 cells took 129 s that way).
 */
export interface SitingProblem {
  /** people at each demand point */
  weights: readonly number[];
  /** per candidate, the demand points within the radius */
  covers: readonly ArrayLike<number>[];
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

/** Gains are sums of floats updated in place: differences below this are ties (first candidate wins). */
const EPS = 1e-6;

export function maximalCovering(problem: SitingProblem): SitingResult {
  const { weights, covers, k } = problem;
  const n = weights.length;
  const fixed = new Uint8Array(n);
  for (const d of problem.alreadyCovered) fixed[d] = 1;
  // inverse index, compressed: the candidates reaching demand point d are by[from[d]..from[d+1])
  const from = new Int32Array(n + 1);
  for (const cover of covers) for (let i = 0; i < cover.length; i++) from[cover[i] + 1]++;
  for (let d = 0; d < n; d++) from[d + 1] += from[d];
  const by = new Int32Array(from[n]);
  const fill = from.slice(0, n);
  covers.forEach((cover, c) => {
    for (let i = 0; i < cover.length; i++) by[fill[cover[i]]++] = c;
  });

  // how many chosen sites reach each demand point; gain: people a candidate would newly cover
  const count = new Int32Array(n);
  const gain = new Float64Array(covers.length);
  covers.forEach((cover, c) => {
    for (let i = 0; i < cover.length; i++) if (!fixed[cover[i]]) gain[c] += weights[cover[i]];
  });
  const shift = (d: number, delta: number) => {
    for (let j = from[d]; j < from[d + 1]; j++) gain[by[j]] += delta;
  };
  const take = (c: number) => {
    const cover = covers[c];
    for (let i = 0; i < cover.length; i++) {
      const d = cover[i];
      if (count[d]++ === 0 && !fixed[d]) shift(d, -weights[d]);
    }
  };
  const drop = (c: number) => {
    const cover = covers[c];
    for (let i = 0; i < cover.length; i++) {
      const d = cover[i];
      if (--count[d] === 0 && !fixed[d]) shift(d, weights[d]);
    }
  };
  const isChosen = new Uint8Array(covers.length);
  /** the unchosen candidate with the largest gain above `floor`, or -1 */
  const best = (floor: number) => {
    let found = -1;
    let top = floor;
    for (let c = 0; c < covers.length; c++) {
      if (!isChosen[c] && gain[c] > top + EPS) [found, top] = [c, gain[c]];
    }
    return found;
  };

  const chosen: number[] = [];
  let covered = 0;
  // once nothing adds anyone, more sites are not worth proposing
  while (chosen.length < k) {
    const c = best(0);
    if (c < 0) break;
    covered += gain[c];
    chosen.push(c);
    isChosen[c] = 1;
    take(c);
  }
  const greedyCovered = covered;

  // interchange: the best swap for each chosen site, applied while it strictly gains
  let swaps = 0;
  for (let improved = true; improved; ) {
    improved = false;
    for (let i = 0; i < chosen.length; i++) {
      const out = chosen[i];
      drop(out);
      const loss = gain[out];
      const into = best(loss);
      if (into >= 0) {
        isChosen[out] = 0;
        isChosen[into] = 1;
        chosen[i] = into;
        covered += gain[into] - loss;
        swaps++;
        improved = true;
      }
      take(chosen[i]);
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
    const cover = problem.covers[s];
    for (let i = 0; i < cover.length; i++) {
      const d = cover[i];
      if (fixed.has(d) || seen[d]) continue;
      seen[d] = 1;
      total += problem.weights[d];
    }
  }
  return total;
}
