/** ISO 8601 weeks (`2022-W05`): Monday to Sunday; week 1 holds the year's first Thursday. */

const WEEK = /^(\d{4})-W(\d{2})$/;
const DAY_MS = 86_400_000;

export function isIsoWeek(s: string): boolean {
  const m = WEEK.exec(s);
  return !!m && Number(m[2]) >= 1 && Number(m[2]) <= weeksInYear(Number(m[1]));
}

/** The Monday (UTC midnight) of an ISO week. */
export function weekStart(week: string): Date {
  const m = WEEK.exec(week);
  if (!m) throw new Error(`not an ISO week: ${week}`);
  const jan4 = Date.UTC(Number(m[1]), 0, 4);
  const mondayOfWeek1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
  return new Date(mondayOfWeek1 + (Number(m[2]) - 1) * 7 * DAY_MS);
}

/** The Sunday of an ISO week, as `YYYY-MM-DD`. */
export function weekEndDate(week: string): string {
  return new Date(weekStart(week).getTime() + 6 * DAY_MS).toISOString().slice(0, 10);
}

/** The ISO week a moment falls in (UTC). */
export function isoWeekOf(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const thursday = new Date(d.getTime() + (3 - ((d.getUTCDay() + 6) % 7)) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * The oldest week still current when `newest` is the city's newest: a unit whose latest figures
 * are more than `staleDays` behind it is stale.
 */
export function oldestCurrentWeek(newest: string, staleDays: number): string {
  return addWeeks(newest, -Math.floor(staleDays / 7));
}

export function addWeeks(week: string, n: number): string {
  return isoWeekOf(new Date(weekStart(week).getTime() + n * 7 * DAY_MS));
}

function weeksInYear(year: number): number {
  return isoWeekOf(new Date(Date.UTC(year, 11, 28))).endsWith('53') ? 53 : 52;
}
