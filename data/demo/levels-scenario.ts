import { addWeeks } from '../../domain/rules/iso-week.js';
import type { IndicatorEntry } from '../levels.js';
import { seededRandom } from './random.js';

export interface ScenarioWard {
  code: string;
  population: number;
  /** the former district: capacity figures are shared within it */
  district: string;
  neighbours: string[];
}

export const DEMO_SOURCE = 'Kịch bản minh họa (demo) — demo scenario, not real data';
export const DEMO_FIRST_WEEK = '2021-W49';
export const DEMO_WEEKS = 16;

/**
 * A deterministic demo epidemic over real wards and populations: a weekly discrete SIR model in
 * which each ward is infected by its own cases and, more weakly, by its neighbours'; transmission
 * rises to a peak around the Tết weeks and falls as vaccination and immunity grow. The figures
 * are plausible, not real, and every entry is flagged demo.
 */
export function demoLevelScenario(wards: ScenarioWard[], seed = 2022, weeks = DEMO_WEEKS): IndicatorEntry[] {
  const random = seededRandom(seed);
  const noise = (spread: number) => Math.exp((random() + random() + random() - 1.5) * spread);
  const byCode = new Map(wards.map((w) => [w.code, w]));
  const susceptible = new Map(wards.map((w) => [w.code, 0.5]));
  // a few seeded wards start the wave
  const infected = new Map(wards.map((w) => [w.code, 0]));
  for (let k = 0; k < Math.max(1, Math.round(wards.length / 25)); k++) {
    const w = wards[Math.floor(random() * wards.length)];
    infected.set(w.code, w.population * 0.002);
  }
  // per-ward traits: how well vaccinated, how ready its district is
  const trait = new Map(wards.map((w) => [w.code, { vax: random(), elderly: random() }]));
  const districts = [...new Set(wards.map((w) => w.district))];
  const districtBeds = new Map(districts.map((d) => [d, 8 + random() * 50]));

  const entries: IndicatorEntry[] = [];
  for (let t = 0; t < weeks; t++) {
    const week = addWeeks(DEMO_FIRST_WEEK, t);
    // transmission per week: rises to a peak at week 9 (early February 2022), then falls
    const beta = 1.3 + 1.2 * Math.exp(-(((t - 9) / 4) ** 2));
    const next = new Map<string, number>();
    for (const w of wards) {
      const own = infected.get(w.code) ?? 0;
      const around = w.neighbours.reduce(
        (sum, n) => sum + (infected.get(n) ?? 0) / (byCode.get(n)?.population || 1),
        0,
      );
      const pressure = beta * (own / w.population + (0.35 * around) / Math.max(1, w.neighbours.length)) + 1e-4;
      const s = susceptible.get(w.code) ?? 0;
      const cases = Math.min(s * w.population, s * w.population * (1 - Math.exp(-pressure)) * noise(0.5));
      next.set(w.code, cases);
      susceptible.set(w.code, Math.max(0, s - cases / w.population));
    }
    for (const w of wards) {
      const cases = next.get(w.code) ?? 0;
      infected.set(w.code, cases);
      const { vax, elderly } = trait.get(w.code) as { vax: number; elderly: number };
      const progress = t / (weeks - 1);
      const community = Math.round(cases * (0.55 + 0.15 * random()));
      const beds = (districtBeds.get(w.district) as number) * (1 - 0.6 * Math.exp(-(((t - 10) / 3) ** 2)));
      entries.push({
        unitLevel: 'ward',
        unitCode: w.code,
        week,
        source: DEMO_SOURCE,
        demo: true,
        indicators: {
          population: w.population,
          newCommunityCases: community,
          oxygenCases: Math.round(cases * (0.012 - 0.006 * progress) * noise(0.4)),
          deaths: Math.round(cases * 0.0006 * noise(0.6)),
          adultFirstDosePct: round1(Math.min(99.5, 86 + 8 * vax + 4 * progress)),
          elderlyFullPct: round1(Math.min(99, 72 + 16 * elderly + 8 * progress)),
          fullyVaccinatedPct: round1(Math.min(95, 64 + 14 * vax + 12 * progress)),
          highRiskFullPct: round1(Math.min(99, 84 + 9 * elderly + 5 * progress)),
          freeBedsPer100k: round1(beds),
          homeCareReady: random() > 0.08,
          icuReady: t < 7 || t > 12 || random() > 0.4,
        },
      });
    }
  }
  return entries;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
