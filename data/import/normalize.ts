/**
 * Folds Vietnamese text for matching and search: lower case, no diacritics, đ→d,
 * single spaces. `Hoàn Kiếm` and `hoan  kiem` fold to the same string.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
