import type { RiskClass } from './score.js';

/**
 * Days a submitted self-assessment stays valid, by risk class: the higher the risk, the sooner the
 * premises must assess again. Decision 2194 asks very-low-risk workplaces to "re-assess regularly"
 * and names no period; these periods are the city's setting (not from the decision), overridable
 * per deployment through `createApp({ assessmentValidDays })`.
 */
export const DEFAULT_VALID_DAYS: Record<RiskClass, number> = {
  very_low: 90,
  low: 60,
  medium: 30,
  high: 14,
  very_high: 7,
};

export function validUntil(submittedAt: Date, riskClass: RiskClass, days = DEFAULT_VALID_DAYS): Date {
  return new Date(submittedAt.getTime() + days[riskClass] * 86_400_000);
}
