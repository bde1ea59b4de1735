// Tile latency on the embedded engine (and on PostgreSQL when DATABASE_URL is set), cold (built
// from the database) against warm (cache hit), measured in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../api/app.js';
import { readConfig } from '../data/config.js';
import { openDatabase } from '../data/db.js';
import { importHanoi } from '../data/import/import-hanoi.js';

const config = readConfig();

/** 200 tile addresses over Hanoi at z10–z14, fixed by a seeded generator so runs compare. */
function tileAddresses(count = 200): [number, number, number][] {
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  return Array.from({ length: count }, () => {
    const z = 10 + Math.floor(rand() * 5);
    const lon = 105.65 + rand() * 0.4;
    const lat = 20.85 + rand() * 0.35;
    const n = 2 ** z;
    const x = Math.floor(((lon + 180) / 360) * n);
    const y = Math.floor(((1 - Math.asinh(Math.tan((lat * Math.PI) / 180)) / Math.PI) / 2) * n);
    return [z, x, y];
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(label: string, databaseUrl?: string) {
  if (!config.dataDir) throw new Error('the tile bench needs the Hanoi data directory (SAFEMAP_DATA_DIR)');
  const dir = mkdtempSync(join(tmpdir(), 'safemap-bench-'));
  const db = await openDatabase({ databaseUrl, dataDir: join(dir, 'db') });
  try {
    await importHanoi(db, config.dataDir as string);
    const app = createApp(db);
    const addresses = tileAddresses();
    const run = async () => {
      const times: number[] = [];
      for (const [z, x, y] of addresses) {
        const t = performance.now();
        const res = await app.request(`/tiles/wards/${z}/${x}/${y}.mvt`, { headers: { 'Accept-Encoding': 'gzip' } });
        await res.arrayBuffer();
        times.push(performance.now() - t);
      }
      return times;
    };
    const cold = await run();
    const warm = await run();
    console.log(
      `${label.padEnd(10)} cold median ${median(cold).toFixed(2)} ms, warm median ${median(warm).toFixed(3)} ms, ` +
        `cold/warm ${(median(cold) / median(warm)).toFixed(0)}×  (${addresses.length} wards tiles, z10–z14)`,
    );
    return median(cold);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchTiles() {
  const pglite = await measure('pglite');
  if (config.databaseUrl) {
    const postgres = await measure('postgres', config.databaseUrl);
    console.log(`embedded/postgres cold-tile ratio: ${(pglite / postgres).toFixed(2)}×`);
  }
}
