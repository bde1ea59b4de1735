import { isIsoWeek } from '../domain/rules/iso-week.js';
import type { Indicators } from '../domain/rules/levels/index.js';
import { parseCsv, type RowIssue, toCsv } from './import/csv.js';
import type { IndicatorEntry } from './levels.js';

/** The indicator CSV's columns, in template order; `unit_name` is for people and is ignored. */
export const CSV_COLUMNS = [
  'unit_code',
  'unit_name',
  'week',
  'population',
  'new_community_cases',
  'oxygen_cases',
  'deaths',
  'adult_first_dose_pct',
  'elderly_full_pct',
  'fully_vaccinated_pct',
  'high_risk_full_pct',
  'free_beds_per_100k',
  'home_care_ready',
  'icu_ready',
  'source',
] as const;

/** What can be wrong with a row of the indicator CSV. */
export type IndicatorRowCode =
  | 'missing_column'
  | 'required'
  | 'not_a_number'
  | 'not_whole'
  | 'negative'
  | 'not_positive'
  | 'over_100'
  | 'not_yes_no'
  | 'bad_week'
  | 'bad_unit_code'
  | 'duplicate'
  | 'unknown_unit'
  | 'out_of_scope'
  | 'no_rule_set'
  | 'unreadable';
const COUNTS = ['population', 'new_community_cases', 'oxygen_cases', 'deaths'] as const;
const PERCENTS = ['adult_first_dose_pct', 'elderly_full_pct', 'fully_vaccinated_pct', 'high_risk_full_pct'] as const;
const YES = new Set(['yes', 'true', '1', 'có', 'co', 'y']);
const NO = new Set(['no', 'false', '0', 'không', 'khong', 'n']);
const UNIT_CODE = /^\d{5}(-\d{2,3})?$/;

export type ParsedEntry = IndicatorEntry & { row: number };

/** Reads and checks every row; returns the entries and every row's errors (all of them, not the first). */
export function parseIndicatorCsv(
  text: string,
  defaultSource: string,
): { entries: ParsedEntry[]; errors: RowIssue<IndicatorRowCode>[] } {
  let records: Record<string, string>[];
  try {
    records = parseCsv(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { entries: [], errors: [{ row: 1, column: '', code: 'unreadable', message: (error as Error).message }] };
  }
  const errors: RowIssue<IndicatorRowCode>[] = [];
  const header = records.length > 0 ? Object.keys(records[0]) : text.split(/\r?\n/)[0].split(',');
  for (const column of ['unit_code', 'week', ...COUNTS]) {
    if (!header.includes(column))
      errors.push({ row: 1, column, code: 'missing_column', message: `missing column ${column}` });
  }
  if (errors.length > 0) return { entries: [], errors };

  const entries: ParsedEntry[] = [];
  const seen = new Map<string, number>();
  records.forEach((rec, i) => {
    const row = i + 2;
    const fail = (column: string, code: IndicatorRowCode, message: string) =>
      errors.push({ row, column, code, value: rec[column], message });
    const before = errors.length;
    const code = rec.unit_code?.trim() ?? '';
    if (!UNIT_CODE.test(code)) fail('unit_code', 'bad_unit_code', 'a ward code (5 digits) or group code (00070-01)');
    const week = rec.week?.trim() ?? '';
    if (!isIsoWeek(week)) fail('week', 'bad_week', 'an ISO week such as 2022-W05');
    const num = (column: string, whole: boolean, required: boolean): number | null => {
      const raw = rec[column]?.trim() ?? '';
      if (raw === '') {
        if (required) fail(column, 'required', 'required');
        return null;
      }
      const n = Number(raw.replace(',', '.'));
      const problem: [IndicatorRowCode, string] | undefined = !Number.isFinite(n)
        ? ['not_a_number', 'not a number']
        : whole && !Number.isInteger(n)
          ? ['not_whole', 'must be a whole number']
          : n < 0
            ? ['negative', 'must not be negative']
            : undefined;
      if (!problem) return n;
      fail(column, ...problem);
      return null;
    };
    const counts = Object.fromEntries(COUNTS.map((c) => [c, num(c, true, true)]));
    if (counts.population === 0) fail('population', 'not_positive', 'must be more than zero');
    const pct = Object.fromEntries(
      PERCENTS.map((c) => {
        const n = num(c, false, false);
        if (n !== null && n > 100) fail(c, 'over_100', 'a percentage is at most 100');
        return [c, n];
      }),
    );
    const yesNo = (column: string): boolean | null => {
      const raw = (rec[column] ?? '').trim().toLowerCase();
      if (raw === '') return null;
      if (YES.has(raw)) return true;
      if (NO.has(raw)) return false;
      fail(column, 'not_yes_no', 'yes or no (có/không)');
      return null;
    };
    const indicators: Indicators = {
      population: counts.population as number,
      newCommunityCases: counts.new_community_cases as number,
      oxygenCases: counts.oxygen_cases as number,
      deaths: counts.deaths as number,
      adultFirstDosePct: pct.adult_first_dose_pct,
      elderlyFullPct: pct.elderly_full_pct,
      fullyVaccinatedPct: pct.fully_vaccinated_pct,
      highRiskFullPct: pct.high_risk_full_pct,
      freeBedsPer100k: num('free_beds_per_100k', false, false),
      homeCareReady: yesNo('home_care_ready'),
      icuReady: yesNo('icu_ready'),
    };
    const key = `${code}/${week}`;
    if (seen.has(key)) fail('unit_code', 'duplicate', `the same unit and week as row ${seen.get(key)}`);
    else seen.set(key, row);
    if (errors.length === before) {
      entries.push({
        row,
        unitLevel: code.includes('-') ? 'group' : 'ward',
        unitCode: code,
        week,
        indicators,
        source: rec.source?.trim() || defaultSource,
      });
    }
  });
  return { entries, errors };
}

/** A CSV with the header and one row per unit for `week`, figures left blank (population filled in). */
export function indicatorTemplateCsv(units: { code: string; name: string; population: number | null }[], week: string) {
  const value = (u: (typeof units)[number], column: (typeof CSV_COLUMNS)[number]) =>
    column === 'unit_code'
      ? u.code
      : column === 'unit_name'
        ? u.name
        : column === 'week'
          ? week
          : column === 'population'
            ? u.population
            : null;
  return toCsv(
    CSV_COLUMNS,
    units.map((u) => CSV_COLUMNS.map((column) => value(u, column))),
  );
}
