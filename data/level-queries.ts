import { type CriterionResult, computeLevel, type Indicators, RULE_SETS } from '../domain/rules/levels/index.js';
import type { Queryable } from './db.js';
import { indicatorsFromRow, type UnitLevel } from './levels.js';
import type { FeatureText } from './wards.js';

export interface UnitLevelSummary {
  code: string;
  week: string;
  /** in effect: the official level when decided, else the computed one */
  level: number;
  computedLevel: number;
  /** an official confirmed or overrode it; otherwise it is advisory */
  confirmed: boolean;
  decision: 'confirm' | 'override' | null;
  ruleSet: string;
  casesPer100k: number;
  /** every threshold it rests on is confirmed from the decision's text */
  verified: boolean;
  demo: boolean;
}

export interface LevelDetail extends UnitLevelSummary {
  levelId: number;
  explanation: CriterionResult[];
  /** 'criteria-1-2': the city assessed on criteria 1 and 2 only (Notice 768/TB-UBND) */
  ruleVariant: 'criteria-1-2' | null;
  indicators: Indicators & { source: string; enteredAt: string };
  decisionReason: string | null;
  decidedAt: string | null;
}

type Row = Record<string, unknown>;

const summary = (r: Row): UnitLevelSummary => ({
  code: r.unit_code as string,
  week: r.week as string,
  level: Number(r.level),
  computedLevel: Number(r.computed_level),
  confirmed: r.confirmed as boolean,
  decision: (r.decision as UnitLevelSummary['decision']) ?? null,
  ruleSet: r.rule_set as string,
  casesPer100k: r.cases_per_100k as number,
  verified: r.verified as boolean,
  demo: r.demo as boolean,
});

/** Weeks that have levels, newest first. */
export async function levelWeeks(db: Queryable, unitLevel: UnitLevel = 'ward'): Promise<string[]> {
  const rows = await db.query<{ week: string }>(
    'SELECT DISTINCT week FROM levels WHERE superseded_at IS NULL AND unit_level = $1 ORDER BY week DESC',
    [unitLevel],
  );
  return rows.map((r) => r.week);
}

/** The level in effect of every unit of a level for one week. */
export async function levelsForWeek(db: Queryable, week: string, unitLevel: UnitLevel = 'ward') {
  const rows = await db.query<Row>(
    'SELECT * FROM current_levels WHERE week = $1 AND unit_level = $2 ORDER BY unit_code',
    [week, unitLevel],
  );
  return rows.map(summary);
}

/** Each unit's own most recent level in effect, whatever its week (units report on different days). */
export async function latestLevels(db: Queryable, unitLevel: UnitLevel = 'ward') {
  const rows = await db.query<Row>(
    `SELECT DISTINCT ON (unit_code) * FROM current_levels WHERE unit_level = $1 ORDER BY unit_code, week DESC`,
    [unitLevel],
  );
  return rows.map(summary);
}

/**
 * Wards as GeoJSON features with their level in effect in `week` (or each ward's own latest),
 * at most `limit` by code after `after`: /api/levels.geojson reads them a batch at a time. `demo`
 * says whether the feature's level comes from the demo scenario.
 */
export async function levelFeatures(
  db: Queryable,
  week: string | null,
  after: string | null,
  limit: number,
): Promise<(FeatureText & { demo: boolean })[]> {
  return db.query<FeatureText & { demo: boolean }>(
    `SELECT w.code AS key, coalesce(l.demo, false) AS demo, w.geom_geojson AS geometry, json_build_object(
         'code', w.code, 'name_vi', w.name_vi, 'name_en', w.name_en, 'week', l.week, 'level', l.level,
         'computed_level', l.computed_level, 'confirmed', coalesce(l.confirmed, false),
         'cases_per_100k', l.cases_per_100k, 'rule_set', l.rule_set, 'demo', coalesce(l.demo, false)
       )::text AS properties
     FROM admin_units w LEFT JOIN LATERAL (
       SELECT * FROM current_levels c WHERE c.unit_level = 'ward' AND c.unit_code = w.code AND ($1::text IS NULL OR c.week = $1)
       ORDER BY c.week DESC LIMIT 1
     ) l ON true
     WHERE w.level = 'ward' AND ($2::text IS NULL OR w.code > $2) ORDER BY w.code LIMIT $3`,
    [week, after, limit],
  );
}

/** One unit's levels, oldest week first. */
export async function unitLevelHistory(db: Queryable, unitLevel: UnitLevel, code: string) {
  const rows = await db.query<Row>(
    'SELECT * FROM current_levels WHERE unit_level = $1 AND unit_code = $2 ORDER BY week',
    [unitLevel, code],
  );
  return rows.map(summary);
}

/** One unit-week: the level, its explanation, the indicators it came from and the decision. */
export async function levelDetail(
  db: Queryable,
  unitLevel: UnitLevel,
  code: string,
  week: string,
): Promise<LevelDetail | undefined> {
  const [r] = await db.query<Row>(
    `SELECT c.*, i.*, c.demo AS level_demo FROM current_levels c JOIN indicators i ON i.id = c.indicators_id
     WHERE c.unit_level = $1 AND c.unit_code = $2 AND c.week = $3`,
    [unitLevel, code, week],
  );
  if (!r) return undefined;
  const indicators = indicatorsFromRow(r);
  return {
    ...summary({ ...r, demo: r.level_demo }),
    levelId: Number(r.level_id),
    // recomputed the way it was computed: the same rule set, applied the same way
    explanation: computeLevel(indicators, RULE_SETS[r.rule_set as keyof typeof RULE_SETS], {
      criteria12Only: r.rule_variant === 'criteria-1-2',
    }).criteria,
    ruleVariant: (r.rule_variant as 'criteria-1-2' | null) ?? null,
    indicators: {
      ...indicators,
      source: r.source as string,
      enteredAt: new Date(r.entered_at as string).toISOString(),
    },
    decisionReason: (r.decision_reason as string | null) ?? null,
    decidedAt: r.decided_at ? new Date(r.decided_at as string).toISOString() : null,
  };
}
