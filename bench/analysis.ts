// Leaders' analysis at national scale, each against its target measured in the same run:
// - Gi* for 10,600 synthetic units: contiguity built in PostGIS over a lattice of squares, then
//   the statistic (target under 1 s for both);
// - coverage (KNN distance to the nearest station for 20,000 grid cells) + siting k = 50, 1 km
//   (target under 10 s), with the greedy alone and the one-per-ward placement as baselines.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureGrid } from '../data/analysis/grid.js';
import { gridCells, openStations } from '../data/analysis/queries.js';
import { readConfig } from '../data/config.js';
import { type Db, openDatabase } from '../data/db.js';
import { seededRandom } from '../data/demo/random.js';
import { loadDemoResources } from '../data/demo/resources-scenario.js';
import { importHanoi } from '../data/import/import-hanoi.js';
import { nearestDistances } from '../domain/analysis/coverage.js';
import { giStar } from '../domain/analysis/gi-star.js';
import { sitingOverCells } from '../domain/analysis/siting-plan.js';

const config = readConfig();
const UNITS = 10_600;
const CELLS = 20_000;
const s = (ms: number) => `${(ms / 1000).toFixed(3)} s`;

async function giStarAtScale(db: Db) {
  const side = Math.ceil(Math.sqrt(UNITS));
  await db.exec(`DROP TABLE IF EXISTS bench_units; CREATE TEMP TABLE bench_units AS
    SELECT i AS id, ST_MakeEnvelope(i % ${side}, i / ${side}, i % ${side} + 1, i / ${side} + 1, 3857) AS geom
    FROM generate_series(0, ${UNITS - 1}) i;
    CREATE INDEX ON bench_units USING gist (geom); ANALYZE bench_units;`);
  let t = performance.now();
  const pairs = await db.query<{ a: number; b: number }>(
    `SELECT a.id AS a, b.id AS b FROM bench_units a JOIN bench_units b ON a.id < b.id AND ST_Intersects(a.geom, b.geom)`,
  );
  const neighbours: number[][] = Array.from({ length: UNITS }, () => []);
  for (const { a, b } of pairs) {
    neighbours[a].push(b);
    neighbours[b].push(a);
  }
  const weightsMs = performance.now() - t;
  const random = seededRandom(3);
  const x = Array.from({ length: UNITS }, () => random() * 200);
  t = performance.now();
  const result = giStar(x, neighbours, { fdr: true });
  const statMs = performance.now() - t;
  console.log(
    `Gi* for ${UNITS} units: contiguity in PostGIS ${s(weightsMs)} (${pairs.length} pairs) + statistic with FDR ${s(statMs)}` +
      ` = ${s(weightsMs + statMs)} (target < 1 s); ${result.filter((r) => r.bin !== 0).length} significant`,
  );
}

async function coverageAndSiting(db: Db) {
  await ensureGrid(db);
  const all = await gridCells(db);
  const cells = all.slice(0, CELLS);
  const stations = await openStations(db, 'mobile_station');
  const t = performance.now();
  const covered = nearestDistances(cells, stations);
  const coverageMs = performance.now() - t;
  const t2 = performance.now();
  const plan = sitingOverCells(cells, stations, 50, 1000);
  const sitingMs = performance.now() - t2;
  const beyond = covered.reduce((n, c) => n + (c.distanceM === null || c.distanceM > 1000 ? c.population : 0), 0);
  console.log(
    `coverage of ${cells.length} cells (nearest of ${stations.length} stations) ${s(coverageMs)} + siting k=50 r=1 km ${s(sitingMs)} = ${s(coverageMs + sitingMs)} (target < 10 s)\n` +
      `  people beyond 1 km before ${Math.round(beyond)}; newly covered: greedy ${Math.round(plan.greedyCovered)},` +
      ` after interchange ${Math.round(plan.covered)} (${plan.swaps} swaps), one per ward ${Math.round(plan.perWard.covered)}` +
      ` → ${(plan.covered / Math.max(1, plan.perWard.covered)).toFixed(2)}× one per ward`,
  );
  const ten = sitingOverCells(cells, stations, 10, 1000);
  console.log(
    `  k=10 r=1 km: maximal covering ${Math.round(ten.covered)} people vs one per ward ${Math.round(ten.perWard.covered)}` +
      ` → +${Math.round(ten.covered - ten.perWard.covered)} (${(ten.covered / Math.max(1, ten.perWard.covered)).toFixed(2)}×)`,
  );
}

export async function benchAnalysis() {
  if (!config.dataDir) throw new Error('the analysis bench needs the Hanoi data directory (SAFEMAP_DATA_DIR)');
  const dir = mkdtempSync(join(tmpdir(), 'safemap-bench-analysis-'));
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: join(dir, 'db') });
  try {
    console.log(config.databaseUrl ? 'engine: PostgreSQL' : 'engine: PGlite (set DATABASE_URL for PostgreSQL)');
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM admin_units WHERE level = 'ward'`);
    if (n === 0) await importHanoi(db, config.dataDir as string);
    await db.exec(`DELETE FROM resources WHERE source = 'bench'`);
    const [{ r }] = await db.query<{ r: number }>('SELECT count(*)::int AS r FROM resources');
    if (r === 0) await loadDemoResources(db, config.dataDir);
    await giStarAtScale(db);
    await coverageAndSiting(db);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
