import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeLevel, RULE_SETS, ruleSetForWeek } from './index.js';
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
