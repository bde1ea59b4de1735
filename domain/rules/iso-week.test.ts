import { describe, expect, it } from 'vitest';
import { addWeeks, isIsoWeek, isoWeekOf, oldestCurrentWeek, weekEndDate, weekStart } from './iso-week.js';

describe('ISO weeks', () => {
  it('finds the Monday and Sunday of a week, across year ends', () => {
    expect(weekStart('2022-W05').toISOString().slice(0, 10)).toBe('2022-01-31');
    expect(weekEndDate('2022-W04')).toBe('2022-01-30');
    expect(weekStart('2021-W01').toISOString().slice(0, 10)).toBe('2021-01-04');
    expect(weekStart('2020-W53').toISOString().slice(0, 10)).toBe('2020-12-28');
  });

  it('names the week of a date, and steps by weeks', () => {
    expect(isoWeekOf(new Date('2021-01-03T12:00:00Z'))).toBe('2020-W53');
    expect(isoWeekOf(new Date('2022-01-27T00:00:00Z'))).toBe('2022-W04');
    expect(addWeeks('2021-W52', 1)).toBe('2022-W01');
    expect(addWeeks('2022-W12', -15)).toBe('2021-W49');
  });

  it('finds the oldest week still current: 14 days behind the newest is current, more is stale', () => {
    expect(oldestCurrentWeek('2022-W13', 14)).toBe('2022-W11');
    expect(oldestCurrentWeek('2022-W13', 13)).toBe('2022-W12');
    expect(oldestCurrentWeek('2022-W01', 14)).toBe('2021-W51');
    expect(oldestCurrentWeek('2022-W13', 0)).toBe('2022-W13');
  });

  it('accepts only real weeks', () => {
    expect(isIsoWeek('2020-W53')).toBe(true);
    expect(isIsoWeek('2021-W53')).toBe(false);
    expect(isIsoWeek('2022-W00')).toBe(false);
    expect(isIsoWeek('2022-5')).toBe(false);
  });
});
