import { describe, expect, it } from 'vitest';
import type { UnitRef } from '../../data/accounts.js';
import { scopeCovers } from './authorize.js';

const ward: UnitRef[] = [
  { level: 'ward', code: '00004' },
  { level: 'district', code: '001' },
  { level: 'city', code: '01' },
];
const group: UnitRef[] = [{ level: 'group', code: '00004-01' }, ...ward.slice(0, 2)];
const scope = (level: UnitRef['level'], code: string) => ({ level, code, nameVi: code, nameEn: code });

describe('scopeCovers', () => {
  it('lets a city admin act everywhere and a business nowhere', () => {
    expect(scopeCovers({ role: 'city_admin', scope: scope('city', '01') }, ward)).toBe(true);
    expect(scopeCovers({ role: 'business', scope: null }, ward)).toBe(false);
  });

  it('puts a ward and its groups inside their district, and nothing else', () => {
    const district = { role: 'district_officer' as const, scope: scope('district', '001') };
    expect(scopeCovers(district, ward)).toBe(true);
    expect(scopeCovers(district, group)).toBe(true);
    expect(scopeCovers({ ...district, scope: scope('district', '008') }, ward)).toBe(false);
  });

  it('keeps a ward officer to their own ward and its groups', () => {
    const officer = { role: 'ward_officer' as const, scope: scope('ward', '00004') };
    expect(scopeCovers(officer, ward)).toBe(true);
    expect(scopeCovers(officer, group)).toBe(true);
    expect(scopeCovers({ ...officer, scope: scope('ward', '00008') }, ward)).toBe(false);
    // a ward officer's scope never reaches up: the district itself is not theirs
    expect(scopeCovers(officer, ward.slice(1))).toBe(false);
  });
});
