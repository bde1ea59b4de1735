/** A span of opening in Hanoi wall-clock time, `HH:MM`; `nextDay` when it closes after midnight. */
export interface Interval {
  from: string;
  to: string;
  nextDay: boolean;
}

/** One weekday's hours; weekday is ISO (1 = Monday … 7 = Sunday). No intervals: closed all day. */
export interface DayHours {
  weekday: number;
  intervals: Interval[];
}

/**
 * What an `opening_hours` value means for people, computed on the server (the parser stays out
 * of the browser bundle) and put into words by `describeSchedule` in each language.
 */
export interface WeeklySchedule {
  alwaysOpen: boolean;
  /** today in Hanoi, `YYYY-MM-DD`, whether it is a public holiday, and its hours */
  today: DayHours & { date: string; holiday: boolean };
  /** the ordinary week, Monday first (public holidays left out) */
  week: DayHours[];
  /** the hours on public holidays, or null when the value says nothing about them */
  publicHolidays: Interval[] | null;
  comment: string | null;
}
