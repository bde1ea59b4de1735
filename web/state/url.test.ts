import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, readViewState, writeViewState } from './url-state.js';

describe('view state in the URL', () => {
  it('round-trips centre, zoom, ward, week and language', () => {
    const view = { lon: 105.85, lat: 21.03, zoom: 13.5, ward: '00070', week: '2022-W05', lang: 'en' as const };
    expect(readViewState(writeViewState(view))).toEqual(view);
  });
  it('falls back to defaults on nonsense', () => {
    expect(readViewState('?lat=999&lon=abc&z=-3&ward=../x&week=W5&lang=fr')).toEqual({
      ...DEFAULT_VIEW,
      ward: undefined,
      week: undefined,
    });
  });
});
