import type { Sourced, SourceId, SourceStatus } from '../sources.js';

export type { Sourced } from '../sources.js';

/** The weekly figures of one unit (ward, group) that epidemic levels are computed from. */
export interface Indicators {
  /** people the per-100,000 rates are computed over */
  population: number;
  /** new cases found in the community (not in quarantine) during the week */
  newCommunityCases: number;
  /** new patients needing oxygen during the week */
  oxygenCases: number;
  deaths: number;
  /** % of people aged ≥ 18 with at least one dose (4800 C2) */
  adultFirstDosePct: number | null;
  /** % of people aged ≥ 50/65 fully vaccinated (4800) */
  elderlyFullPct: number | null;
  /** % of the population (≥ 18) fully vaccinated (218 C2) */
  fullyVaccinatedPct: number | null;
  /** % of high-risk people fully vaccinated (218 C2) */
  highRiskFullPct: number | null;
  /** free COVID-19 treatment beds per 100,000 people in the district (C3) */
  freeBedsPer100k: number | null;
  /** the commune can care for patients at home (C3) */
  homeCareReady: boolean | null;
  /** the province has ICU capacity to spare (C3) */
  icuReady: boolean | null;
}

export type Level = 1 | 2 | 3 | 4;
export type Capacity = 'high' | 'medium' | 'low';

/** Lower bounds of bands 2, 3 and 4 of a rate: below the first is band 1. */
export interface Bands {
  /** band n+2 starts at bounds[n]; `inclusive` says whether a value equal to the bound is in the higher band */
  bounds: [Sourced<number>, Sourced<number>, Sourced<number>];
  inclusive: boolean;
}

/** One line of an explanation: a criterion, its value, its band and what it did to the level. */
export interface CriterionResult {
  id: string;
  label: { vi: string; en: string };
  /** the measured value (a rate, a percentage, yes/no), null when not reported */
  value: number | boolean | null;
  unit?: string;
  /** the band or outcome the value falls in, as a short code (`2 (> 50 … ≤ 150)`, `met`, `medium`) */
  band: string;
  /** the same in words, per language */
  outcome: { vi: string; en: string };
  /** what the criterion did: the level before and after it */
  effect: { vi: string; en: string };
  levelAfter: Level;
  /** each rule value the criterion used, with where it comes from and how firmly */
  basis: Basis[];
  /** false when a value that decided the outcome is neither confirmed from the text nor by an official secondary source */
  verified: boolean;
}

/** One rule value behind a criterion's outcome: a threshold, a step, a matrix. */
export interface Basis {
  /** the value as the explanation shows it, e.g. `≥ 75%` */
  value: string;
  status: SourceStatus;
  sources: SourceId[];
  note?: { vi: string; en: string };
}

export interface LevelResult {
  level: Level;
  ruleSetId: string;
  criteria: CriterionResult[];
  /** true when every value the result rests on is confirmed (from the text or an official secondary source) */
  verified: boolean;
  /** set when the city assessed on criteria 1 and 2 only (Hanoi's practice, Notice 768/TB-UBND) */
  variant?: 'criteria-1-2';
}

/** How a city applies a rule set. */
export interface RuleOptions {
  /** assess on criteria 1 and 2 only, as Hanoi did under Notice 768/TB-UBND (12 Nov 2021); off by default */
  criteria12Only?: boolean;
}

export interface RuleSet {
  id: '4800' | '218';
  name: { vi: string; en: string };
  /** citation of the decision */
  source: string;
  /** first and last day in force (ISO dates); `validTo` null while in force */
  validFrom: string;
  validTo: string | null;
  compute(indicators: Indicators, options: RuleOptions): LevelResult;
}
