import { matchFormedFrom, type OldUnit } from './formed-from.js';

/**
 * Census units merged in the 2019–2020 rearrangement (Resolution 818/NQ-UBTVQH14) have no
 * 2019–2024 code; their people are counted in the unit that received them (census-2019/SOURCE.md).
 */
export const CENSUS_MERGED_INTO: Record<string, string> = {
  'VNM.27.12.11_1': '00247', // Ngô Thì Nhậm → Phạm Đình Hổ (Hai Bà Trưng)
  'VNM.27.12.4_1': '00241', // Bùi Thị Xuân → Nguyễn Du (Hai Bà Trưng)
  'VNM.27.20.23_1': '10282', // Thụy Phú → Nam Tiến (Phú Xuyên)
  'VNM.27.20.27_1': '10282', // Văn Nhân → Nam Tiến (Phú Xuyên)
  'VNM.27.21.1_1': '09727', // Cẩm Đình → Xuân Đình (Phúc Thọ)
  'VNM.27.21.23_1': '09727', // Xuân Phú → Xuân Đình (Phúc Thọ)
  'VNM.27.21.10_1': '09733', // Phương Độ → Sen Phương (Phúc Thọ)
  'VNM.27.21.11_1': '09733', // Sen Chiểu → Sen Phương (Phúc Thọ)
};

export interface CensusRow {
  gadmId: string;
  oldCode: string;
  population: number;
}

export interface WardPopulation {
  code: string;
  population: number;
  /** True when any share came from a split unit or from the district fallback. */
  estimated: boolean;
  /** The former district that contributed the most people. */
  districtCode: string;
}

export interface PopulationReport {
  wards: WardPopulation[];
  censusTotal: number;
  /** 2019–2024 units named by no 2025 text, spread by the district fallback. */
  unnamedOldUnits: string[];
  unmatchedSegments: { ward: string; segment: string }[];
}

/**
 * Carries 2019 census population to the 2025 wards through their official `formed_from` texts.
 *
 * Rule (documented in the README):
 * 1. A 2019–2024 unit named by the texts of k wards gives each of them 1/k of its people
 *    (k > 1 marks the receivers as estimated).
 * 2. A unit named by no text (most were merged on 1 Jan 2025 and appear under their new
 *    name) is spread over the wards that received people from its former district, in
 *    proportion to what each received in step 1, and marks them as estimated.
 * The sum over wards equals the census total exactly (up to rounding to whole people,
 * with remainders given to the largest shares).
 */
export function allocatePopulation(
  wards2025: { code: string; formedFrom: string }[],
  oldUnits: OldUnit[],
  census: CensusRow[],
): PopulationReport {
  const oldByCode = new Map(oldUnits.map((u) => [u.code, u]));
  const peopleByOld = new Map<string, number>();
  for (const row of census) {
    const code = row.oldCode || CENSUS_MERGED_INTO[row.gadmId];
    if (!code || !oldByCode.has(code)) {
      throw new Error(`census row ${row.gadmId} has no 2019–2024 unit to count it in`);
    }
    peopleByOld.set(code, (peopleByOld.get(code) ?? 0) + row.population);
  }

  const receivers = new Map<string, string[]>();
  const unmatchedSegments: PopulationReport['unmatchedSegments'] = [];
  for (const ward of wards2025) {
    const match = matchFormedFrom(ward.formedFrom, oldUnits);
    for (const code of match.oldCodes) receivers.set(code, [...(receivers.get(code) ?? []), ward.code]);
    for (const segment of match.unmatched) unmatchedSegments.push({ ward: ward.code, segment });
  }

  // shares[ward][district] = people (fractional) received from that former district
  const shares = new Map<string, Map<string, number>>(wards2025.map((w) => [w.code, new Map()]));
  const estimated = new Set<string>();
  const give = (ward: string, district: string, people: number) => {
    const byDistrict = shares.get(ward) as Map<string, number>;
    byDistrict.set(district, (byDistrict.get(district) ?? 0) + people);
  };
  const unnamed: OldUnit[] = [];
  for (const unit of oldUnits) {
    const people = peopleByOld.get(unit.code) ?? 0;
    const to = receivers.get(unit.code);
    if (!to) {
      unnamed.push(unit);
      continue;
    }
    for (const ward of to) give(ward, unit.districtCode, people / to.length);
    if (to.length > 1) for (const ward of to) estimated.add(ward);
  }
  const namedByDistrict = new Map<string, { ward: string; people: number }[]>();
  for (const [ward, byDistrict] of shares) {
    for (const [district, people] of byDistrict) {
      namedByDistrict.set(district, [...(namedByDistrict.get(district) ?? []), { ward, people }]);
    }
  }
  for (const unit of unnamed) {
    const people = peopleByOld.get(unit.code) ?? 0;
    const targets = namedByDistrict.get(unit.districtCode) ?? [];
    const base = targets.reduce((sum, t) => sum + t.people, 0);
    if (base === 0) throw new Error(`no 2025 ward received people from district ${unit.districtName}`);
    for (const t of targets) {
      give(t.ward, unit.districtCode, (people * t.people) / base);
      estimated.add(t.ward);
    }
  }

  const censusTotal = census.reduce((sum, r) => sum + r.population, 0);
  const exact = wards2025.map((w) => {
    const byDistrict = shares.get(w.code) as Map<string, number>;
    let people = 0;
    let districtCode = '';
    let most = -1;
    for (const [district, n] of byDistrict) {
      people += n;
      if (n > most) [most, districtCode] = [n, district];
    }
    return { code: w.code, people, districtCode };
  });
  const rounded = roundToTotal(
    exact.map((w) => w.people),
    censusTotal,
  );
  return {
    wards: exact.map((w, i) => ({
      code: w.code,
      population: rounded[i],
      estimated: estimated.has(w.code),
      districtCode: w.districtCode,
    })),
    censusTotal,
    unnamedOldUnits: unnamed.map((u) => u.code),
    unmatchedSegments,
  };
}

/** Largest-remainder rounding: whole numbers that add up to `total`. */
function roundToTotal(values: number[], total: number): number[] {
  const floors = values.map(Math.floor);
  let left = total - floors.reduce((a, b) => a + b, 0);
  const order = values.map((v, i) => [v - Math.floor(v), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left <= 0) break;
    floors[i]++;
    left--;
  }
  return floors;
}
