import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../data/demo/random.js';
import { type Station, stationIndex } from './coverage.js';

/** What the index must answer: a scan of every station, the first among equally near ones. */
function scan(stations: readonly Station[], x: number, y: number): Station | undefined {
  let best: Station | undefined;
  let bestSq = Number.POSITIVE_INFINITY;
  for (const s of stations) {
    const d = (s.x - x) ** 2 + (s.y - y) ** 2;
    if (d < bestSq) {
      bestSq = d;
      best = s;
    }
  }
  return best;
}

const station = (x: number, y: number): Station => ({ x, y, lon: x / 1e5, lat: y / 1e5 });

describe('station index (coverage)', () => {
  const layouts: [string, (random: () => number) => Station[]][] = [
    ['scattered', (random) => Array.from({ length: 300 }, () => station(random() * 50_000, random() * 30_000))],
    [
      'clustered, with duplicates',
      (random) =>
        Array.from({ length: 200 }, (_, i) =>
          i % 5 === 0 ? station(1000, 1000) : station(1000 + random() * 300, 1000 + random() * 300),
        ),
    ],
    ['on a line', (random) => Array.from({ length: 100 }, () => station(random() * 80_000, 5000))],
    ['one', () => [station(42, 42)]],
    [
      'on a grid (ties everywhere)',
      () => Array.from({ length: 400 }, (_, i) => station((i % 20) * 500, Math.floor(i / 20) * 500)),
    ],
  ];

  it.each(layouts)('answers what a scan of every station answers: %s', (_, make) => {
    const random = seededRandom(7);
    const stations = make(random);
    const nearest = stationIndex(stations);
    for (let i = 0; i < 3000; i++) {
      // points inside the stations' extent and far outside it
      const x = -40_000 + random() * 140_000;
      const y = -40_000 + random() * 110_000;
      expect(nearest(x, y)).toBe(scan(stations, x, y));
    }
    // on the stations themselves and halfway between grid points
    for (const s of stations.slice(0, 50)) {
      expect(nearest(s.x, s.y)).toBe(scan(stations, s.x, s.y));
      expect(nearest(s.x + 250, s.y + 250)).toBe(scan(stations, s.x + 250, s.y + 250));
    }
  });

  it('answers nothing without stations', () => {
    expect(stationIndex([])(0, 0)).toBeUndefined();
  });
});
