import { sourced } from '../sources.js';
import { basisOf, OUTCOME } from './bands.js';
import type { CriterionResult, Level } from './types.js';

export const HANOI_CRITERIA_12 = 'criteria-1-2' as const;

/** Hanoi's practice: wards assessed on criteria 1 and 2 only (Notice 768/TB-UBND, 12 Nov 2021). */
export const CRITERIA_12_ONLY = sourced(true, 'confirmed-by-official-secondary-source', ['tb-768-hanoi']);

/** Criterion 3 under the city's "criteria 1 and 2 only" setting: named, not applied. */
export function criteria12Only(
  label: CriterionResult['label'],
  level: Level,
): Pick<CriterionResult, 'label' | 'band' | 'outcome' | 'effect' | 'levelAfter' | 'basis'> {
  return {
    label,
    ...OUTCOME.notAssessed,
    effect: {
      vi: `Thành phố chỉ đánh giá tiêu chí 1 và 2 (Thông báo 768/TB-UBND): không áp dụng → ${level}`,
      en: `The city assesses criteria 1 and 2 only (Notice 768/TB-UBND): not applied → ${level}`,
    },
    levelAfter: level,
    basis: [basisOf('tiêu chí 1 và 2 · criteria 1 and 2', CRITERIA_12_ONLY)],
  };
}
