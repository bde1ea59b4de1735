// Nearest-5 resources among 100,000 synthetic ones: over HTTP on loopback at 1 and 32 concurrent
// clients, against the bare SQL query through the driver (the floor) and a brute-force JS scan
// (the baseline without an index), all in the same run, on each engine.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from '../api/app.js';
import { readConfig } from '../data/config.js';
import { openDatabase, type Queryable } from '../data/db.js';
import { seededRandom } from '../data/demo/random.js';
import { nearestStatement } from '../data/resources/queries.js';
import { pct } from './stats.js';

const COUNT = 100_000;
const QUERIES = 400;
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

function queryPoints() {
  const random = seededRandom(11);
  return Array.from({ length: QUERIES }, () => [105.7 + random() * 0.25, 20.95 + random() * 0.15] as [number, number]);
}

/** 100,000 synthetic resources over Hanoi (source 'bench', the same every run), replacing any before. */
export async function insertBenchResources(db: Queryable, count = COUNT) {
  await db.exec(`DELETE FROM resources WHERE source = 'bench'`);
  await db.exec(`SELECT setseed(0.42);
    INSERT INTO resources (type, name, search_name, opening_hours, source, stock, geom, geog, geom_3857)
    SELECT (ARRAY['mobile_station','oxygen_atm','vaccination_point','treatment_facility','testing_point'])[1 + i % 5],
      'bench ' || i, 'bench', '24/7', 'bench', '{"oxygen_cylinders": 3}', g, g::geography, ST_Transform(g, 3857)
    FROM generate_series(1, ${count}) i,
      LATERAL (SELECT ST_SetSRID(ST_MakePoint(105.5 + random() * 0.6 + i * 0, 20.8 + random() * 0.5), 4326) AS g) p;
    ANALYZE resources;`);
}

async function run(label: string, databaseUrl?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'safemap-bench-res-'));
  const db = await openDatabase({ databaseUrl, dataDir: join(dir, 'db') });
  let server: ReturnType<typeof serve> | undefined;
  try {
    await insertBenchResources(db);
    const listening = serve({ fetch: createApp(db).fetch, port: 0, hostname: '127.0.0.1' });
    server = listening;
    await new Promise((resolve) => listening.once('listening', resolve));
    const origin = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
    const points = queryPoints();

    // floor: the same SQL, same points, straight through the driver
    for (const [lon, lat] of points.slice(0, 20)) await db.query(nearestStatement({}), [lon, lat, null, null, null, 5]);
    const floor: number[] = [];
    for (const [lon, lat] of points) {
      const t = performance.now();
      await db.query(nearestStatement({}), [lon, lat, null, null, null, 5]);
      floor.push(performance.now() - t);
    }

    const http = async (concurrency: number) => {
      const times: number[] = [];
      // the embedded engine sheds load (503 + Retry-After) instead of queueing for seconds
      const shed: number[] = [];
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < points.length) {
            const [lon, lat] = points[next++];
            const t = performance.now();
            const res = await fetch(`${origin}/api/resources/nearest?lon=${lon}&lat=${lat}&limit=5`);
            await res.arrayBuffer();
            if (res.status === 503 && res.headers.get('retry-after')) shed.push(performance.now() - t);
            else if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
            else times.push(performance.now() - t);
          }
        }),
      );
      return { times, shed, rps: points.length / ((performance.now() - started) / 1000) };
    };
    await http(4); // warm-up
    const one = await http(1);
    const many = await http(32);

    // baseline: every point against every resource in JS (haversine), no index
    const all = await db.query<{ lon: number; lat: number }>(
      `SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM resources`,
    );
    const lons = Float64Array.from(all.map((r) => r.lon));
    const lats = Float64Array.from(all.map((r) => r.lat));
    const brute: number[] = [];
    const rad = Math.PI / 180;
    for (const [lon, lat] of points.slice(0, 100)) {
      const t = performance.now();
      const best: number[] = [];
      for (let i = 0; i < lons.length; i++) {
        const dLat = (lats[i] - lat) * rad;
        const dLon = (lons[i] - lon) * rad;
        const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat * rad) * Math.cos(lats[i] * rad) * Math.sin(dLon / 2) ** 2;
        if (best.length < 5 || h < best[4]) {
          best.push(h);
          best.sort((a, b) => a - b);
          if (best.length > 5) best.pop();
        }
      }
      brute.push(performance.now() - t);
    }

    const p50 = pct(one.times, 0.5);
    console.log(`${label.padEnd(9)} ${COUNT.toLocaleString('en')} resources, nearest-5, ${QUERIES} points`);
    console.log(`  floor (bare SQL via driver)   p50 ${fmt(pct(floor, 0.5))}  p99 ${fmt(pct(floor, 0.99))}`);
    console.log(
      `  HTTP, 1 client                p50 ${fmt(p50)}  p99 ${fmt(pct(one.times, 0.99))}  (${one.rps.toFixed(0)} req/s)`,
    );
    console.log(
      `  HTTP, 32 clients              p50 ${fmt(pct(many.times, 0.5))}  p99 ${fmt(pct(many.times, 0.99))}  (${many.rps.toFixed(0)} req/s)`,
    );
    const all32 = [...many.times, ...many.shed];
    console.log(
      `  HTTP, 32 clients, every answer p50 ${fmt(pct(all32, 0.5))}  p99 ${fmt(pct(all32, 0.99))}; ` +
        `${many.shed.length} × 503 (${((100 * many.shed.length) / all32.length).toFixed(1)} %` +
        `${many.shed.length > 0 ? `, answered in p50 ${fmt(pct(many.shed, 0.5))} p99 ${fmt(pct(many.shed, 0.99))}` : ''})`,
    );
    console.log(`  brute-force JS scan           p50 ${fmt(pct(brute, 0.5))}`);
    console.log(
      `  HTTP p50 / floor p50: ${(p50 / pct(floor, 0.5)).toFixed(2)}×   brute force / HTTP p50: ${(pct(brute, 0.5) / p50).toFixed(1)}×`,
    );
    await db.exec(`DELETE FROM resources WHERE source = 'bench'`);
  } finally {
    server?.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchResources() {
  await run('pglite');
  const { databaseUrl } = readConfig();
  if (databaseUrl) await run('postgres', databaseUrl);
}
