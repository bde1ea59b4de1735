import { describe, expect, it } from 'vitest';
import { directionsUrl, travelMinutes, travelTimes } from './travel.js';

describe('travel estimates', () => {
  it('applies the detour factor and each mode’s speed', () => {
    // 1 km straight = 1.3 km of streets: 17.3 min on foot, 3.1 by motorbike, 3.9 by car
    expect(travelTimes(1000)).toEqual({ walk: 17, motorbike: 3, car: 4 });
    expect(travelMinutes(10, 'car')).toBe(1);
    expect(travelMinutes(5000, 'walk')).toBeGreaterThan(travelMinutes(5000, 'car'));
    expect(travelMinutes(5000, 'car')).toBeGreaterThan(travelMinutes(5000, 'motorbike'));
  });

  it('links directions per mode without a network call', () => {
    const to = { lon: 105.85, lat: 21.03 };
    const from = { lon: 105.8522, lat: 21.0287 };
    expect(directionsUrl('walk', to, from)).toBe(
      'https://www.openstreetmap.org/directions?engine=fossgis_osrm_foot&route=21.02870,105.85220;21.03000,105.85000',
    );
    expect(directionsUrl('car', to)).toContain('engine=fossgis_osrm_car&route=;21.03000,105.85000');
    expect(directionsUrl('motorbike', to, from)).toContain('travelmode=two-wheeler');
  });
});
