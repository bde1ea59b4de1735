import { bandLabel, bandOf, bandVerified, clampLevel, per100k } from './bands.js';
import type { Bands, CriterionResult, Indicators, Level, RuleSet, Sourced } from './types.js';

const confirmed = (value: number, note?: string): Sourced<number> => ({ value, verified: true, note });
const assumed = (value: number, note: string): Sourced<number> => ({ value, verified: false, note });

/** Decision 4800/QĐ-BYT, 12 Oct 2021: thresholds and what is known of them (see DESIGN.md). */
export const RULES_4800 = {
  /** C1: new community cases per 100,000 per week: < 20 | 20–< 50 | 50–< 150 | ≥ 150 */
  casesPer100k: {
    bounds: [confirmed(20), confirmed(50), confirmed(150)],
    inclusive: true,
  } satisfies Bands,
  /** C2: share of adults (≥ 18) with at least one dose that lowers the level by one */
  adultFirstDosePct: confirmed(70),
  /** C2: share of older people fully vaccinated; missing it raises the level by one */
  elderlyFullPct: confirmed(80),
  /** the raise itself (draft wording) */
  elderlyRaise: assumed(1, 'draft wording: raise by one unless level 4 or no cases'),
  /** the C2 step: with ≥ 70 % first doses, level = band − 1 (fits two published HCMC cases) */
  coverageStep: assumed(1, 'inferred: HCMC 150/100k with > 98 % → 3; 104.5/100k with ~99 % → 2'),
  /** C3: capacity is met when free beds per 100,000 reach this and home care and ICU are ready */
  freeBedsPer100k: assumed(10, 'numeric cut-off not published in the decision'),
};

const L = (vi: string, en: string) => ({ vi, en });

function capacityMet(i: Indicators): boolean | null {
  if (i.freeBedsPer100k == null && i.homeCareReady == null && i.icuReady == null) return null;
  return (
    (i.freeBedsPer100k ?? Number.POSITIVE_INFINITY) >= RULES_4800.freeBedsPer100k.value &&
    i.homeCareReady !== false &&
    i.icuReady !== false
  );
}

function compute(i: Indicators) {
  const r = RULES_4800;
  const criteria: CriterionResult[] = [];
  const rate = per100k(i.newCommunityCases, i.population);
  const band = bandOf(rate, r.casesPer100k);
  criteria.push({
    id: 'C1',
    label: L('Ca mắc mới trong cộng đồng /100.000 dân/tuần', 'New community cases per 100,000 per week'),
    value: rate,
    unit: '/100k',
    band: `${band} (${bandLabel(band, r.casesPer100k)})`,
    effect: L(`Cấp theo số ca: ${band}`, `Level from cases: ${band}`),
    levelAfter: band,
    verified: bandVerified(band, r.casesPer100k),
  });

  let level: Level = band;
  const covered = i.adultFirstDosePct != null && i.adultFirstDosePct >= r.adultFirstDosePct.value;
  if (covered) level = clampLevel(band - r.coverageStep.value);
  criteria.push({
    id: 'C2.dose1',
    label: L('Người ≥ 18 tuổi tiêm ít nhất 1 mũi', 'Adults (≥ 18) with at least one dose'),
    value: i.adultFirstDosePct,
    unit: '%',
    band:
      i.adultFirstDosePct == null
        ? 'n/a'
        : covered
          ? `≥ ${r.adultFirstDosePct.value}%`
          : `< ${r.adultFirstDosePct.value}%`,
    effect: covered
      ? L(`Độ bao phủ đạt: giảm một cấp → ${level}`, `Coverage met: one level lower → ${level}`)
      : L('Độ bao phủ chưa đạt (hoặc chưa báo cáo): giữ cấp', 'Coverage not met (or not reported): level kept'),
    levelAfter: level,
    verified: covered ? r.coverageStep.verified : true,
  });

  const elderlyShort = i.elderlyFullPct != null && i.elderlyFullPct < r.elderlyFullPct.value;
  const raise = elderlyShort && level < 4 && i.newCommunityCases > 0;
  if (raise) level = clampLevel(level + r.elderlyRaise.value);
  criteria.push({
    id: 'C2.elderly',
    label: L('Người cao tuổi tiêm đủ liều', 'Older people fully vaccinated'),
    value: i.elderlyFullPct,
    unit: '%',
    band:
      i.elderlyFullPct == null ? 'n/a' : elderlyShort ? `< ${r.elderlyFullPct.value}%` : `≥ ${r.elderlyFullPct.value}%`,
    effect: raise
      ? L(
          `Chưa đạt ${r.elderlyFullPct.value}%: tăng một cấp → ${level}`,
          `Below ${r.elderlyFullPct.value}%: one level higher → ${level}`,
        )
      : L('Không làm thay đổi cấp', 'No change'),
    levelAfter: level,
    verified: raise ? r.elderlyRaise.verified : true,
  });

  const met = capacityMet(i);
  const held = met === false && level < band;
  if (held) level = band;
  criteria.push({
    id: 'C3',
    label: L(
      'Khả năng điều trị (giường trống, chăm sóc tại nhà, hồi sức)',
      'Treatment capacity (free beds, home care, ICU)',
    ),
    value: i.freeBedsPer100k,
    unit: 'beds/100k',
    band: met == null ? 'n/a' : met ? 'met' : 'not met',
    effect: held
      ? L(`Chưa đáp ứng: không được hạ cấp → ${level}`, `Not met: the level may not be lowered → ${level}`)
      : L('Không làm thay đổi cấp', 'No change'),
    levelAfter: level,
    verified: met == null ? true : r.freeBedsPer100k.verified,
  });
  return { level, ruleSetId: '4800', criteria, verified: criteria.every((c) => c.verified) };
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
