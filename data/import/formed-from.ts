import { foldVietnamese } from './normalize.js';

/** A commune-level unit of 2019–2024 (the 579-unit GSO list). */
export interface OldUnit {
  code: string;
  name: string;
  type: string;
  districtCode: string;
  districtName: string;
}

/** The outcome of reading one 2025 unit's official `formed_from` text. */
export interface FormedFromMatch {
  oldCodes: string[];
  /** Segments that name no known 2019–2024 unit (noise phrases are not reported). */
  unmatched: string[];
}

/**
 * Units created on 1 Jan 2025 (Resolution 1286/NQ-UBTVQH15), which the July 2025 texts
 * name by their new names; each stands for the 2019–2024 units it merged.
 */
const JANUARY_2025_MERGES: Record<string, { district: string; parts: string[] }> = {
  'phuong lien trung tu': { district: 'dong da', parts: ['phuong lien', 'trung tu'] },
  'van mieu quoc tu giam': { district: 'dong da', parts: ['van mieu', 'quoc tu giam'] },
};

const TYPE_WORDS = ['phuong', 'xa', 'thi tran'];
/** Phrases of the official texts that carry no unit name. */
const NOISE = /^(sap xep|mot phan|toan bo|phan con lai|dien tich|quy mo|cua|cac|tn|va)\b/;

/**
 * Reads a `formed_from` text into the 2019–2024 units it names. Parentheses that say what was
 * left over ("phần còn lại sau khi sáp nhập vào …") name 2025 units and are dropped;
 * parentheses naming a district ("(quận Đống Đa)") disambiguate the name before them.
 */
export function matchFormedFrom(text: string, oldUnits: OldUnit[]): FormedFromMatch {
  const byName = new Map<string, OldUnit[]>();
  for (const unit of oldUnits) {
    const key = foldVietnamese(unit.name);
    byName.set(key, [...(byName.get(key) ?? []), unit]);
  }
  const folded = foldVietnamese(text)
    .replace(/\(phan con lai[^)]*\)/g, ' ')
    .replace(/sau khi sap xep/g, ' ');
  const segments = folded
    .split(/,| va /)
    .map((s) => s.trim())
    .filter(Boolean);

  const picks: {
    segment: string;
    candidates: OldUnit[];
    typeWord?: string;
    all?: boolean;
    district?: string;
  }[] = [];
  const unmatched: string[] = [];
  for (const raw of segments) {
    let segment = raw;
    let district: string | undefined;
    segment = segment.replace(/\((?:quan|huyen|thi xa) ([^)]+)\)/, (_, d: string) => {
      district = d.trim();
      return ' ';
    });
    segment = segment.replace(/[()]/g, ' ').replace(/\s+/g, ' ').trim();
    const found = longestNameSuffix(segment, byName);
    if (!found) {
      if (!isNoise(segment)) unmatched.push(raw);
      continue;
    }
    picks.push({ segment, ...found, district });
  }

  // Names shared by units of several districts are resolved towards the districts of the
  // unambiguous names in the same text.
  const districtVotes = new Map<string, number>();
  for (const p of picks) {
    if (p.candidates.length === 1) {
      const d = p.candidates[0].districtCode;
      districtVotes.set(d, (districtVotes.get(d) ?? 0) + 1);
    }
  }
  const oldCodes: string[] = [];
  const add = (code: string) => {
    if (!oldCodes.includes(code)) oldCodes.push(code);
  };
  for (const p of picks) {
    if (p.all) {
      for (const u of p.candidates) add(u.code);
      continue;
    }
    let candidates = p.candidates;
    const narrow = (keep: (u: OldUnit) => boolean) => {
      const kept = candidates.filter(keep);
      if (kept.length > 0) candidates = kept;
    };
    if (p.district) narrow((u) => foldVietnamese(u.districtName) === p.district);
    if (p.typeWord) narrow((u) => foldVietnamese(u.type) === p.typeWord);
    if (candidates.length > 1) {
      const best = Math.max(...candidates.map((u) => districtVotes.get(u.districtCode) ?? 0));
      narrow((u) => (districtVotes.get(u.districtCode) ?? 0) === best);
    }
    if (candidates.length === 1) add(candidates[0].code);
    else unmatched.push(`${p.segment} (ambiguous)`);
  }
  return { oldCodes, unmatched };

  function isNoise(segment: string): boolean {
    let rest = segment;
    for (;;) {
      const m = rest.match(NOISE);
      if (!m) return rest.length === 0 || TYPE_WORDS.includes(rest);
      rest = rest.slice(m[0].length).trim();
    }
  }
}

/** The longest run of trailing words that is a unit name (or a January 2025 merged name). */
function longestNameSuffix(
  segment: string,
  byName: Map<string, OldUnit[]>,
): { candidates: OldUnit[]; typeWord?: string; all?: boolean } | undefined {
  const words = segment.split(' ');
  for (let start = 0; start < words.length; start++) {
    const name = words.slice(start).join(' ');
    const before = words.slice(0, start).join(' ');
    const typeWord = TYPE_WORDS.find((t) => before === t || before.endsWith(` ${t}`));
    const merged = JANUARY_2025_MERGES[name];
    if (merged) {
      const parts = merged.parts.flatMap((part) =>
        (byName.get(part) ?? []).filter((u) => foldVietnamese(u.districtName) === merged.district),
      );
      if (parts.length === merged.parts.length) return { candidates: parts, all: true };
    }
    const candidates = byName.get(name);
    if (candidates) return { candidates, typeWord };
  }
  return undefined;
}
