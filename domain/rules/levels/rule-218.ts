import { sourced } from '../sources.js';
import { bandBasis, bandOf, bandWords, basisOf, clampLevel, criterion, OUTCOME, per100k, symbolic } from './bands.js';
import type { Bands, Capacity, CriterionResult, Indicators, Level, RuleOptions, RuleSet } from './types.js';
import { criteria12Only, HANOI_CRITERIA_12 } from './variant.js';

/** Decision 218/QĐ-BYT, 27 Jan 2022: thresholds and where each comes from (see domain/rules/sources.ts). */
export const RULES_218 = {
  /** C1a: new community cases per 100,000 per week; only the top band (> 600) is confirmed */
  casesPer100k: {
    bounds: [
      sourced(50, 'unverified', ['assumption'], {
        vi: 'các ngưỡng dưới chưa được xác nhận',
        en: 'lower bands not confirmed',
      }),
      sourced(150, 'unverified', ['assumption'], {
        vi: 'các ngưỡng dưới chưa được xác nhận',
        en: 'lower bands not confirmed',
      }),
      sourced(600, 'confirmed-by-official-secondary-source', ['qd-218-vnexpress', 'qd-218-vcci']),
    ],
    inclusive: false,
  } satisfies Bands,
  /** C1b: new patients needing oxygen per 100,000 per week (the measure is confirmed, its bands are not) */
  oxygenPer100k: {
    bounds: [
      sourced(2, 'unverified', ['assumption']),
      sourced(5, 'unverified', ['assumption']),
      sourced(10, 'unverified', ['assumption']),
    ],
    inclusive: true,
  } satisfies Bands,
  /** C1c: deaths per 100,000 per week above this raise the level by one */
  deathsPer100k: sourced(6, 'inferred', ['hcmc-218-deaths'], {
    vi: 'theo cách TP. Hồ Chí Minh áp dụng; chưa được xác nhận trên toàn quốc',
    en: 'as applied by Ho Chi Minh City; not confirmed nationally',
  }),
  /** C2: both must be met, else the transmission level rises by one */
  fullyVaccinatedPct: sourced(75, 'confirmed-by-official-secondary-source', ['qd-218-vnexpress', 'qd-218-vcci']),
  highRiskFullPct: sourced(90, 'confirmed-by-official-secondary-source', ['qd-218-vnexpress', 'qd-218-vcci']),
  vaccinationRaise: sourced(1, 'confirmed-by-official-secondary-source', ['qd-218-vnexpress'], {
    vi: 'theo cách đã áp dụng',
    en: 'as applied',
  }),
  /** C3: free beds per 100,000 for high / at least medium capacity */
  bedsHigh: sourced(30, 'unverified', ['assumption'], {
    vi: 'các con số chưa được xác nhận',
    en: 'numbers not confirmed',
  }),
  bedsMedium: sourced(10, 'unverified', ['assumption'], {
    vi: 'các con số chưa được xác nhận',
    en: 'numbers not confirmed',
  }),
  /** final level = MATRIX[transmission − 1][capacity]: two groups after the WHO scheme (confirmed), the cells inferred */
  matrix: sourced('WHO', 'inferred', ['who-2021-scheme', 'qd-218-vnexpress'], {
    vi: 'khớp các trường hợp đã công bố: 2 + trung bình → 2, 3 + cao → 2',
    en: 'fits the published cases 2 + medium → 2, 3 + high → 2',
  }),
};

const MATRIX: Record<Level, Record<Capacity, Level>> = {
  1: { high: 1, medium: 1, low: 2 },
  2: { high: 1, medium: 2, low: 3 },
  3: { high: 2, medium: 3, low: 4 },
  4: { high: 3, medium: 4, low: 4 },
};

const L = (vi: string, en: string) => ({ vi, en });
const CAPACITY_VI: Record<Capacity, string> = { high: 'cao', medium: 'trung bình', low: 'thấp' };
const NO_CHANGE = L('Không làm thay đổi mức', 'No change');

function capacityOf(i: Indicators): Capacity {
  const r = RULES_218;
  if (i.homeCareReady === false || (i.freeBedsPer100k != null && i.freeBedsPer100k < r.bedsMedium.value)) return 'low';
  if (i.homeCareReady === true && i.icuReady === true && (i.freeBedsPer100k ?? 0) >= r.bedsHigh.value) return 'high';
  return 'medium';
}

function compute(i: Indicators, options: RuleOptions) {
  const r = RULES_218;
  const criteria: CriterionResult[] = [];

  const cases = per100k(i.newCommunityCases, i.population);
  const caseBand = bandOf(cases, r.casesPer100k);
  const oxygen = per100k(i.oxygenCases, i.population);
  const oxygenBand = bandOf(oxygen, r.oxygenPer100k);
  criteria.push(
    criterion({
      id: 'C1.cases',
      label: L('Ca mắc mới trong cộng đồng /100.000 dân/tuần', 'New community cases per 100,000 per week'),
      value: cases,
      unit: '/100k',
      ...bandWords(caseBand, r.casesPer100k),
      effect: L(`Mức lây nhiễm theo số ca: ${caseBand}`, `Transmission from cases: ${caseBand}`),
      levelAfter: caseBand,
      basis: bandBasis(caseBand, r.casesPer100k),
    }),
  );
  let transmission = Math.max(caseBand, oxygenBand) as Level;
  const oxygenBasis = bandBasis(oxygenBand, r.oxygenPer100k);
  criteria.push(
    criterion(
      {
        id: 'C1.oxygen',
        label: L('Ca cần thở ô xy /100.000 dân/tuần', 'Patients needing oxygen per 100,000 per week'),
        value: oxygen,
        unit: '/100k',
        ...bandWords(oxygenBand, r.oxygenPer100k),
        effect:
          oxygenBand > caseBand
            ? L(`Cao hơn mức theo số ca → ${transmission}`, `Higher than from cases → ${transmission}`)
            : NO_CHANGE,
        levelAfter: transmission,
        basis: oxygenBasis,
      },
      oxygenBand > caseBand ? oxygenBasis : [],
    ),
  );
  const deaths = per100k(i.deaths, i.population);
  const deathRaise = deaths > r.deathsPer100k.value && transmission < 4;
  if (deathRaise) transmission = clampLevel(transmission + 1);
  const deathsBasis = [basisOf(`> ${r.deathsPer100k.value}`, r.deathsPer100k)];
  criteria.push(
    criterion(
      {
        id: 'C1.deaths',
        label: L('Tử vong /100.000 dân/tuần', 'Deaths per 100,000 per week'),
        value: deaths,
        unit: '/100k',
        ...symbolic(deaths > r.deathsPer100k.value ? `> ${r.deathsPer100k.value}` : `≤ ${r.deathsPer100k.value}`),
        effect: deathRaise ? L(`Tăng một mức → ${transmission}`, `One level higher → ${transmission}`) : NO_CHANGE,
        levelAfter: transmission,
        basis: deathsBasis,
      },
      deathRaise ? deathsBasis : [],
    ),
  );

  const vaccinated =
    i.fullyVaccinatedPct != null &&
    i.highRiskFullPct != null &&
    i.fullyVaccinatedPct >= r.fullyVaccinatedPct.value &&
    i.highRiskFullPct >= r.highRiskFullPct.value;
  if (!vaccinated) transmission = clampLevel(transmission + r.vaccinationRaise.value);
  const vaccinationBasis = [
    basisOf(`≥ ${r.fullyVaccinatedPct.value}%`, r.fullyVaccinatedPct),
    basisOf(`≥ ${r.highRiskFullPct.value}%`, r.highRiskFullPct),
  ];
  if (!vaccinated) vaccinationBasis.push(basisOf(`+${r.vaccinationRaise.value}`, r.vaccinationRaise));
  criteria.push(
    criterion({
      id: 'C2',
      label: L(
        `Tiêm đủ liều: dân số ≥ ${r.fullyVaccinatedPct.value}% và nhóm nguy cơ ≥ ${r.highRiskFullPct.value}%`,
        `Fully vaccinated: population ≥ ${r.fullyVaccinatedPct.value}% and high-risk ≥ ${r.highRiskFullPct.value}%`,
      ),
      value: i.fullyVaccinatedPct,
      unit: '%',
      ...(vaccinated
        ? OUTCOME.met
        : i.fullyVaccinatedPct == null || i.highRiskFullPct == null
          ? OUTCOME.notReported
          : OUTCOME.notMet),
      effect: vaccinated
        ? L('Đạt: không thay đổi mức', 'Met: no change')
        : L(
            `Chưa đạt (hoặc chưa báo cáo): tăng một mức → ${transmission}`,
            `Not met (or not reported): one level higher → ${transmission}`,
          ),
      levelAfter: transmission,
      basis: vaccinationBasis,
    }),
  );

  const label = L('Năng lực đáp ứng y tế', 'Health response capacity');
  if (options.criteria12Only) {
    criteria.push(
      criterion({ ...criteria12Only(label, transmission), id: 'C3', value: i.freeBedsPer100k, unit: 'beds/100k' }),
    );
    return {
      level: transmission,
      ruleSetId: '218',
      criteria,
      verified: criteria.every((c) => c.verified),
      variant: HANOI_CRITERIA_12,
    };
  }
  const capacity = capacityOf(i);
  const level = MATRIX[transmission][capacity];
  criteria.push(
    criterion({
      id: 'C3',
      label,
      value: i.freeBedsPer100k,
      unit: 'beds/100k',
      band: capacity,
      outcome: L(CAPACITY_VI[capacity], capacity),
      effect: L(
        `Mức lây nhiễm ${transmission} × năng lực ${CAPACITY_VI[capacity]} → cấp ${level}`,
        `Transmission ${transmission} × ${capacity} capacity → level ${level}`,
      ),
      levelAfter: level,
      basis: [
        basisOf(`≥ ${r.bedsHigh.value} / ≥ ${r.bedsMedium.value}`, r.bedsHigh),
        basisOf(`${transmission} × ${capacity} → ${level}`, r.matrix),
      ],
    }),
  );
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
