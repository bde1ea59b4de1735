import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { QUESTIONNAIRE_2194 } from './questionnaire-2194.js';
import { CLASS_BOUNDS, classOf, SCORING_BASIS, scoreAnswers } from './score.js';

describe('the 2194 questionnaire', () => {
  it('has 15 criteria worth 300 points at most, CS1 and CS2 as the decision states them', () => {
    const q = QUESTIONNAIRE_2194;
    expect(q.criteria.map((c) => c.id)).toEqual(Array.from({ length: 15 }, (_, i) => `CS${i + 1}`));
    const max = q.criteria.reduce((sum, c) => sum + Math.max(...c.options.map((o) => o.points)), 0);
    expect(max).toBe(300);
    expect(q.criteria[0].options.map((o) => o.points)).toEqual([1, 2, 4, 6, 8, 10]);
    expect(q.criteria[1].options.map((o) => o.points)).toEqual([0, 10]);
    expect(q.criteria.filter((c) => c.verified).map((c) => c.id)).toEqual(['CS1', 'CS2']);
  });
});

// Turf-style fixtures: in/<name>.json holds answers and the class worked out by hand; out/ the score.
const IN = new URL('./test/in/', import.meta.url);
const OUT = new URL('./test/out/', import.meta.url);
const fixtures = readdirSync(IN)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ name: f.replace(/\.json$/, ''), ...JSON.parse(readFileSync(new URL(f, IN), 'utf8')) })) as {
  name: string;
  why: string;
  expectedClass: string;
  answers: Record<string, string>;
}[];

describe('scoreAnswers', () => {
  it('classes the risk index at the boundaries 15/16, 30/31, 50/51 and 80/81', () => {
    expect([15, 15.01, 16, 30, 31, 50, 51, 80, 81, 100].map(classOf)).toEqual([
      'very_low',
      'low',
      'low',
      'low',
      'medium',
      'medium',
      'high',
      'high',
      'very_high',
      'very_high',
    ]);
  });

  it.each(fixtures)('$name: $why', ({ name, answers, expectedClass }) => {
    const score = scoreAnswers(QUESTIONNAIRE_2194, answers);
    expect(score.problems).toEqual([]);
    expect(score.riskClass).toBe(expectedClass);
    const out = new URL(`${name}.json`, OUT);
    if (process.env.REGEN) writeFileSync(out, `${JSON.stringify(score, null, 2)}\n`);
    expect(score).toEqual(JSON.parse(readFileSync(out, 'utf8')));
  });

  it('names missing and unknown answers instead of guessing', () => {
    const score = scoreAnswers(QUESTIONNAIRE_2194, { CS1: 'lt50', CS2: 'huge' });
    expect(score.problems).toContainEqual({ criterion: 'CS2', problem: 'unknown_option' });
    expect(score.problems).toContainEqual({ criterion: 'CS15', problem: 'missing' });
  });
});

describe('the sources of the 2194 scoring', () => {
  it('records the index and the five classes as confirmed by official secondary sources', () => {
    expect(SCORING_BASIS.classes.value).toBe(CLASS_BOUNDS);
    expect(SCORING_BASIS.classes.value.map(([, max]) => max)).toEqual([15, 30, 50, 80, 100]);
    for (const v of Object.values(SCORING_BASIS)) {
      expect(v.status).toBe('confirmed-by-official-secondary-source');
      expect(v.sources).toContain('qd-2194-secondary');
    }
  });
});
