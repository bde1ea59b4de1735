import { bandLabel, bandOf, bandVerified, clampLevel, per100k } from './bands.js';
import type { Bands, Capacity, CriterionResult, Indicators, Level, RuleSet, Sourced } from './types.js';

const confirmed = (value: number, note?: string): Sourced<number> => ({ value, verified: true, note });
const assumed = (value: number, note: string): Sourced<number> => ({ value, verified: false, note });

/** Decision 218/QĐ-BYT, 27 Jan 2022: thresholds and what is known of them (see DESIGN.md). */
export const RULES_218 = {
  /** C1a: new community cases per 100,000 per week; the top band (> 600) is confirmed */
  casesPer100k: {
    bounds: [
      assumed(50, 'lower bands not confirmed from the text'),
      assumed(150, 'lower bands not confirmed from the text'),
      confirmed(600),
    ],
    inclusive: false,
  } satisfies Bands,
  /** C1b: new patients needing oxygen per 100,000 per week */
  oxygenPer100k: {
    bounds: [assumed(2, 'not confirmed'), assumed(5, 'not confirmed'), assumed(10, 'not confirmed')],
    inclusive: true,
  } satisfies Bands,
  /** C1c: deaths per 100,000 per week above this raise the level by one (as applied by HCMC) */
  deathsPer100k: assumed(6, 'as applied by Ho Chi Minh City; not confirmed nationally'),
  /** C2: both must be met, else the transmission level rises by one */
  fullyVaccinatedPct: confirmed(75),
  highRiskFullPct: confirmed(90),
  /** C3: free beds per 100,000 for high / at least medium capacity */
  bedsHigh: assumed(30, 'numbers not confirmed'),
  bedsMedium: assumed(10, 'numbers not confirmed'),
  /** final level = MATRIX[transmission − 1][capacity] after the WHO scheme (fits 2+medium→2, 3+high→2) */
  matrixVerified: false,
};

const MATRIX: Record<Level, Record<Capacity, Level>> = {
  1: { high: 1, medium: 1, low: 2 },
  2: { high: 1, medium: 2, low: 3 },
  3: { high: 2, medium: 3, low: 4 },
  4: { high: 3, medium: 4, low: 4 },
};

const L = (vi: string, en: string) => ({ vi, en });
const CAPACITY_VI: Record<Capacity, string> = { high: 'cao', medium: 'trung bình', low: 'thấp' };

function capacityOf(i: Indicators): Capacity {
  const r = RULES_218;
  if (i.homeCareReady === false || (i.freeBedsPer100k != null && i.freeBedsPer100k < r.bedsMedium.value)) return 'low';
  if (i.homeCareReady === true && i.icuReady === true && (i.freeBedsPer100k ?? 0) >= r.bedsHigh.value) return 'high';
  return 'medium';
}

function compute(i: Indicators) {
  const r = RULES_218;
  const criteria: CriterionResult[] = [];
  const cases = per100k(i.newCommunityCases, i.population);
  const caseBand = bandOf(cases, r.casesPer100k);
  const oxygen = per100k(i.oxygenCases, i.population);
  const oxygenBand = bandOf(oxygen, r.oxygenPer100k);
  criteria.push({
    id: 'C1.cases',
    label: L('Ca mắc mới trong cộng đồng /100.000 dân/tuần', 'New community cases per 100,000 per week'),
    value: cases,
    unit: '/100k',
    band: `${caseBand} (${bandLabel(caseBand, r.casesPer100k)})`,
    effect: L(`Mức lây nhiễm theo số ca: ${caseBand}`, `Transmission from cases: ${caseBand}`),
    levelAfter: caseBand,
    verified: bandVerified(caseBand, r.casesPer100k),
  });
  let transmission = Math.max(caseBand, oxygenBand) as Level;
  criteria.push({
    id: 'C1.oxygen',
    label: L('Ca cần thở ô xy /100.000 dân/tuần', 'Patients needing oxygen per 100,000 per week'),
    value: oxygen,
    unit: '/100k',
    band: `${oxygenBand} (${bandLabel(oxygenBand, r.oxygenPer100k)})`,
    effect:
      oxygenBand > caseBand
        ? L(`Cao hơn mức theo số ca → ${transmission}`, `Higher than from cases → ${transmission}`)
        : L('Không làm thay đổi mức', 'No change'),
    levelAfter: transmission,
    verified: oxygenBand > caseBand ? bandVerified(oxygenBand, r.oxygenPer100k) : true,
  });
  const deaths = per100k(i.deaths, i.population);
  const deathRaise = deaths > r.deathsPer100k.value && transmission < 4;
  if (deathRaise) transmission = clampLevel(transmission + 1);
  criteria.push({
    id: 'C1.deaths',
    label: L('Tử vong /100.000 dân/tuần', 'Deaths per 100,000 per week'),
    value: deaths,
    unit: '/100k',
    band: deaths > r.deathsPer100k.value ? `> ${r.deathsPer100k.value}` : `≤ ${r.deathsPer100k.value}`,
    effect: deathRaise
      ? L(`Tăng một mức → ${transmission}`, `One level higher → ${transmission}`)
      : L('Không làm thay đổi mức', 'No change'),
    levelAfter: transmission,
    verified: deathRaise ? r.deathsPer100k.verified : true,
  });

  const vaccinated =
    i.fullyVaccinatedPct != null &&
    i.highRiskFullPct != null &&
    i.fullyVaccinatedPct >= r.fullyVaccinatedPct.value &&
    i.highRiskFullPct >= r.highRiskFullPct.value;
  if (!vaccinated) transmission = clampLevel(transmission + 1);
  criteria.push({
    id: 'C2',
    label: L(
      `Tiêm đủ liều: dân số ≥ ${r.fullyVaccinatedPct.value}% và nhóm nguy cơ ≥ ${r.highRiskFullPct.value}%`,
      `Fully vaccinated: population ≥ ${r.fullyVaccinatedPct.value}% and high-risk ≥ ${r.highRiskFullPct.value}%`,
    ),
    value: i.fullyVaccinatedPct,
    unit: '%',
    band: vaccinated ? 'met' : i.fullyVaccinatedPct == null || i.highRiskFullPct == null ? 'not reported' : 'not met',
    effect: vaccinated
      ? L('Đạt: không thay đổi mức', 'Met: no change')
      : L(
          `Chưa đạt (hoặc chưa báo cáo): tăng một mức → ${transmission}`,
          `Not met (or not reported): one level higher → ${transmission}`,
        ),
    levelAfter: transmission,
    verified: true,
  });

  const capacity = capacityOf(i);
  const level = MATRIX[transmission][capacity];
  criteria.push({
    id: 'C3',
    label: L('Năng lực đáp ứng y tế', 'Health response capacity'),
    value: i.freeBedsPer100k,
    unit: 'beds/100k',
    band: capacity,
    effect: L(
      `Mức lây nhiễm ${transmission} × năng lực ${CAPACITY_VI[capacity]} → cấp ${level}`,
      `Transmission ${transmission} × ${capacity} capacity → level ${level}`,
    ),
    levelAfter: level,
    verified: r.matrixVerified && r.bedsHigh.verified,
  });
  return { level, ruleSetId: '218', criteria, verified: criteria.every((c) => c.verified) };
}

export const RULE_218: RuleSet = {
  id: '218',
  name: L('Quyết định 218/QĐ-BYT', 'Decision 218/QĐ-BYT'),
  source:
    'Bộ Y tế, Quyết định 218/QĐ-BYT ngày 27/01/2022 ban hành hướng dẫn tạm thời chuyên môn y tế thực hiện Nghị quyết 128/NQ-CP',
  validFrom: '2022-01-27',
  validTo: null,
  compute,
};
