import { isConfirmed, type Sourced } from '../sources.js';
import type { Bands, Basis, CriterionResult, Level } from './types.js';

/** The band (1–4) a value falls in. */
export function bandOf(value: number, bands: Bands): Level {
  let band = 1;
  for (const bound of bands.bounds) {
    if (bands.inclusive ? value >= bound.value : value > bound.value) band++;
  }
  return band as Level;
}

/** The bounds that decided `band`: the one reached and the next one missed. */
function decidingBounds(band: Level, bands: Bands): { bound: Sourced<number>; above: boolean }[] {
  const out: { bound: Sourced<number>; above: boolean }[] = [];
  if (band >= 2) out.push({ bound: bands.bounds[band - 2], above: true });
  if (band <= 3) out.push({ bound: bands.bounds[band - 1], above: false });
  return out;
}

/** The rule values behind a band, each with its source status. */
export function bandBasis(band: Level, bands: Bands): Basis[] {
  const [geLo, ltHi] = bands.inclusive ? ['≥', '<'] : ['>', '≤'];
  return decidingBounds(band, bands).map(({ bound, above }) => basisOf(`${above ? geLo : ltHi} ${bound.value}`, bound));
}

/** One rule value as an explanation shows it. */
export function basisOf(value: string, s: Sourced<unknown>): Basis {
  return { value, status: s.status, sources: s.sources, ...(s.note ? { note: s.note } : {}) };
}

/**
 * A criterion's result, advisory (`verified: false`) unless every value that decided it is
 * confirmed; `decided` defaults to its whole basis (a value that changed nothing is left out).
 */
export function criterion(c: Omit<CriterionResult, 'verified'>, decided: Basis[] = c.basis): CriterionResult {
  return { ...c, verified: decided.every((b) => isConfirmed(b.status)) };
}

/** Per 100,000 people, rounded to 0.01. */
export function per100k(count: number, population: number): number {
  return population > 0 ? Math.round((count / population) * 100_000 * 100) / 100 : 0;
}

export const clampLevel = (n: number): Level => Math.min(4, Math.max(1, n)) as Level;

/** `≥ 20` or `> 600`, for explanations. */
export function bandLabel(band: Level, bands: Bands): string {
  const lo = band >= 2 ? bands.bounds[band - 2].value : undefined;
  const hi = band <= 3 ? bands.bounds[band - 1].value : undefined;
  const [geLo, ltHi] = bands.inclusive ? ['≥', '<'] : ['>', '≤'];
  if (lo === undefined) return `${ltHi} ${hi}`;
  if (hi === undefined) return `${geLo} ${lo}`;
  return `${geLo} ${lo} … ${ltHi} ${hi}`;
}

/** A band as code and words: `2 (> 50 … ≤ 150)`, `mức 2 (> 50 … ≤ 150)`. */
export const bandWords = (band: Level, bands: Bands) => ({
  band: `${band} (${bandLabel(band, bands)})`,
  outcome: { vi: `mức ${band} (${bandLabel(band, bands)})`, en: `band ${band} (${bandLabel(band, bands)})` },
});

const outcome = (band: string, vi: string, en: string) => ({ band, outcome: { vi, en } });

/** Outcomes shared by the rule sets, as code and words. */
export const OUTCOME = {
  met: outcome('met', 'đạt', 'met'),
  notMet: outcome('not met', 'chưa đạt', 'not met'),
  notReported: outcome('not reported', 'chưa báo cáo', 'not reported'),
  notAssessed: outcome('not assessed', 'không đánh giá', 'not assessed'),
} as const;

/** A comparison such as `≤ 6`, the same in both languages. */
export const symbolic = (text: string) => outcome(text, text, text);
