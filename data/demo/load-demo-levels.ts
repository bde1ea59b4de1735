import { wardWeights } from '../analysis/queries.js';
import type { Db } from '../db.js';
import { saveIndicators } from '../levels.js';
import { demoLevelScenario, type ScenarioWard } from './levels-scenario.js';

/** Real wards with their populations, districts and neighbours (sharing any boundary point). */
export async function scenarioWards(db: Db): Promise<ScenarioWard[]> {
  const wards = await db.query<{ code: string; population: number | null; parent_code: string }>(
    `SELECT code, population, parent_code FROM admin_units WHERE level = 'ward' ORDER BY code`,
  );
  // the same queen contiguity as the hotspot statistic
  const weights = await wardWeights(db);
  const neighbours = new Map(
    weights.codes.map((code, i) => [code, weights.neighbours[i].map((j) => weights.codes[j])]),
  );
  return wards
    .filter((w) => (w.population ?? 0) > 0)
    .map((w) => ({
      code: w.code,
      population: w.population as number,
      district: w.parent_code,
      neighbours: neighbours.get(w.code) ?? [],
    }));
}

/** Loads the demo scenario's 16 weeks of indicators and levels in one transaction; returns the row count. */
export async function loadDemoLevels(db: Db, seed = 2022): Promise<number> {
  const entries = demoLevelScenario(await scenarioWards(db), seed);
  await db.transaction((tx) => saveIndicators(tx, entries, null));
  return entries.length;
}
