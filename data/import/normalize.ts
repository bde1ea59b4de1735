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
