import type { Lang } from '../i18n/strings.js';

export const OFFLINE_STRINGS: Record<
  Lang,
  { offline: string; dataFrom(time: string): string; stockFrom(time: string): string; stockUnknown: string }
> = {
  vi: {
    offline: 'Đang ngoại tuyến',
    dataFrom: (time) => `Dữ liệu lúc ${time} — đang ngoại tuyến`,
    stockFrom: (time) => `Số lượng lúc ${time}, có thể đã thay đổi`,
    stockUnknown: 'Số lượng có thể đã thay đổi',
  },
  en: {
    offline: 'Offline',
    dataFrom: (time) => `Data from ${time} — offline`,
    stockFrom: (time) => `Stock as of ${time}, may have changed`,
    stockUnknown: 'Stock may have changed',
  },
};
