import { weekEndDate } from '../iso-week.js';
import { RULE_218 } from './rule-218.js';
import { RULE_4800 } from './rule-4800.js';
import type { Indicators, LevelResult, RuleOptions, RuleSet } from './types.js';

export type { Basis, CriterionResult, Indicators, Level, LevelResult, RuleOptions, RuleSet } from './types.js';

export const RULE_SETS: Record<RuleSet['id'], RuleSet> = { '4800': RULE_4800, '218': RULE_218 };

/** The rule set in force on the last day (Sunday) of an ISO week, or undefined before 4800. */
export function ruleSetForWeek(week: string): RuleSet | undefined {
  const day = weekEndDate(week);
  return Object.values(RULE_SETS).find((r) => day >= r.validFrom && (r.validTo === null || day <= r.validTo));
}

/**
 * The level (1–4) of a unit's week under a rule set, with each criterion's value, band, effect
 * and the source status of every rule value it used.
 */
export function computeLevel(indicators: Indicators, ruleSet: RuleSet, options: RuleOptions = {}): LevelResult {
  if (!(indicators.population > 0)) throw new Error('population must be positive');
  for (const k of ['newCommunityCases', 'oxygenCases', 'deaths'] as const) {
    if (!(indicators[k] >= 0)) throw new Error(`${k} must be zero or more`);
  }
  return ruleSet.compute(indicators, options);
}
