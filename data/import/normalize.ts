/** `Đống Đa` → `Dong Da`: Vietnamese letters without their marks, case kept. */
export function withoutDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

/**
 * Folds Vietnamese text for matching and search: lower case, no diacritics, đ→d,
 * single spaces. `Hoàn Kiếm` and `hoan  kiem` fold to the same string.
 */
export function foldVietnamese(text: string): string {
  return withoutDiacritics(text).toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Short forms people type, folded: each stands for the words names are written with. */
const SHORT_FORMS: Record<string, string> = {
  tyt: 'tram y te',
  ttyt: 'trung tam y te',
  bv: 'benh vien',
  bvdk: 'benh vien da khoa',
  xn: 'xet nghiem',
  nt: 'nha thuoc',
  o2: 'o xy',
  oxi: 'o xy',
  hn: 'ha noi',
};

/** Folded text without spaces or punctuation: `ô xy` and `oxy` read alike, as do `Lê Đại Hành` and `ledaihanh`. */
export const compact = (folded: string) => folded.replace(/[^a-z0-9]+/g, '');

/**
 * The one search normaliser: a query as the terms that must all appear in a folded name
 * (`atm oxy` → `atm`, `oxy`; `tyt hoan kiem` → `tramyte`, `hoan`, `kiem`). Terms are compacted,
 * matched against the compacted `search_name` by `searchMatchSql`.
 */
export function searchTerms(q: string): string[] {
  return foldVietnamese(q)
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((word) => compact(SHORT_FORMS[word] ?? word));
}

/**
 * SQL true when every term (the text[] parameter `param`, from `searchTerms`) is in `column`
 * (a folded search_name), spaces and punctuation ignored; strpos, not LIKE, so `%` and `_` stay literal.
 */
export const searchMatchSql = (column: string, param: string) =>
  `NOT EXISTS (SELECT 1 FROM unnest(${param}::text[]) AS term WHERE strpos(regexp_replace(${column}, '[^a-z0-9]+', '', 'g'), term) = 0)`;

/** SQL rank for ORDER BY: where the first term starts (earlier is better). */
export const searchRankSql = (column: string, param: string) =>
  `strpos(regexp_replace(${column}, '[^a-z0-9]+', '', 'g'), (${param}::text[])[1])`;
