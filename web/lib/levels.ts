import type { CriterionResult } from '../../data/rules/levels/types.js';
import { api, ok } from './api-client.js';

export type LevelsOfWeek = Awaited<ReturnType<typeof fetchLevels>>;
export type UnitLevel = LevelsOfWeek['levels'][number];

export async function fetchLevels(week?: string) {
  return ok(await api.api.levels.$get({ query: week ? { week } : {} }));
}

export async function fetchHistory(code: string) {
  return (await ok(await api.api.units[':code'].levels.$get({ param: { code } }))).history;
}

export async function fetchLevelDetail(code: string, week: string) {
  const res = await api.api.units[':code'].levels[':week'].$get({ param: { code, week } });
  if (res.status === 404) return undefined;
  return (await ok(res)) as LevelDetail;
}

/** The explanation of one unit-week (api/routes/levels.ts → data/level-queries.ts). */
export interface LevelDetail extends UnitLevel {
  levelId: number;
  explanation: CriterionResult[];
  indicators: Record<string, number | boolean | null | string>;
  decisionReason: string | null;
  decidedAt: string | null;
  ruleSetInfo: { id: string; nameVi: string; nameEn: string; source: string };
}

/** Level colours, defined once in data/rules/colours.ts (also used by the map, the CSS tokens and the server). */
export { LEVEL_COLOURS } from '../../data/rules/colours.js';
