import { sourced } from '../sources.js';
import { bandBasis, bandOf, bandWords, basisOf, clampLevel, criterion, OUTCOME, per100k } from './bands.js';
import type { Bands, CriterionResult, Indicators, Level, RuleOptions, RuleSet } from './types.js';
import { criteria12Only, HANOI_CRITERIA_12 } from './variant.js';

/** Decision 4800/QĐ-BYT, 12 Oct 2021: thresholds and where each comes from (see domain/rules/sources.ts). */
export const RULES_4800 = {
  /** C1: new community cases per 100,000 per week: < 20 | 20–< 50 | 50–< 150 | ≥ 150 */
  casesPer100k: {
    bounds: [
      sourced(20, 'confirmed-from-text', ['qd-4800']),
      sourced(50, 'confirmed-from-text', ['qd-4800']),
      sourced(150, 'confirmed-from-text', ['qd-4800']),
    ],
    inclusive: true,
  } satisfies Bands,
  /** C2: share of adults (≥ 18) with at least one dose that lowers the level by one */
  adultFirstDosePct: sourced(70, 'confirmed-from-text', ['qd-4800']),
  /** C2: share of older people (≥ 50 from Nov 2021) fully vaccinated; missing it raises the level by one */
  elderlyFullPct: sourced(80, 'confirmed-from-text', ['qd-4800']),
  /** the raise itself: known only from the September 2021 draft */
  elderlyRaise: sourced(1, 'unverified', ['qd-4800-draft'], {
    vi: 'theo dự thảo: tăng một cấp, trừ khi đã ở cấp 4 hoặc không có ca mắc',
    en: 'draft wording: raise by one unless level 4 or no cases',
  }),
  /** the C2 step: with ≥ 70 % first doses, level = band − 1 */
  coverageStep: sourced(1, 'inferred', ['hcmc-published-cases'], {
    vi: 'khớp 150/100.000 với > 98 % → 3 và 104,5/100.000 với ~99 % → 2',
    en: 'fits 150/100k with > 98 % → 3 and 104.5/100k with ~99 % → 2',
  }),
  /** C3: when not met, "the pandemic risk level shall remain the same" (it may not be lowered) */
  capacityHold: sourced(true, 'confirmed-by-official-secondary-source', ['qd-4800-baochinhphu', 'qd-4800-luatvietnam']),
  /** C3: capacity is met when free beds per 100,000 reach this and home care and ICU are ready */
  freeBedsPer100k: sourced(10, 'unverified', ['assumption'], {
    vi: 'quyết định không công bố ngưỡng bằng số',
    en: 'numeric cut-off not published in the decision',
  }),
};

const L = (vi: string, en: string) => ({ vi, en });
const NO_CHANGE = L('Không làm thay đổi cấp', 'No change');

function capacityMet(i: Indicators): boolean | null {
  if (i.freeBedsPer100k == null && i.homeCareReady == null && i.icuReady == null) return null;
  return (
    (i.freeBedsPer100k ?? Number.POSITIVE_INFINITY) >= RULES_4800.freeBedsPer100k.value &&
    i.homeCareReady !== false &&
    i.icuReady !== false
  );
}

function compute(i: Indicators, options: RuleOptions) {
  const r = RULES_4800;
  const criteria: CriterionResult[] = [];

  const rate = per100k(i.newCommunityCases, i.population);
  const band = bandOf(rate, r.casesPer100k);
  criteria.push(
    criterion({
      id: 'C1',
      label: L('Ca mắc mới trong cộng đồng /100.000 dân/tuần', 'New community cases per 100,000 per week'),
      value: rate,
      unit: '/100k',
      ...bandWords(band, r.casesPer100k),
      effect: L(`Cấp theo số ca: ${band}`, `Level from cases: ${band}`),
      levelAfter: band,
      basis: bandBasis(band, r.casesPer100k),
    }),
  );

  let level: Level = band;
  const covered = i.adultFirstDosePct != null && i.adultFirstDosePct >= r.adultFirstDosePct.value;
  if (covered) level = clampLevel(band - r.coverageStep.value);
  const doseBasis = [basisOf(`≥ ${r.adultFirstDosePct.value}%`, r.adultFirstDosePct)];
  if (covered) doseBasis.push(basisOf(`−${r.coverageStep.value}`, r.coverageStep));
  criteria.push(
    criterion({
      id: 'C2.dose1',
      label: L('Người ≥ 18 tuổi tiêm ít nhất 1 mũi', 'Adults (≥ 18) with at least one dose'),
      value: i.adultFirstDosePct,
      unit: '%',
      ...(i.adultFirstDosePct == null ? OUTCOME.notReported : covered ? OUTCOME.met : OUTCOME.notMet),
      effect: covered
        ? L(`Độ bao phủ đạt: giảm một cấp → ${level}`, `Coverage met: one level lower → ${level}`)
        : L('Độ bao phủ chưa đạt (hoặc chưa báo cáo): giữ cấp', 'Coverage not met (or not reported): level kept'),
      levelAfter: level,
      basis: doseBasis,
    }),
  );

  const elderlyShort = i.elderlyFullPct != null && i.elderlyFullPct < r.elderlyFullPct.value;
  const raise = elderlyShort && level < 4 && i.newCommunityCases > 0;
  if (raise) level = clampLevel(level + r.elderlyRaise.value);
  const elderlyBasis = [basisOf(`≥ ${r.elderlyFullPct.value}%`, r.elderlyFullPct)];
  if (raise) elderlyBasis.push(basisOf(`+${r.elderlyRaise.value}`, r.elderlyRaise));
  criteria.push(
    criterion({
      id: 'C2.elderly',
      label: L('Người cao tuổi tiêm đủ liều', 'Older people fully vaccinated'),
      value: i.elderlyFullPct,
      unit: '%',
      ...(i.elderlyFullPct == null ? OUTCOME.notReported : elderlyShort ? OUTCOME.notMet : OUTCOME.met),
      effect: raise
        ? L(
            `Chưa đạt ${r.elderlyFullPct.value}%: tăng một cấp → ${level}`,
            `Below ${r.elderlyFullPct.value}%: one level higher → ${level}`,
          )
        : NO_CHANGE,
      levelAfter: level,
      basis: elderlyBasis,
    }),
  );

  const label = L(
    'Khả năng điều trị (giường trống, chăm sóc tại nhà, hồi sức)',
    'Treatment capacity (free beds, home care, ICU)',
  );
  if (options.criteria12Only) {
    criteria.push(
      criterion({ ...criteria12Only(label, level), id: 'C3', value: i.freeBedsPer100k, unit: 'beds/100k' }),
    );
  } else {
    const met = capacityMet(i);
    const held = met === false && level < band;
    if (held) level = band;
    criteria.push(
      criterion({
        id: 'C3',
        label,
        value: i.freeBedsPer100k,
        unit: 'beds/100k',
        ...(met == null ? OUTCOME.notReported : met ? OUTCOME.met : OUTCOME.notMet),
        effect: held
          ? L(`Chưa đáp ứng: không được hạ cấp → ${level}`, `Not met: the level may not be lowered → ${level}`)
          : NO_CHANGE,
        levelAfter: level,
        basis:
          met == null
            ? []
            : [
                basisOf(`≥ ${r.freeBedsPer100k.value}`, r.freeBedsPer100k),
                basisOf('giữ cấp · level kept', r.capacityHold),
              ],
      }),
    );
  }
  return {
    level,
    ruleSetId: '4800',
    criteria,
    verified: criteria.every((c) => c.verified),
    ...(options.criteria12Only ? { variant: HANOI_CRITERIA_12 } : {}),
  };
}

export const RULE_4800: RuleSet = {
  id: '4800',
  name: L('Quyết định 4800/QĐ-BYT', 'Decision 4800/QĐ-BYT'),
  source:
    'Bộ Y tế, Quyết định 4800/QĐ-BYT ngày 12/10/2021 về hướng dẫn tạm thời chuyên môn y tế thực hiện Nghị quyết 128/NQ-CP',
  validFrom: '2021-10-12',
  validTo: '2022-01-26',
  compute,
};
