import { sourced } from '../sources.js';
import type { Questionnaire } from './questionnaire-2194.js';

export type RiskClass = 'very_low' | 'low' | 'medium' | 'high' | 'very_high';

/** Upper bounds of the risk index of each class (index = points / max × 100): ≤15, ≤30, ≤50, ≤80, above. */
export const CLASS_BOUNDS: [RiskClass, number][] = [
  ['very_low', 15],
  ['low', 30],
  ['medium', 50],
  ['high', 80],
  ['very_high', 100],
];

/**
 * Where the scoring comes from: the index formula, the five classes and the duty of the very-low
 * class are stated alike by two independent secondary sources on Decision 2194 (not Ho Chi Minh
 * City's Decision 1203, a different 10-item index).
 */
export const SCORING_BASIS = {
  index: sourced('(CS1 + … + CS15) / 300 × 100', 'confirmed-by-official-secondary-source', [
    'qd-2194-secondary',
    'qd-2194',
  ]),
  classes: sourced(CLASS_BOUNDS, 'confirmed-by-official-secondary-source', ['qd-2194-secondary', 'qd-2194']),
  veryLowDuty: sourced(
    {
      vi: 'Được tiếp tục hoạt động và phải tự đánh giá thường xuyên',
      en: 'May continue operations and shall assess regularly',
    },
    'confirmed-by-official-secondary-source',
    ['qd-2194-secondary'],
  ),
};

export interface Score {
  points: number;
  /** points / max × 100, rounded to 0.01 */
  riskIndex: number;
  riskClass: RiskClass;
  /** criteria without an answer, or with an answer that is not one of their options */
  problems: { criterion: string; problem: 'missing' | 'unknown_option' }[];
}

export function classOf(riskIndex: number): RiskClass {
  return (CLASS_BOUNDS.find(([, max]) => riskIndex <= max) ?? CLASS_BOUNDS[4])[0];
}

/**
 * Scores answers (criterion id → option id) against a questionnaire. The one scoring function:
 * the web shows it live while people answer, the server stores it on submit.
 */
export function scoreAnswers(q: Questionnaire, answers: Record<string, string>): Score {
  const problems: Score['problems'] = [];
  let points = 0;
  for (const c of q.criteria) {
    const answer = answers[c.id];
    if (answer === undefined) {
      problems.push({ criterion: c.id, problem: 'missing' });
      continue;
    }
    const option = c.options.find((o) => o.id === answer);
    if (!option) problems.push({ criterion: c.id, problem: 'unknown_option' });
    else points += option.points;
  }
  const riskIndex = Math.round((points / q.maxPoints) * 100 * 100) / 100;
  return { points, riskIndex, riskClass: classOf(riskIndex), problems };
}
