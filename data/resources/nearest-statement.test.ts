import { describe, expect, it } from 'vitest';
import { preparedName } from '../db.js';
import { nearestSql, nearestStatement } from './queries.js';

describe('the nearest statement', () => {
  it('is kept prepared for the common ask, and planned per call with a type, a radius or a stock item', () => {
    expect(preparedName(nearestStatement({}))).toMatch(/^safemap_\d+$/);
    expect(preparedName(nearestStatement({ types: [] }))).toMatch(/^safemap_\d+$/);
    // a generic plan cannot use the radius as an index condition (250 ms instead of 2 ms for a rare item)
    for (const q of [
      { types: ['oxygen_atm'] },
      { radiusM: 2000 },
      { hasStock: 'oxygen_cylinders' },
      { radiusM: 500, hasStock: 'Pfizer' },
    ])
      expect(preparedName(nearestStatement(q)), JSON.stringify(q)).toBeUndefined();
    // one statement: the prepared text is the planned one, marked
    expect(nearestStatement({}).startsWith(nearestSql)).toBe(true);
  });
});
