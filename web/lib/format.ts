import type { Lang } from '../i18n/strings.js';

/** Every number, date and time the reader sees goes through Intl in the reader's language. */
const LOCALE: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' };
const HANOI = 'Asia/Ho_Chi_Minh';

/** A number with exactly `digits` decimals: `418,4` in Vietnamese, `418.4` in English. */
export const formatFixed = (n: number, lang: Lang, digits: number) =>
  n.toLocaleString(LOCALE[lang], { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** At most `digits` decimals (none shown when whole): `14,5`, `300`. */
export const formatUpTo = (n: number, lang: Lang, digits = 1) =>
  n.toLocaleString(LOCALE[lang], { maximumFractionDigits: digits });

/** A share 0…1 as `12,5%` / `12.5%`. */
export const formatPercent = (share: number, lang: Lang, digits = 1) =>
  `${(share * 100).toLocaleString(LOCALE[lang], { minimumFractionDigits: digits, maximumFractionDigits: digits })}%`;

/** `dd/MM/yyyy` in Hanoi time, both languages. */
export const formatDate = (iso: string | Date, lang: Lang) =>
  new Intl.DateTimeFormat(LOCALE[lang], { timeZone: HANOI, day: '2-digit', month: '2-digit', year: 'numeric' }).format(
    new Date(iso),
  );

/** `HH:mm`, 24-hour, in Hanoi time. */
export const formatTime = (iso: string | Date, lang: Lang) =>
  new Intl.DateTimeFormat(LOCALE[lang], {
    timeZone: HANOI,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));

/** `dd/MM/yyyy HH:mm` in Hanoi time. */
export const formatDateTime = (iso: string | Date, lang: Lang) => `${formatDate(iso, lang)} ${formatTime(iso, lang)}`;
