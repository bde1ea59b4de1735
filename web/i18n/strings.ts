export type Lang = 'vi' | 'en';

/** Every user-facing string, Vietnamese first. */
export const STRINGS = {
  vi: {
    appTitle: 'Bản đồ an toàn COVID-19 Hà Nội',
    appShort: 'safemap Hà Nội',
    switchLang: 'English',
    searchPlaceholder: 'Tìm xã, phường (vd: hoan kiem)',
    searchNoResult: 'Không tìm thấy xã, phường nào',
    population: 'Dân số',
    populationEstimated: 'ước tính từ Tổng điều tra 2019 (đơn vị bị chia tách)',
    populationCensus: 'Tổng điều tra dân số 2019',
    area: 'Diện tích',
    density: 'Mật độ',
    district: 'Quận/huyện cũ',
    code: 'Mã đơn vị',
    close: 'Đóng',
    people: 'người',
    perKm2: 'người/km²',
    hotline: 'Đường dây nóng 1022',
    hotlineShort: 'Gọi 1022',
    noData: 'Chưa có dữ liệu Hà Nội. Xem README để nạp dữ liệu.',
    loadError: 'Không tải được dữ liệu. Vui lòng thử lại.',
    wardsCount: (n: number) => `${n} xã, phường`,
  },
  en: {
    appTitle: 'Hanoi COVID-19 safety map',
    appShort: 'safemap Hanoi',
    switchLang: 'Tiếng Việt',
    searchPlaceholder: 'Find a ward or commune (e.g. hoan kiem)',
    searchNoResult: 'No ward or commune found',
    population: 'Population',
    populationEstimated: 'estimated from the 2019 Census (split units)',
    populationCensus: '2019 Population Census',
    area: 'Area',
    density: 'Density',
    district: 'Former district',
    code: 'Unit code',
    close: 'Close',
    people: 'people',
    perKm2: 'people/km²',
    hotline: 'Hotline 1022',
    hotlineShort: 'Call 1022',
    noData: 'No Hanoi data loaded yet. See the README to import it.',
    loadError: 'Could not load data. Please try again.',
    wardsCount: (n: number) => `${n} wards and communes`,
  },
} as const;

export type Strings = (typeof STRINGS)[Lang];

/** Number formatting in the user's language (Vietnamese uses dots for thousands). */
export function formatNumber(n: number, lang: Lang, digits = 0): string {
  return n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: digits });
}
