import type { Lang } from './strings.js';

/** The search box's words, Vietnamese first. */
export const SEARCH_STRINGS = {
  vi: {
    label: 'Tìm phường/xã, địa điểm hỗ trợ hoặc cơ sở kinh doanh',
    placeholder: 'Tìm phường, điểm, cơ sở (vd: oxy)',
    noMatch: (q: string) => `Không tìm thấy phường/xã, địa điểm hay cơ sở nào khớp «${q}».`,
    count: (n: number) => `${n} kết quả`,
    ward: 'Phường/xã',
  },
  en: {
    label: 'Find a ward, a place that helps or a business',
    placeholder: 'Find a ward, place, business',
    noMatch: (q: string) => `No ward, place or business matches “${q}”.`,
    count: (n: number) => `${n} results`,
    ward: 'Ward',
  },
} satisfies Record<Lang, unknown>;
