import type { Bands, Level } from './types.js';

/** The band (1–4) a value falls in. */
export function bandOf(value: number, bands: Bands): Level {
  let band = 1;
  for (const bound of bands.bounds) {
    if (bands.inclusive ? value >= bound.value : value > bound.value) band++;
  }
  return band as Level;
}

/** Whether every bound that decided `band` (the one reached and the next one missed) is confirmed. */
export function bandVerified(band: Level, bands: Bands): boolean {
  const reached = band >= 2 ? bands.bounds[band - 2].verified : true;
  const next = band <= 3 ? bands.bounds[band - 1].verified : true;
  return reached && next;
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
