import { describe, expect, it } from 'vitest';
import { allocatePopulation } from './population.js';

const OLD = [
  { code: '00001', name: 'An', type: 'Xã', districtCode: '100', districtName: 'Một' },
  { code: '00002', name: 'Bình', type: 'Xã', districtCode: '100', districtName: 'Một' },
  { code: '00003', name: 'Châu', type: 'Xã', districtCode: '100', districtName: 'Một' },
  { code: '00004', name: 'Dương', type: 'Xã', districtCode: '200', districtName: 'Hai' },
];
const CENSUS = [
  { gadmId: 'a', oldCode: '00001', population: 1000 },
  { gadmId: 'b', oldCode: '00002', population: 3001 },
  { gadmId: 'c', oldCode: '00003', population: 500 },
  { gadmId: 'd', oldCode: '00004', population: 700 },
];

describe('allocatePopulation', () => {
  it('gives a whole unit to its one receiver and splits a shared unit equally', () => {
    const r = allocatePopulation(
      [
        { code: '10001', formedFrom: 'Xã An, một phần của Xã Bình' },
        { code: '10002', formedFrom: 'Xã Bình (phần còn lại sau khi sáp nhập vào xã X), Xã Châu' },
        { code: '10003', formedFrom: 'Xã Dương' },
      ],
      OLD,
      CENSUS,
    );
    expect(r.wards).toEqual([
      { code: '10001', population: 2501, estimated: true, districtCode: '100' },
      { code: '10002', population: 2000, estimated: true, districtCode: '100' },
      { code: '10003', population: 700, estimated: false, districtCode: '200' },
    ]);
    expect(r.censusTotal).toBe(5201);
  });

  it('spreads an unnamed unit over its district in proportion, keeping the total', () => {
    const r = allocatePopulation(
      [
        { code: '10001', formedFrom: 'Xã An' },
        { code: '10002', formedFrom: 'Xã Bình' },
        { code: '10003', formedFrom: 'Xã Dương' },
      ],
      OLD,
      CENSUS,
    );
    expect(r.unnamedOldUnits).toEqual(['00003']);
    const total = r.wards.reduce((s, w) => s + w.population, 0);
    expect(total).toBe(5201);
    expect(r.wards.find((w) => w.code === '10001')).toMatchObject({ population: 1125, estimated: true });
    expect(r.wards.find((w) => w.code === '10003')).toMatchObject({ population: 700, estimated: false });
  });

  it('refuses a census row it cannot place', () => {
    expect(() => allocatePopulation([], OLD, [{ gadmId: 'zz', oldCode: '', population: 1 }])).toThrow(/zz/);
  });
});
