import { describe, expect, it } from 'vitest';
import { openingHoursError, openStateAt } from './opening-hours.js';

// Instants are UTC; Hanoi is UTC+7, so 2022-02-01T16:30Z is 23:30 on Tuesday 1 February in Hanoi.
const at = (iso: string) => new Date(iso);

describe('opening hours in Hanoi time', () => {
  it('evaluates in Asia/Ho_Chi_Minh whatever the server’s zone', () => {
    // 07:30 Hanoi = 00:30 UTC: open; 06:30 Hanoi = 23:30 UTC the day before: closed
    expect(openStateAt('Mo-Su 07:00-21:00', at('2022-02-01T00:30:00Z'))).toMatchObject({
      open: true,
      nextChange: '2022-02-01T14:00:00.000Z',
    });
    expect(openStateAt('Mo-Su 07:00-21:00', at('2022-01-31T23:30:00Z')).open).toBe(false);
  });

  it('handles hours past midnight', () => {
    const overnight = 'Mo-Su 18:00-02:00';
    expect(openStateAt(overnight, at('2022-02-01T16:30:00Z')).open).toBe(true); // 23:30
    expect(openStateAt(overnight, at('2022-02-01T18:30:00Z'))).toMatchObject({
      open: true, // 01:30 the next day, still the evening's opening
      nextChange: '2022-02-01T19:00:00.000Z', // closes 02:00 Hanoi
    });
    expect(openStateAt(overnight, at('2022-02-01T19:30:00Z')).open).toBe(false); // 02:30
  });

  it('knows Vietnam’s public holidays (PH)', () => {
    const hours = 'Mo-Fr 07:30-17:00; PH off';
    // 2 September 2022 (National Day) was a Friday: closed; Friday 9 September: open
    expect(openStateAt(hours, at('2022-09-02T03:00:00Z')).open).toBe(false);
    expect(openStateAt(hours, at('2022-09-09T03:00:00Z')).open).toBe(true);
  });

  it('says 24/7 never changes and reads comments', () => {
    expect(openStateAt('24/7', at('2022-02-01T03:00:00Z'))).toMatchObject({ open: true, nextChange: null });
    expect(openStateAt('Mo-Su 08:00-17:00 "gọi trước"', at('2022-02-01T03:00:00Z')).comment).toBe('gọi trước');
  });

  it('refuses malformed values with the reason', () => {
    expect(openingHoursError('Mo-Su 07:00-21:00')).toBeNull();
    expect(openingHoursError('Mo-Fr 07:30-11:30,13:30-17:00; Sa 07:30-11:30; PH off')).toBeNull();
    expect(openingHoursError('Mon to Fri 8-5')).toMatch(/Please use the English abbreviation "Mo"/);
    expect(openingHoursError('7h-17h')).toMatch(/omit "h"/);
    expect(openingHoursError('Mo-Su 25:00-26:00')).toMatch(/outside of the current day/);
    expect(openingHoursError('Mo-Su 07:00-')).toMatch(/does not continue as expected/);
    expect(openingHoursError('')).toBe('empty');
  });
});
