import { computeLevel, type Indicators, type RuleOptions, ruleSetForWeek } from '../domain/rules/levels/index.js';
import type { Queryable } from './db.js';
import { bumpLayerVersions } from './layer-versions.js';

export type UnitLevel = 'ward' | 'group';

/** One unit's indicators for one ISO week, as entered or imported. */
export interface IndicatorEntry {
  unitLevel: UnitLevel;
  unitCode: string;
  week: string;
  indicators: Indicators;
  source: string;
  demo?: boolean;
}

const COLUMNS: [keyof Indicators, string, string][] = [
  ['population', 'population', 'int'],
  ['newCommunityCases', 'new_community_cases', 'int'],
  ['oxygenCases', 'oxygen_cases', 'int'],
  ['deaths', 'deaths', 'int'],
  ['adultFirstDosePct', 'adult_first_dose_pct', 'real'],
  ['elderlyFullPct', 'elderly_full_pct', 'real'],
  ['fullyVaccinatedPct', 'fully_vaccinated_pct', 'real'],
  ['highRiskFullPct', 'high_risk_full_pct', 'real'],
  ['freeBedsPer100k', 'free_beds_per_100k', 'real'],
  ['homeCareReady', 'home_care_ready', 'boolean'],
  ['icuReady', 'icu_ready', 'boolean'],
];
const INDICATOR_COLUMNS = COLUMNS.map(([, col]) => col).join(', ');
const RECORD_TYPES = COLUMNS.map(([, col, type]) => `${col} ${type}`).join(', ');

/** Advisory-lock class of unit-weeks (the first key of `pg_advisory_xact_lock(int, int)`). */
const UNIT_WEEK_LOCK = 17_001;

/**
 * Serialises writes to these unit-weeks until the transaction ends: a second writer waits here
 * and then reads what the first committed (PostgreSQL; the embedded engine runs one transaction
 * at a time anyway). Taken in one order (sorted hashes), so two imports cannot deadlock. Take it
 * before reading the "before" an audit row records. Locks are re-entrant within a transaction.
 */
export async function lockUnitWeeks(
  tx: Queryable,
  keys: { unitLevel: UnitLevel; unitCode: string; week: string }[],
): Promise<void> {
  if (keys.length === 0) return;
  await tx.query(
    `SELECT count(pg_advisory_xact_lock($1, h)) FROM (
       SELECT DISTINCT hashtext(k) AS h FROM unnest($2::text[]) AS k ORDER BY h
     ) s`,
    [UNIT_WEEK_LOCK, keys.map((k) => `${k.unitLevel}/${k.unitCode}/${k.week}`)],
  );
}

/** Indicators from a row of the `indicators` table. */
export function indicatorsFromRow(row: Record<string, unknown>): Indicators {
  return Object.fromEntries(COLUMNS.map(([key, col]) => [key, row[col] ?? null])) as unknown as Indicators;
}

/**
 * Stores indicator entries (the previous entry of each unit-week becomes history), computes each
 * one's level under the rule set in force that week, and returns how many levels changed.
 * Call inside a transaction: entries, levels and the tile version move together. Concurrent
 * saves of one unit-week are serialised (last writer wins), never a duplicate-key error.
 */
export async function saveIndicators(
  tx: Queryable,
  entries: IndicatorEntry[],
  enteredBy: string | null,
  /** how the city applies the rule set (e.g. Hanoi's criteria 1 and 2 only); stored with each level */
  options: RuleOptions = {},
): Promise<{ saved: number; levelsChanged: number }> {
  if (entries.length === 0) return { saved: 0, levelsChanged: 0 };
  await lockUnitWeeks(tx, entries);
  const records = entries.map((e) => ({
    unit_level: e.unitLevel,
    unit_code: e.unitCode,
    week: e.week,
    source: e.source,
    demo: e.demo ?? false,
    ...Object.fromEntries(COLUMNS.map(([key, col]) => [col, e.indicators[key]])),
  }));
  const keys = JSON.stringify(records.map(({ unit_level, unit_code, week }) => ({ unit_level, unit_code, week })));
  await tx.query(
    `UPDATE indicators i SET superseded_at = now()
     FROM jsonb_to_recordset($1::jsonb) AS k(unit_level text, unit_code text, week text)
     WHERE i.superseded_at IS NULL AND i.unit_level = k.unit_level AND i.unit_code = k.unit_code AND i.week = k.week`,
    [keys],
  );
  const inserted = await tx.query<{ id: number; unit_level: string; unit_code: string; week: string }>(
    `INSERT INTO indicators (unit_level, unit_code, week, source, demo, entered_by, ${INDICATOR_COLUMNS})
     SELECT unit_level, unit_code, week, source, demo, $2, ${INDICATOR_COLUMNS}
     FROM jsonb_to_recordset($1::jsonb) AS r(unit_level text, unit_code text, week text, source text, demo boolean,
       ${RECORD_TYPES})
     RETURNING id, unit_level, unit_code, week`,
    [JSON.stringify(records), enteredBy],
  );
  const byKey = new Map(inserted.map((r) => [`${r.unit_level}/${r.unit_code}/${r.week}`, r.id]));
  const levels = entries.map((e) => {
    const ruleSet = ruleSetForWeek(e.week);
    if (!ruleSet) throw new Error(`no rule set in force in ${e.week}`);
    const result = computeLevel(e.indicators, ruleSet, options);
    return {
      unit_level: e.unitLevel,
      unit_code: e.unitCode,
      week: e.week,
      indicators_id: byKey.get(`${e.unitLevel}/${e.unitCode}/${e.week}`),
      rule_set: ruleSet.id,
      computed_level: result.level,
      verified: result.verified,
      cases_per_100k: result.criteria[0].value,
      demo: e.demo ?? false,
      rule_variant: result.variant ?? null,
    };
  });
  const previous = await tx.query<{ n: number }>(
    `WITH old AS (
       UPDATE levels l SET superseded_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS k(unit_level text, unit_code text, week text, computed_level int)
       WHERE l.superseded_at IS NULL AND l.unit_level = k.unit_level AND l.unit_code = k.unit_code AND l.week = k.week
       RETURNING l.computed_level = k.computed_level AS same
     ) SELECT count(*) FILTER (WHERE same)::int AS n FROM old`,
    [
      JSON.stringify(
        levels.map(({ unit_level, unit_code, week, computed_level }) => ({
          unit_level,
          unit_code,
          week,
          computed_level,
        })),
      ),
    ],
  );
  await tx.query(
    `INSERT INTO levels (unit_level, unit_code, week, indicators_id, rule_set, computed_level, verified, cases_per_100k,
       demo, rule_variant)
     SELECT unit_level, unit_code, week, indicators_id, rule_set, computed_level, verified, cases_per_100k, demo,
       rule_variant
     FROM jsonb_to_recordset($1::jsonb) AS r(unit_level text, unit_code text, week text, indicators_id bigint,
       rule_set text, computed_level smallint, verified boolean, cases_per_100k double precision, demo boolean,
       rule_variant text)`,
    [JSON.stringify(levels)],
  );
  const layers = [...new Set(entries.map((e) => (e.unitLevel === 'ward' ? 'wards' : 'groups')))];
  await bumpLayerVersions(tx, layers);
  return { saved: entries.length, levelsChanged: entries.length - previous[0].n };
}

/** Records an official's confirmation or override of the current level; returns the decision id. */
export async function decideLevel(
  tx: Queryable,
  levelId: number,
  unitLevel: UnitLevel,
  d: { action: 'confirm' | 'override'; officialLevel: number; reason: string; decidedBy: string },
): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO level_decisions (level_id, action, official_level, reason, decided_by)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [levelId, d.action, d.officialLevel, d.reason, d.decidedBy],
  );
  await bumpLayerVersions(tx, [unitLevel === 'ward' ? 'wards' : 'groups']);
  return row.id;
}
