import { describe, expect, it } from 'vitest';
import { weeklySchedule } from '../../data/resources/opening-hours.js';
import { describeSchedule } from './describe.js';

// Wednesday 2 December 2026, 10:00 in Hanoi (03:00 UTC); Friday 2 September 2022 was National Day
const wednesday = new Date('2026-12-02T03:00:00Z');
const nationalDay = new Date('2022-09-02T03:00:00Z');
const words = (value: string, at: Date, lang: 'vi' | 'en') => describeSchedule(weeklySchedule(value, at), lang);

describe('opening hours in words', () => {
  it('overnight hours close the next day', () => {
    expect(words('Mo-Su 22:00-06:00', wednesday, 'vi')).toEqual({
      today: 'Hôm nay (Thứ Tư): 22:00–06:00 (hôm sau)',
      week: [{ days: 'Thứ Hai – Chủ nhật', hours: '22:00–06:00 (hôm sau)' }],
      holidays: null,
    });
    expect(words('Mo-Su 22:00-06:00', wednesday, 'en')).toEqual({
      today: 'Today (Wednesday): 22:00–06:00 (next day)',
      week: [{ days: 'Monday – Sunday', hours: '22:00–06:00 (next day)' }],
      holidays: null,
    });
  });

  it('multi-interval days, Saturday mornings, closed Sundays and holidays', () => {
    const value = 'Mo-Fr 07:30-11:30,13:30-17:00; Sa 07:30-11:30; PH off';
    expect(words(value, wednesday, 'vi')).toEqual({
      today: 'Hôm nay (Thứ Tư): 07:30–11:30, 13:30–17:00',
      week: [
        { days: 'Thứ Hai – Thứ Sáu', hours: '07:30–11:30, 13:30–17:00' },
        { days: 'Thứ Bảy', hours: '07:30–11:30' },
        { days: 'Chủ nhật', hours: 'đóng cửa' },
      ],
      holidays: 'Ngày lễ: đóng cửa',
    });
    expect(words(value, wednesday, 'en')).toEqual({
      today: 'Today (Wednesday): 07:30–11:30, 13:30–17:00',
      week: [
        { days: 'Monday – Friday', hours: '07:30–11:30, 13:30–17:00' },
        { days: 'Saturday', hours: '07:30–11:30' },
        { days: 'Sunday', hours: 'closed' },
      ],
      holidays: 'Public holidays: closed',
    });
  });

  it('a public holiday today shows the holiday hours and the ordinary week beside them', () => {
    const value = 'Mo-Fr 08:00-17:00; PH 08:00-12:00';
    expect(words(value, nationalDay, 'vi')).toEqual({
      today: 'Hôm nay (Thứ Sáu, ngày lễ): 08:00–12:00',
      week: [
        { days: 'Thứ Hai – Thứ Sáu', hours: '08:00–17:00' },
        { days: 'Thứ Bảy – Chủ nhật', hours: 'đóng cửa' },
      ],
      holidays: 'Ngày lễ: 08:00–12:00',
    });
    expect(words(value, nationalDay, 'en')).toMatchObject({
      today: 'Today (Friday, public holiday): 08:00–12:00',
      holidays: 'Public holidays: 08:00–12:00',
    });
    expect(words('Mo-Fr 07:30-17:00; PH off', nationalDay, 'en').today).toBe('Today (Friday, public holiday): closed');
  });

  it('24/7 is said once', () => {
    expect(words('24/7', wednesday, 'vi')).toEqual({
      today: 'Mở cửa 24 giờ, tất cả các ngày, kể cả ngày lễ',
      week: [],
      holidays: null,
    });
    expect(words('24/7', wednesday, 'en').today).toBe('Open 24 hours, every day, public holidays included');
  });
});
