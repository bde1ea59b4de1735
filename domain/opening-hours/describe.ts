import type { DayHours, Interval, WeeklySchedule } from './schedule.js';

export type Lang = 'vi' | 'en';

const DAY_NAMES: Record<Lang, string[]> = {
  vi: ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ nhật'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

const WORDS = {
  vi: {
    closed: 'đóng cửa',
    allDay: 'cả ngày',
    nextDay: 'hôm sau',
    today: 'Hôm nay',
    holiday: 'ngày lễ',
    holidays: 'Ngày lễ',
    always: 'Mở cửa 24 giờ, tất cả các ngày, kể cả ngày lễ',
  },
  en: {
    closed: 'closed',
    allDay: 'all day',
    nextDay: 'next day',
    today: 'Today',
    holiday: 'public holiday',
    holidays: 'Public holidays',
    always: 'Open 24 hours, every day, public holidays included',
  },
} as const;

/** `Thứ Hai` / `Monday` for ISO weekday 1…7. */
export const dayName = (weekday: number, lang: Lang) => DAY_NAMES[lang][weekday - 1];

/** `07:30–11:30, 13:30–17:00`, `22:00–06:00 (hôm sau)`, `đóng cửa`; 24-hour times in both languages. */
export function intervalsText(intervals: Interval[], lang: Lang): string {
  const w = WORDS[lang];
  if (intervals.length === 0) return w.closed;
  return intervals
    .map((i) =>
      i.from === '00:00' && i.to === '24:00' ? w.allDay : `${i.from}–${i.to}${i.nextDay ? ` (${w.nextDay})` : ''}`,
    )
    .join(', ');
}

export interface DescribedHours {
  /** today's hours first: `Hôm nay (Thứ Tư): 07:30–11:30, 13:30–17:00` */
  today: string;
  /** the week, consecutive days with the same hours together: `Thứ Hai – Thứ Sáu` → hours */
  week: { days: string; hours: string }[];
  /** `Ngày lễ: đóng cửa`, or null when the hours say nothing about holidays */
  holidays: string | null;
}

/** A weekly schedule in plain words, Vietnamese or English. */
export function describeSchedule(s: WeeklySchedule, lang: Lang): DescribedHours {
  const w = WORDS[lang];
  if (s.alwaysOpen) return { today: w.always, week: [], holidays: null };
  const day = `${dayName(s.today.weekday, lang)}${s.today.holiday ? `, ${w.holiday}` : ''}`;
  const week: { days: string; hours: string }[] = [];
  let run: { first: DayHours; last: DayHours; hours: string } | undefined;
  const flush = () => {
    if (!run) return;
    const days =
      run.first === run.last
        ? dayName(run.first.weekday, lang)
        : `${dayName(run.first.weekday, lang)} – ${dayName(run.last.weekday, lang)}`;
    week.push({ days, hours: run.hours });
  };
  for (const d of s.week) {
    const hours = intervalsText(d.intervals, lang);
    if (run && run.hours === hours && run.last.weekday === d.weekday - 1) run.last = d;
    else {
      flush();
      run = { first: d, last: d, hours };
    }
  }
  flush();
  return {
    today: `${w.today} (${day}): ${intervalsText(s.today.intervals, lang)}`,
    week,
    holidays: s.publicHolidays ? `${w.holidays}: ${intervalsText(s.publicHolidays, lang)}` : null,
  };
}
