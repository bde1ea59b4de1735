import OpeningHours from 'opening_hours';
import type { DayHours, Interval, WeeklySchedule } from '../../domain/opening-hours/schedule.js';

/** Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving since 1975). */
const HANOI_OFFSET_MS = 7 * 3600_000;
/** Where public holidays (PH) are looked up: Vietnam's national holidays. */
const VIETNAM = { lat: 21.03, lon: 105.85, address: { country_code: 'vn', state: '' } };

export interface OpenState {
  /** open now; false also when closed or unknown */
  open: boolean;
  /** the hours say "unknown" (e.g. `off "by appointment"` comments, or `unknown`) */
  unknown: boolean;
  /** when the state next changes (ISO), or null when it never does (24/7) within two weeks */
  nextChange: string | null;
  comment: string | null;
}

// Parsing is the costly part and a city has few distinct hour strings: keep the parsed ones.
const parsed = new Map<string, OpeningHours>();

function parse(value: string): OpeningHours {
  let oh = parsed.get(value);
  if (!oh) {
    oh = new OpeningHours(value, VIETNAM as never, { mode: 0, tag_key: 'opening_hours', locale: 'en' } as never);
    if (parsed.size >= 1000) parsed.delete(parsed.keys().next().value as string);
    parsed.set(value, oh);
  }
  return oh;
}

/**
 * Why an opening_hours value is refused, or null when it is clean. Values the library only
 * guesses at (`7h-17h`, `Mon to Fri 8-5`) come with warnings; they are refused too, so what is
 * stored means exactly one thing.
 */
export function openingHoursError(value: string): string | null {
  if (value.trim() === '') return 'empty';
  try {
    const warnings = parse(value).getWarnings();
    return warnings.length > 0 ? warnings[0].split('\n')[0].slice(0, 200) : null;
  } catch (error) {
    return String(error instanceof Error ? error.message : error)
      .split('\n')[0]
      .slice(0, 200);
  }
}

/** A Date whose local fields read Hanoi's wall clock at `instant` (the library reads local fields). */
function hanoiWallClock(instant: Date): Date {
  const w = new Date(instant.getTime() + HANOI_OFFSET_MS);
  return new Date(
    w.getUTCFullYear(),
    w.getUTCMonth(),
    w.getUTCDate(),
    w.getUTCHours(),
    w.getUTCMinutes(),
    w.getUTCSeconds(),
  );
}

/** The instant a Hanoi wall-clock Date (local fields) stands for. */
function fromHanoiWallClock(local: Date): Date {
  const utc = Date.UTC(
    local.getFullYear(),
    local.getMonth(),
    local.getDate(),
    local.getHours(),
    local.getMinutes(),
    local.getSeconds(),
  );
  return new Date(utc - HANOI_OFFSET_MS);
}

/**
 * Answers per (value, minute): hours change on whole minutes, so every instant of a minute has the
 * same state, next change and week. A nearest list evaluates the same few hour strings for every
 * request (a tenth of the route's time under load, the week's holiday scan above all); within a
 * minute they are computed once. The answers are shared: callers must not change them.
 */
const MINUTE_MS = 60_000;
let memoMinute = Number.NaN;
const memo = new Map<string, unknown>();

function perMinute<T>(kind: string, value: string, instant: Date, compute: (minute: Date) => T): T {
  const minute = Math.floor(instant.getTime() / MINUTE_MS);
  if (minute !== memoMinute || memo.size >= 4000) {
    memo.clear();
    memoMinute = minute;
  }
  const key = `${kind}\u0000${value}`;
  if (memo.has(key)) return memo.get(key) as T;
  const answer = compute(new Date(minute * MINUTE_MS));
  memo.set(key, answer);
  return answer;
}

/** Whether a place with these hours is open at `instant`, in Hanoi time, and when that changes. */
export function openStateAt(value: string, instant: Date): OpenState {
  return perMinute('state', value, instant, (minute) => computeOpenState(value, minute));
}

function computeOpenState(value: string, instant: Date): OpenState {
  const oh = parse(value);
  const wall = hanoiWallClock(instant);
  const next = oh.getNextChange(wall, new Date(wall.getTime() + 14 * 86_400_000));
  return {
    open: oh.getState(wall),
    unknown: oh.getUnknown(wall),
    nextChange: next ? fromHanoiWallClock(next).toISOString() : null,
    comment: oh.getComment(wall) ?? null,
  };
}

const DAY_MS = 86_400_000;
const hhmm = (d: Date) => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
const addDays = (d: Date, n: number) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);
/** ISO weekday 1…7 of a local Date */
const isoWeekday = (d: Date) => ((d.getDay() + 6) % 7) + 1;

/** True on Vietnam's public holidays: the library's own holiday table, asked through the value `PH`. */
const isHoliday = (day: Date) => parse('PH').getState(new Date(day.getFullYear(), day.getMonth(), day.getDate(), 12));

/** The spans that open on `day` (local midnight, Hanoi wall clock); an overnight span belongs to the day it opens. */
function intervalsOn(oh: OpeningHours, day: Date): Interval[] {
  const start = day.getTime();
  const end = start + DAY_MS;
  const out: Interval[] = [];
  for (const [from, to] of oh.getOpenIntervals(day, new Date(start + 2 * DAY_MS))) {
    const f = from.getTime();
    if (f >= end) break;
    if (f === start && oh.getState(new Date(start - 60_000))) continue; // the tail of yesterday's night
    const t = to.getTime();
    out.push({
      from: hhmm(from),
      to: t === end ? '24:00' : hhmm(to),
      nextDay: t > end,
    });
  }
  return out;
}

/** The value as a week of hours from `instant` in Hanoi: today, the ordinary week, public holidays. */
export function weeklySchedule(value: string, instant: Date): WeeklySchedule {
  return perMinute('week', value, instant, (minute) => computeWeeklySchedule(value, minute));
}

function computeWeeklySchedule(value: string, instant: Date): WeeklySchedule {
  const oh = parse(value);
  const today = addDays(hanoiWallClock(instant), 0);
  const fortnight = oh.getOpenIntervals(today, new Date(today.getTime() + 14 * DAY_MS));
  const alwaysOpen =
    fortnight.length === 1 &&
    fortnight[0][0].getTime() <= today.getTime() &&
    fortnight[0][1].getTime() >= today.getTime() + 14 * DAY_MS;
  const week: DayHours[] = [];
  for (let weekday = 1; weekday <= 7; weekday++) {
    // the first ordinary (non-holiday) date of this weekday in the next three weeks
    let day = addDays(today, (weekday - isoWeekday(today) + 7) % 7);
    while (isHoliday(day) && day.getTime() < today.getTime() + 21 * DAY_MS) day = addDays(day, 7);
    week.push({ weekday, intervals: intervalsOn(oh, day) });
  }
  let publicHolidays: Interval[] | null = null;
  if (/\bPH\b/.test(value)) {
    let day = today;
    for (let i = 0; i < 400 && !isHoliday(day); i++) day = addDays(day, 1);
    publicHolidays = intervalsOn(oh, day);
  }
  const date = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  return {
    alwaysOpen,
    today: { date, weekday: isoWeekday(today), holiday: isHoliday(today), intervals: intervalsOn(oh, today) },
    week,
    publicHolidays,
    comment: oh.getComment(hanoiWallClock(instant)) ?? null,
  };
}
