import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isConfirmed, SOURCE_STATUSES, SOURCES, type Sourced } from '../sources.js';
import { computeLevel, RULE_SETS, ruleSetForWeek } from './index.js';
import { RULES_218 } from './rule-218.js';
import { RULES_4800 } from './rule-4800.js';
import type { Indicators } from './types.js';

// Turf-style fixtures: test/in/<name>.json holds the rule set, the indicators and the level the
// decision's rules give (worked out by hand, with `why`); test/out/<name>.json is the full
// explanation, rewritten with REGEN=1 and reviewed in the diff.
const IN = new URL('./test/in/', import.meta.url);
const OUT = new URL('./test/out/', import.meta.url);
const fixtures = readdirSync(IN)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ name: f.replace(/\.json$/, ''), ...JSON.parse(readFileSync(new URL(f, IN), 'utf8')) })) as {
  name: string;
  ruleSet: '4800' | '218';
  why: string;
  expectedLevel: number;
  indicators: Indicators;
}[];

describe('computeLevel', () => {
  it('has boundary fixtures below, at and above every threshold of both rule sets', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(60);
    for (const prefix of [
      '4800-c1-20',
      '4800-c1-50',
      '4800-c1-150',
      '218-c1-50',
      '218-c1-150',
      '218-c1-600',
      '218-oxygen-2',
    ]) {
      expect(
        fixtures
          .filter((f) => f.name.startsWith(prefix))
          .map((f) => f.name.split('-').pop())
          .sort(),
      ).toEqual(['above', 'at', 'below']);
    }
  });

  it.each(fixtures)('$name: $why', ({ name, ruleSet, expectedLevel, indicators }) => {
    const result = computeLevel(indicators, RULE_SETS[ruleSet]);
    expect(result.level).toBe(expectedLevel);
    expect(result.ruleSetId).toBe(ruleSet);
    // the explanation ends at the final level and names each criterion's band and effect
    expect(result.criteria.at(-1)?.levelAfter).toBe(expectedLevel);
    const out = new URL(`${name}.json`, OUT);
    if (process.env.REGEN) writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    expect(result).toEqual(JSON.parse(readFileSync(out, 'utf8')));
  });

  it('marks results that rest on unconfirmed thresholds', () => {
    const base = fixtures.find((f) => f.name === '4800-c1-20-below')?.indicators as Indicators;
    expect(computeLevel(base, RULE_SETS['4800']).verified).toBe(true);
    expect(computeLevel({ ...base, adultFirstDosePct: 90, newCommunityCases: 100 }, RULE_SETS['4800']).verified).toBe(
      false,
    );
    // 218's level matrix is inferred, so every 218 result is advisory on that point
    expect(computeLevel(base, RULE_SETS['218']).verified).toBe(false);
  });

  it('refuses impossible indicators', () => {
    const base = fixtures[0].indicators;
    expect(() => computeLevel({ ...base, population: 0 }, RULE_SETS['218'])).toThrow('population must be positive');
    expect(() => computeLevel({ ...base, deaths: -1 }, RULE_SETS['218'])).toThrow('deaths must be zero or more');
  });
});

describe('rule sources', () => {
  /** every Sourced value of a rule set, with its path */
  const sourcedValues = (rules: object, path = ''): [string, Sourced<unknown>][] =>
    Object.entries(rules).flatMap(([k, v]) =>
      v && typeof v === 'object' && 'status' in v
        ? [[`${path}${k}`, v as Sourced<unknown>]]
        : v && typeof v === 'object'
          ? sourcedValues(v, `${path}${k}.`)
          : [],
    );

  it('gives every rule value a known source and status', () => {
    const all = [...sourcedValues(RULES_4800, '4800.'), ...sourcedValues(RULES_218, '218.')];
    expect(all.length).toBeGreaterThanOrEqual(18);
    for (const [path, v] of all) {
      expect(SOURCE_STATUSES, path).toContain(v.status);
      expect(v.sources.length, path).toBeGreaterThan(0);
      for (const id of v.sources) expect(SOURCES, `${path} → ${id}`).toHaveProperty(id);
    }
  });

  it('records what the secondary sources confirm, and keeps the draft and the rest unconfirmed', () => {
    // 4800: criterion 3 keeps the level (government portal, LuatVietnam); the elderly raise is draft wording
    expect(RULES_4800.capacityHold.status).toBe('confirmed-by-official-secondary-source');
    expect(RULES_4800.elderlyRaise.status).toBe('unverified');
    expect(SOURCES[RULES_4800.elderlyRaise.sources[0]]).toMatchObject({ draft: true });
    // 218: C2 75 % / 90 % and the top band > 600 (VnExpress International, VCCI); every other band unverified
    expect(RULES_218.fullyVaccinatedPct.status).toBe('confirmed-by-official-secondary-source');
    expect(RULES_218.highRiskFullPct.status).toBe('confirmed-by-official-secondary-source');
    expect(RULES_218.casesPer100k.bounds.map((b) => b.status)).toEqual([
      'unverified',
      'unverified',
      'confirmed-by-official-secondary-source',
    ]);
    expect(RULES_218.oxygenPer100k.bounds.every((b) => b.status === 'unverified')).toBe(true);
    expect(RULES_218.matrix.status).toBe('inferred');
  });

  it.each(fixtures)(
    '$name: every criterion names its values, and "verified" follows from them',
    ({ ruleSet, indicators }) => {
      const result = computeLevel(indicators, RULE_SETS[ruleSet]);
      for (const c of result.criteria) {
        for (const b of c.basis) expect(SOURCE_STATUSES).toContain(b.status);
        // a criterion resting only on confirmed values is never advisory
        if (c.basis.every((b) => isConfirmed(b.status))) expect(c.verified).toBe(true);
        // the Vietnamese band and effect carry no English outcome words
        expect(`${c.outcome.vi} ${c.effect.vi}`).not.toMatch(/\b(met|not met|medium|high|low|n\/a|reported)\b/);
      }
    },
  );
});

describe("Hanoi's criteria 1 and 2 only (Notice 768/TB-UBND)", () => {
  const at = (name: string) => fixtures.find((f) => f.name === name) as (typeof fixtures)[number];

  it('under 4800, criterion 3 no longer holds the level', () => {
    // C3 not met keeps the band's level; assessed on C1 and C2 only, coverage lowers it
    const { indicators } = at('4800-c3-beds-below');
    const full = computeLevel(indicators, RULE_SETS['4800']);
    const c12 = computeLevel(indicators, RULE_SETS['4800'], { criteria12Only: true });
    expect(full.criteria.at(-1)?.effect.en).toMatch(/may not be lowered/);
    expect(c12.level).toBe(full.criteria.find((c) => c.id === 'C2.elderly')?.levelAfter);
    expect(c12.level).toBeLessThan(full.level);
    expect(c12.variant).toBe('criteria-1-2');
    expect(c12.criteria.at(-1)).toMatchObject({ id: 'C3', outcome: { vi: 'không đánh giá' } });
    expect(c12.criteria.at(-1)?.effect.vi).toMatch(/768\/TB-UBND/);
  });

  it('under 218, the level is the transmission level after criterion 2, without the capacity matrix', () => {
    const { indicators } = at('218-matrix-3-high');
    const full = computeLevel(indicators, RULE_SETS['218']);
    const c12 = computeLevel(indicators, RULE_SETS['218'], { criteria12Only: true });
    expect(c12.level).toBe(full.criteria.find((c) => c.id === 'C2')?.levelAfter);
    expect(c12.level).not.toBe(full.level);
    expect(full.variant).toBeUndefined();
  });
});

describe('ruleSetForWeek', () => {
  it('picks the decision in force on the week’s Sunday', () => {
    expect(ruleSetForWeek('2021-W40')).toBeUndefined();
    expect(ruleSetForWeek('2021-W41')?.id).toBe('4800');
    expect(ruleSetForWeek('2022-W03')?.id).toBe('4800');
    // 218 was signed on Thursday 27 Jan 2022, inside 2022-W04
    expect(ruleSetForWeek('2022-W04')?.id).toBe('218');
    expect(ruleSetForWeek('2026-W47')?.id).toBe('218');
  });
});
