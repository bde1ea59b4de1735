import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../data/demo/random.js';
import { emergingCategory } from './emerging.js';
import { type ConfidenceBin, giStar } from './gi-star.js';
import { mannKendall } from './mann-kendall.js';
import { erfc, normalCdf, twoSidedP } from './normal.js';
import { coverageOf, maximalCovering } from './siting.js';

describe('the normal distribution', () => {
  it('matches tabulated values', () => {
    expect(erfc(0.5)).toBeCloseTo(0.4795001221869535, 14);
    expect(erfc(3)).toBeCloseTo(2.209049699858544e-5, 16);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 14);
    expect(twoSidedP(1.959963984540054)).toBeCloseTo(0.05, 12);
    expect(twoSidedP(2.5758293035489)).toBeCloseTo(0.01, 12);
    expect(twoSidedP(-1.6448536269514722)).toBeCloseTo(0.1, 12);
  });
});

/** A 7×7 lattice with queen contiguity (any shared boundary point), cells numbered row by row. */
function lattice(size = 7) {
  const neighbours: number[][] = [];
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const list: number[] = [];
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -1; dc <= 1; dc++) {
          const [rr, cc] = [r + dr, c + dc];
          if ((dr || dc) && rr >= 0 && cc >= 0 && rr < size && cc < size) list.push(rr * size + cc);
        }
      }
      neighbours.push(list);
    }
  }
  return neighbours;
}

/** Gi* straight from the formula with a dense weight matrix (w_ii = 1), independent of the module. */
function giStarByFormula(x: number[], neighbours: number[][]) {
  const n = x.length;
  const w: number[][] = x.map((_, i) => x.map((__, j) => (i === j || neighbours[i].includes(j) ? 1 : 0)));
  const mean = x.reduce((a, b) => a + b, 0) / n;
  const s = Math.sqrt(x.reduce((a, b) => a + b * b, 0) / n - mean * mean);
  return x.map((_, i) => {
    const wx = w[i].reduce((a, wij, j) => a + wij * x[j], 0);
    const sw = w[i].reduce((a, b) => a + b, 0);
    const sw2 = w[i].reduce((a, b) => a + b * b, 0);
    return (wx - mean * sw) / (s * Math.sqrt((n * sw2 - sw * sw) / (n - 1)));
  });
}

describe('Getis–Ord Gi*', () => {
  const neighbours = lattice();
  const random = seededRandom(49);
  // background noise, and a planted 3×3 cluster of high incidence around cell (2, 2)
  const x = Array.from({ length: 49 }, (_, i) => {
    const [r, c] = [Math.floor(i / 7), i % 7];
    const inCluster = Math.abs(r - 2) <= 1 && Math.abs(c - 2) <= 1;
    return (inCluster ? 120 : 20) + random() * 15;
  });

  it('equals the formula computed independently, to 1e-9, with p-values from the normal distribution', () => {
    const result = giStar(x, neighbours);
    const expected = giStarByFormula(x, neighbours);
    result.forEach((r, i) => {
      expect(Math.abs(r.z - expected[i])).toBeLessThan(1e-9);
      expect(r.p).toBeCloseTo(2 * (1 - normalCdf(Math.abs(expected[i]))), 12);
    });
    // the planted cluster's centre is a 99 % hot spot; a far corner is not hot
    expect(result[2 * 7 + 2].bin).toBe(3);
    expect(result[6 * 7 + 6].bin).toBeLessThanOrEqual(0);
  });

  it('with FDR keeps only the bins that pass Benjamini–Hochberg, so some marginal ones drop', () => {
    const plain = giStar(x, neighbours);
    const fdr = giStar(x, neighbours, { fdr: true });
    const sorted = plain.map((r) => r.p).sort((a, b) => a - b);
    const threshold = (alpha: number) => {
      let t = -1;
      sorted.forEach((p, k) => {
        if (p <= ((k + 1) / sorted.length) * alpha) t = p;
      });
      return t;
    };
    const [t1, t5, t10] = [threshold(0.01), threshold(0.05), threshold(0.1)];
    plain.forEach((r, i) => {
      const level = r.p <= t1 ? 3 : r.p <= t5 ? 2 : r.p <= t10 ? 1 : 0;
      expect(fdr[i].bin).toBe(Math.sign(r.z) * level);
      expect(Math.abs(fdr[i].bin)).toBeLessThanOrEqual(Math.abs(plain[i].bin));
    });
    const significant = (rs: { bin: number }[]) => rs.filter((r) => r.bin !== 0).length;
    expect(significant(fdr)).toBeLessThan(significant(plain));
  });

  it('leaves units without figures out: not zeros, not neighbours, no result of their own', () => {
    // the right two columns have no figures this week
    const missing = (i: number) => i % 7 >= 5;
    const partial = x.map((v, i) => (missing(i) ? null : v));
    const result = giStar(partial, neighbours);
    // the same as the formula over the 35 units that have figures, with weights among them only
    const kept = x.flatMap((_, i) => (missing(i) ? [] : [i]));
    const expected = giStarByFormula(
      kept.map((i) => x[i]),
      kept.map((i) => neighbours[i].filter((j) => !missing(j)).map((j) => kept.indexOf(j))),
    );
    for (const [k, i] of kept.entries())
      expect(Math.abs((result[i]?.z ?? Number.NaN) - expected[k])).toBeLessThan(1e-9);
    for (let i = 0; i < 49; i++) if (missing(i)) expect(result[i]).toBeNull();
    // counting them as zero cases would have changed the figures of those that do have them
    const asZero = giStar(
      x.map((v, i) => (missing(i) ? 0 : v)),
      neighbours,
    );
    expect(Math.abs((result[2 * 7 + 4]?.z ?? 0) - asZero[2 * 7 + 4].z)).toBeGreaterThan(0.1);
    // with every value present the result is unchanged
    expect(giStar(x as (number | null)[], neighbours)).toEqual(giStar(x, neighbours));
  });
});

describe('Mann–Kendall', () => {
  it('gives the hand-computed S, variance, Z and p', () => {
    const up = mannKendall([1, 2, 3, 4, 5]);
    expect(up.s).toBe(10);
    expect(up.variance).toBeCloseTo((5 * 4 * 15) / 18, 12);
    expect(up.z).toBeCloseTo(9 / Math.sqrt(50 / 3), 12);
    expect(up.p).toBeCloseTo(0.027486, 5);
    expect(mannKendall([5, 4, 3, 2, 1]).s).toBe(-10);
    // ties: S = 5 (one tied pair), var = (4·3·13 − 2·1·9)/18
    const tied = mannKendall([1, 2, 2, 3]);
    expect(tied.s).toBe(5);
    expect(tied.variance).toBeCloseTo((156 - 18) / 18, 12);
    expect(tied.z).toBeCloseTo(4 / Math.sqrt(138 / 18), 12);
    const flat = mannKendall([3, 1, 2]);
    expect(flat.s).toBe(-1);
    expect(flat.z).toBe(0);
    expect(flat.p).toBe(1);
  });
});

describe('emerging hot spot categories', () => {
  const steps = (bins: number[], z?: number[]) =>
    bins.map((b, i) => ({ bin: b as ConfidenceBin, z: z?.[i] ?? [0, 1.7, 2.2, 2.8][Math.abs(b)] * Math.sign(b) }));
  const rising = Array.from({ length: 10 }, (_, i) => 2 + i * 0.3);
  const cases: [string, ReturnType<typeof steps>][] = [
    ['new', steps([0, 0, 0, 0, 0, 0, 0, 0, 0, 2])],
    ['consecutive', steps([0, 0, 0, 0, 0, 0, 0, 2, 2, 3])],
    [
      'intensifying',
      steps(
        rising.map((z) => (z >= 2.576 ? 3 : 2)),
        rising,
      ),
    ],
    ['persistent', steps([2, 3, 2, 3, 2, 3, 2, 3, 2, 3], [2.1, 2.9, 2.2, 2.8, 2.1, 2.9, 2.2, 2.8, 2.1, 2.9])],
    ['diminishing', steps(rising.map((z) => (z >= 2.576 ? 3 : 2)).reverse(), [...rising].reverse())],
    ['sporadic', steps([2, 0, 2, 0, 0, 2, 0, 0, 0, 2])],
    ['oscillating', steps([-2, 0, 2, 0, -3, 0, 2, 0, 0, 2])],
    ['historical', steps([2, 2, 2, 2, 2, 2, 2, 2, 2, 0])],
    ['none', steps([0, 0, 1, 0, 0, 0, -1, 0, 0, 0])],
  ];
  it.each(cases)('%s', (category, series) => {
    expect(emergingCategory(series)).toBe(category);
  });
});

describe('maximal covering siting', () => {
  /** A random instance: demand points and candidates in a 10 km square, coverage within `radius`. */
  function instance(seed: number, candidates: number, radius = 1.5) {
    const random = seededRandom(seed);
    const demand = Array.from({ length: 150 }, () => [random() * 10, random() * 10, 100 + random() * 900]);
    const sites = Array.from({ length: candidates }, () => [random() * 10, random() * 10]);
    const existing = [[random() * 10, random() * 10]];
    const within = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1]) <= radius;
    return {
      weights: demand.map((d) => d[2]),
      covers: sites.map((s) => demand.flatMap((d, i) => (within(s, d) ? [i] : []))),
      alreadyCovered: demand.flatMap((d, i) => (existing.some((e) => within(e, d)) ? [i] : [])),
    };
  }

  it('equals the exhaustive optimum on small instances (20 candidates, k = 3)', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const p = instance(seed, 20);
      let best = 0;
      for (let a = 0; a < 20; a++)
        for (let b = a + 1; b < 20; b++)
          for (let c = b + 1; c < 20; c++) best = Math.max(best, coverageOf(p, [a, b, c]));
      const result = maximalCovering({ ...p, k: 3 });
      expect(result.covered, `seed ${seed}`).toBeCloseTo(best, 6);
      expect(coverageOf(p, result.sites)).toBeCloseTo(result.covered, 6);
    }
  });

  it('never loses coverage in the interchange step', () => {
    for (let seed = 10; seed < 40; seed++) {
      const r = maximalCovering({ ...instance(seed, 60, 1), k: 6 });
      expect(r.covered).toBeGreaterThanOrEqual(r.greedyCovered - 1e-9);
      expect(new Set(r.sites).size).toBe(6);
    }
  });
});
