import { queryOptions } from '@tanstack/react-query';
import type { InferResponseType } from 'hono/client';
import { abortable, api, ok } from './api-client.js';

export type LevelsOfWeek = InferResponseType<typeof api.api.levels.$get, 200>;
export type UnitLevel = LevelsOfWeek['levels'][number];

/** The ward levels of a week (absent: the latest) and the weeks there are. */
export const levelsQuery = (week: string | undefined) =>
  queryOptions({
    queryKey: ['levels', { week: week ?? null }],
    queryFn: async ({ signal }) => ok(await api.api.levels.$get({ query: week ? { week } : {} }, abortable(signal))),
  });

/** A unit's level for every week, oldest first. */
export const levelHistoryQuery = (code: string) =>
  queryOptions({
    queryKey: ['units', code, 'history'],
    queryFn: async ({ signal }) =>
      (await ok(await api.api.units[':code'].levels.$get({ param: { code } }, abortable(signal)))).history,
  });

/** One unit-week and why; null when the unit has no level that week. */
export const levelDetailQuery = (code: string, week: string) =>
  queryOptions({
    queryKey: ['units', code, 'week', week],
    queryFn: async ({ signal }): Promise<LevelDetail | null> => {
      const res = await api.api.units[':code'].levels[':week'].$get({ param: { code, week } }, abortable(signal));
      if (res.status === 404) return null;
      return ok(res);
    },
  });

/** The explanation of one unit-week (api/routes/levels.ts → data/level-queries.ts). */
export type LevelDetail = InferResponseType<(typeof api.api.units)[':code']['levels'][':week']['$get'], 200>;

/** Level colours, defined once in domain/rules/colours.ts (also used by the map, the CSS tokens and the server). */
export { LEVEL_COLOURS } from '../../domain/rules/colours.js';
