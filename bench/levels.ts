// Recomputing epidemic levels for 10,600 synthetic units (about Vietnam's communes) for one week:
// the pure rules alone (the baseline), then the whole write path (supersede, insert indicators,
// compute, insert levels, bump the tile version) in one transaction, on each engine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../data/config.js';
import { openDatabase } from '../data/db.js';
import { seededRandom } from '../data/demo/random.js';
import { type IndicatorEntry, saveIndicators } from '../data/levels.js';
import { computeLevel, ruleSetForWeek } from '../domain/rules/levels/index.js';

const UNITS = 10_600;
const WEEK = '2022-W06';

function syntheticEntries(): IndicatorEntry[] {
  const random = seededRandom(7);
  return Array.from({ length: UNITS }, (_, i) => {
    const population = 2_000 + Math.floor(random() * 60_000);
    return {
      unitLevel: 'ward',
      unitCode: String(10_000 + i).padStart(5, '0'),
      week: WEEK,
      source: 'bench',
      indicators: {
        population,
        newCommunityCases: Math.floor(random() * population * 0.01),
        oxygenCases: Math.floor(random() * population * 0.0002),
        deaths: Math.floor(random() * population * 0.00003),
        adultFirstDosePct: 80 + random() * 20,
        elderlyFullPct: 70 + random() * 30,
        fullyVaccinatedPct: 60 + random() * 40,
        highRiskFullPct: 80 + random() * 20,
        freeBedsPer100k: random() * 60,
        homeCareReady: random() > 0.1,
        icuReady: random() > 0.2,
      },
    };
  });
}

const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en')} units/s`;

async function writePath(label: string, entries: IndicatorEntry[], databaseUrl?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'safemap-bench-levels-'));
  const db = await openDatabase({ databaseUrl, dataDir: join(dir, 'db') });
  try {
    if (databaseUrl)
      await db.exec(`DELETE FROM levels WHERE unit_code >= '10000'; DELETE FROM indicators WHERE source = 'bench'`);
    await db.transaction((tx) => saveIndicators(tx, entries, null)); // first write: inserts only
    const t = performance.now();
    await db.transaction((tx) => saveIndicators(tx, entries, null)); // recompute: supersedes 10,600 rows
    const ms = performance.now() - t;
    console.log(
      `${label.padEnd(10)} recompute + store ${UNITS} units × 1 week: ${ms.toFixed(0)} ms (${rate(UNITS, ms)})`,
    );
    if (databaseUrl)
      await db.exec(`DELETE FROM levels WHERE unit_code >= '10000'; DELETE FROM indicators WHERE source = 'bench'`);
    return ms;
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchLevels() {
  const entries = syntheticEntries();
  const ruleSet = ruleSetForWeek(WEEK);
  if (!ruleSet) throw new Error(`no rule set for ${WEEK}`);
  for (let i = 0; i < 2; i++) for (const e of entries) computeLevel(e.indicators, ruleSet); // warm-up
  const t = performance.now();
  for (const e of entries) computeLevel(e.indicators, ruleSet);
  const pureMs = performance.now() - t;
  console.log(
    `rules     computeLevel ${UNITS} units (rule set ${ruleSet.id}): ${pureMs.toFixed(1)} ms (${rate(UNITS, pureMs)})`,
  );
  const config = readConfig();
  const pglite = await writePath('pglite', entries);
  console.log(`           write path / pure rules: ${(pglite / pureMs).toFixed(0)}×`);
  if (config.databaseUrl) {
    const postgres = await writePath('postgres', entries, config.databaseUrl);
    console.log(
      `           write path / pure rules: ${(postgres / pureMs).toFixed(0)}×; pglite/postgres ${(pglite / postgres).toFixed(2)}×`,
    );
  }
}
