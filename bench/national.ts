// A national-size safemap: a synthetic Vietnam (bench/national/country.ts) of ~10,600 communes,
// 100,000 resources, 500,000 premises with assessments and 16 weeks of indicators, loaded the
// product's way into a throwaway PostgreSQL database, then measured:
// import time, one week's levels recomputed, GET /api/levels (size, time), polygon tile sizes and
// build times at z5–z10 over the whole country (the full outlines, as before migration 016, and the
// generalised ones tiles now serve up to z9), nearest p50 against the bare query, Gi* and coverage, and server memory.
//   npm run bench -- national [--scale 0.1] [--geojson] [--tiles-only | --skip-tiles]
// --scale shrinks counts and the country's area alike (commune size and density stay real);
// --geojson also fetches GET /api/levels.geojson (hundreds of MB at scale 1); --tiles-only stops
// after the tiles, --skip-tiles leaves them out.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { gunzipSync, gzipSync } from 'node:zlib';
import pg from 'pg';
import { hashPassword } from '../api/auth/password.js';
import { insertAccount } from '../data/accounts.js';
import { ensureGrid } from '../data/analysis/grid.js';
import { coverageCells, hotspotsOfWeek, wardWeights } from '../data/analysis/queries.js';
import { readConfig } from '../data/config.js';
import { type Db, openDatabase, preparedName } from '../data/db.js';
import { buildGeneralisedBoundaries } from '../data/generalised-boundaries.js';
import { saveIndicators } from '../data/levels.js';
import { nearestStatement } from '../data/resources/queries.js';
import { analysisPool } from '../data/workers/pool.js';
import { LAYERS, type LayerDefinition, UNITS_AT_ZOOM } from '../tiles/layers.js';
import { mvtSql } from '../tiles/sql.js';
import { tileOf } from '../tiles/tile-math.js';
import { throwawayDatabase } from './national/cluster.js';
import { buildCountry } from './national/country.js';
import { importCountry, loadIndicators, loadPremises, loadResources, stageCountry } from './national/load.js';
import { pct } from './stats.js';

const LIMIT_BYTES = 500 * 1024;
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

/** Runs a measurement; one that fails prints why and the run goes on (what breaks at this size is a figure too). */
async function attempt(label: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    console.log(`${label} FAILED: ${error instanceof Error ? `${error.name}: ${error.message}` : error}`);
  }
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t = performance.now();
  const value = await work();
  const took = performance.now() - t;
  console.log(`${label}: ${s(took)}`);
  return { value, ms: took };
}

/** A polygon layer as it was before migration 016: the imported outlines at every zoom (the baseline). */
const fullOutlines = (layer: LayerDefinition): LayerDefinition => ({
  ...layer,
  from: layer.from.replace(UNITS_AT_ZOOM, 'admin_units'),
});

interface TileFigure {
  z: number;
  x: number;
  y: number;
  bytes: number;
  ms: number;
}

/** Every tile of the layer at zoom z over the country's box, built with the bare tile SQL. */
async function tilesAt(pool: pg.Pool, layer: LayerDefinition, z: number, box: number[]): Promise<TileFigure[]> {
  const [, x0, y0] = tileOf(box[0], box[3], z);
  const [, x1, y1] = tileOf(box[2], box[1], z);
  const sql = mvtSql(layer);
  const out: TileFigure[] = [];
  for (let x = x0; x <= x1; x++) {
    for (let y = y0; y <= y1; y++) {
      const t = performance.now();
      const { rows } = await pool.query<{ mvt: Buffer | null }>(sql, [z, x, y]);
      const bytes = rows[0]?.mvt?.length ?? 0;
      if (bytes > 0) out.push({ z, x, y, bytes, ms: performance.now() - t });
    }
  }
  return out;
}

function tileLine(label: string, tiles: TileFigure[]) {
  if (tiles.length === 0) return `  ${label}: no tile`;
  const biggest = tiles.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const over = tiles.filter((t) => t.bytes > LIMIT_BYTES);
  return (
    `  ${label}: ${tiles.length} tiles, median ${kb(
      pct(
        tiles.map((t) => t.bytes),
        0.5,
      ),
    )}, max ${kb(biggest.bytes)}` +
    ` (${biggest.z}/${biggest.x}/${biggest.y}); build median ${ms(
      pct(
        tiles.map((t) => t.ms),
        0.5,
      ),
    )},` +
    ` max ${ms(Math.max(...tiles.map((t) => t.ms)))}; over 500 KB: ${over.length}` +
    (over.length > 0 ? ` (${over.map((t) => `${t.z}/${t.x}/${t.y} ${kb(t.bytes)}`).join(', ')})` : '')
  );
}

async function measureTiles(db: Db, url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    const [{ box }] = await db.query<{ box: number[] }>(
      `SELECT json_build_array(ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)) AS box
       FROM (SELECT ST_Extent(geom) AS e FROM admin_units WHERE level = 'city') s`,
    );
    console.log('\n## polygon tiles over the whole country (raw MVT bytes; bare tile SQL, one connection)');
    for (const id of ['city', 'districts', 'wards']) {
      const layer = LAYERS[id];
      for (let z = 5; z <= (id === 'wards' ? 10 : 8); z++) {
        const full = await tilesAt(pool, fullOutlines(layer), z, box);
        console.log(
          tileLine(`${id} z${z} full outlines${z < layer.minzoom ? ` (below minzoom ${layer.minzoom})` : ''}`, full),
        );
        if (z <= 9) console.log(tileLine(`${id} z${z} generalised (as served)`, await tilesAt(pool, layer, z, box)));
        if (id === 'wards' && z === 10 && full.length > 0) {
          // the densest place at street zooms: the largest z10 tile's children down to z12
          const top = full.reduce((a, b) => (b.bytes > a.bytes ? b : a));
          for (const dz of [1, 2]) {
            const k = 2 ** dz;
            const sub = await tilesAt(pool, fullOutlines(layer), 10 + dz, [
              ...tileCorner(top.x * k, (top.y + 1) * k, 10 + dz),
              ...tileCorner((top.x + 1) * k - 1e-9, top.y * k + 1e-9, 10 + dz),
            ]);
            console.log(tileLine(`wards z${10 + dz} under ${top.z}/${top.x}/${top.y}`, sub));
          }
        }
      }
    }
  } finally {
    await pool.end();
  }
}

/** lon/lat of a tile-grid point (x, y in tiles at zoom z). */
function tileCorner(x: number, y: number, z: number): [number, number] {
  const n = 2 ** z;
  return [(x / n) * 360 - 180, (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI];
}

/** The server as `npm start` runs it, on the throwaway database. */
async function startServer(url: string): Promise<{ child: ChildProcess; origin: string; derived: Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
    env: { ...process.env, DATABASE_URL: url, PORT: '0', SAFEMAP_WORKERS: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk;
  });
  const logged = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const look = () => {
        const m = pattern.exec(out);
        if (!m) return;
        child.stdout?.off('data', look);
        resolve(m);
      };
      child.stdout?.on('data', look);
      child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
    });
  const [, origin] = await logged(/Ready in [\d.]+ s: (http:\/\/\S+)/);
  const derived = logged(/Derived data ready/).then(() => {});
  derived.catch(() => {});
  return { child, origin, derived };
}

/** The server's resident memory now and at its peak (Linux /proc). */
function memory(child: ChildProcess) {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return `RSS ${mb(field('VmRSS'))}, peak ${mb(field('VmHWM'))}`;
}

interface Fetched {
  status: number;
  ms: number;
  wire: number;
  raw: number;
  encoding: string | undefined;
  body: Buffer;
}

/** One GET, gzip accepted, the body read whole; `raw` is its size decompressed. */
function fetchBody(url: string, headers: Record<string, string> = {}): Promise<Fetched> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    httpGet(url, { headers: { 'Accept-Encoding': 'gzip', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const wire = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'] as string | undefined;
        const body = encoding === 'gzip' ? gunzipSync(wire) : wire;
        resolve({
          status: res.statusCode ?? 0,
          ms: performance.now() - t,
          wire: wire.length,
          raw: body.length,
          encoding,
          body,
        });
      });
      res.on('error', reject);
    }).on('error', reject);
  });
}

/** GET /api/levels several times: size on the wire and decompressed, what gzip would make of it, time. */
async function measureLevels(origin: string, week: string) {
  console.log('\n## GET /api/levels');
  for (const path of ['/api/levels', `/api/levels?week=${week}`]) {
    const runs: Fetched[] = [];
    for (let i = 0; i < 5; i++) runs.push(await fetchBody(origin + path));
    const last = runs[runs.length - 1];
    const levels = (JSON.parse(last.body.toString()) as { levels: unknown[] }).levels.length;
    console.log(
      `  ${path}: ${levels} levels, ${mb(last.raw)} raw, ${mb(last.wire)} on the wire` +
        ` (Content-Encoding ${last.encoding ?? 'none'}; gzip would be ${mb(gzipSync(last.body).length)});` +
        ` first ${ms(runs[0].ms)}, median ${ms(
          pct(
            runs.map((r) => r.ms),
            0.5,
          ),
        )}`,
    );
  }
}

/** Nearest-5 over HTTP from points spread over the country, against the bare KNN query. */
async function measureNearest(db: Db, url: string, origin: string) {
  const points = await db.query<{ lon: number; lat: number }>(
    `SELECT ST_X(p) AS lon, ST_Y(p) AS lat
     FROM (SELECT ST_PointOnSurface(geom) AS p FROM admin_units WHERE level = 'ward' ORDER BY md5(code) LIMIT 200) s`,
  );
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const http: number[] = [];
  const bare: number[] = [];
  try {
    for (const p of points) {
      let t = performance.now();
      // the same prepared statement the server runs
      const text = nearestStatement({});
      await pool.query({ name: preparedName(text), text, values: [p.lon, p.lat, null, null, null, 5] });
      bare.push(performance.now() - t);
      t = performance.now();
      const res = await fetchBody(`${origin}/api/resources/nearest?lon=${p.lon}&lat=${p.lat}&limit=5`);
      if (res.status !== 200) throw new Error(`nearest answered ${res.status}: ${res.body}`);
      http.push(performance.now() - t);
    }
  } finally {
    await pool.end();
  }
  console.log(
    `\n## nearest-5 (${points.length} points over the country)\n` +
      `  over HTTP p50 ${ms(pct(http, 0.5))}, p90 ${ms(pct(http, 0.9))}; bare query p50 ${ms(pct(bare, 0.5))}` +
      ` → ${(pct(http, 0.5) / pct(bare, 0.5)).toFixed(2)}×`,
  );
}

/** The leaders' analysis over HTTP as a city admin (scope: every ward), and the whole-country coverage in process. */
async function measureAnalysis(db: Db, origin: string, week: string, child: ChildProcess) {
  const email = 'admin@national.invalid';
  const password = 'national-bench-password';
  await insertAccount(db, {
    email,
    passwordHash: await hashPassword(password),
    role: 'city_admin',
    scope: { level: 'city', code: '01' },
  });
  const login = await fetch(`${origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin },
    body: JSON.stringify({ email, password }),
  });
  if (login.status !== 200) throw new Error(`login answered ${login.status}: ${await login.text()}`);
  const cookie = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  const [{ district }] = await db.query<{ district: string }>(
    `SELECT parent_code AS district FROM admin_units WHERE level = 'ward' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
  );
  console.log('\n## analysis over HTTP (city admin: every ward in scope)');
  for (const path of [
    `/api/analysis/hotspots?week=${week}`,
    `/api/analysis/hotspots?week=${week}&fdr=true`,
    `/api/analysis/emerging?until=${week}&weeks=8`,
    `/api/analysis/coverage?type=mobile_station&maxM=1000&district=${district}`,
    `/api/analysis/coverage?type=mobile_station&maxM=1000`,
    `/api/analysis/siting?type=mobile_station&k=10&radiusM=1000&district=${district}`,
  ]) {
    const r = await fetchBody(origin + path, { Cookie: cookie });
    console.log(
      `  ${path}: ${r.status}, ${s(r.ms)}, ${mb(r.raw)}${r.status >= 400 ? ` — ${r.body.toString().slice(0, 300)}` : ''}; server ${memory(child)}`,
    );
  }
}

export async function benchNational() {
  const scale = Number(arg('scale') ?? 1);
  if (!(scale > 0 && scale <= 1)) throw new Error('--scale is a share of the national size, 0 < scale ≤ 1');
  const config = readConfig();
  const started = performance.now();
  const where = await throwawayDatabase(config.databaseUrl);
  const db = await openDatabase({ databaseUrl: where.url });
  let server: ChildProcess | undefined;
  // an interrupted run still stops its server and removes its database
  process.once('SIGINT', () => {
    server?.kill('SIGTERM');
    where.dispose().finally(() => process.exit(130));
  });
  try {
    console.log(
      `scale ${scale}; PostgreSQL (${config.databaseUrl ? 'a database in DATABASE_URL' : 'a throwaway cluster'})`,
    );
    const { value: country } = await timed('generate the country (JS)', async () => buildCountry(scale));
    console.log(
      `  ${country.communes.length} communes, ${country.districts} districts, ${country.provinces} provinces;` +
        ` ${(country.vertices / 1e6).toFixed(2)} M vertices before clipping`,
    );
    await timed('stage as a source table (GeoJSON text)', () => stageCountry(db, country));

    // What matters most runs first (tiles, levels, nearest), the longest loads (premises, the grid) after
    console.log('\n## import (the product’s statements, one transaction per batch)');
    const now = new Date();
    const boundaries = await timed('boundaries: wards, districts, provinces', () => importCountry(db, console.log));
    // the scenario below spreads cases to neighbours: the contiguity is built here, timed on its own
    const weights = await timed('  ward contiguity (Gi* weights, PostGIS)', () => wardWeights(db));
    console.log(`  ${weights.value.neighbours.reduce((n, x) => n + x.length, 0) / 2} neighbour pairs`);
    const resources = await timed(`resources (${100_000 * scale})`, () =>
      loadResources(db, Math.round(100_000 * scale)),
    );
    const indicators = await timed('16 weeks of indicators and levels', () => loadIndicators(db));
    await db.exec('ANALYZE');
    const { entries, weeks } = indicators.value;
    const week = weeks[weeks.length - 1];
    await timed(`levels recomputed for ${week} (saveIndicators over every ward)`, () =>
      db.transaction((tx) =>
        saveIndicators(
          tx,
          entries.filter((e) => e.week === week),
          null,
        ),
      ),
    );
    const built = await timed('generalised outlines z5–z9 (migrations 016, 017)', () => buildGeneralisedBoundaries(db));
    console.log(`  ${built.value} outlines`);
    await db.exec('ANALYZE');

    if (!process.argv.includes('--skip-tiles')) await attempt('tiles', () => measureTiles(db, where.url));
    if (process.argv.includes('--tiles-only')) return;

    console.log('\n## the server (api/server.ts, one process), before premises and the grid');
    let t = performance.now();
    let running = await startServer(where.url);
    server = running.child;
    console.log(
      `  ready in ${s(performance.now() - t)}; ${memory(server)} (it starts building the grid in the background)`,
    );
    await attempt('levels', () => measureLevels(running.origin, week));
    console.log(`  server ${memory(server)}`);
    await attempt('nearest', () => measureNearest(db, where.url, running.origin));
    console.log(`  server ${memory(server)}`);
    server.kill('SIGTERM');
    await new Promise((resolve) => server?.once('exit', resolve));

    console.log('\n## premises and the derived data');
    const premises = await timed(`premises with assessments (${500_000 * scale})`, () =>
      loadPremises(db, Math.round(500_000 * scale), now),
    );
    console.log(
      `import total (boundaries, contiguity, resources, indicators, premises): ${s(
        boundaries.ms + weights.ms + resources.ms + indicators.ms + premises.ms,
      )}`,
    );
    await db.exec('ANALYZE');
    const [counts] = await db.query<Record<string, number>>(
      `SELECT (SELECT count(*) FROM admin_units WHERE level = 'ward')::int AS wards,
         (SELECT sum(ST_NPoints(geom)) FROM admin_units WHERE level = 'ward')::bigint AS vertices,
         (SELECT count(*) FROM resources)::int AS resources,
         (SELECT count(*) FROM resources WHERE province_code IS NULL)::int AS resources_without_province,
         (SELECT count(*) FROM premises)::int AS premises,
         (SELECT count(*) FROM premises WHERE province_code IS NULL)::int AS premises_without_province,
         (SELECT count(*) FROM assessments)::int AS assessments,
         (SELECT count(*) FROM indicators)::int AS indicators,
         (SELECT count(*) FROM levels)::int AS levels,
         pg_database_size(current_database())::bigint AS bytes`,
    );
    console.log(
      `  loaded: ${counts.wards} wards (${(counts.vertices / 1e6).toFixed(2)} M vertices, ${Math.round(counts.vertices / counts.wards)} a ward),` +
        ` ${counts.resources} resources (${counts.resources_without_province} without a province), ${counts.premises} premises` +
        ` (${counts.premises_without_province} without), ${counts.assessments} assessments, ${counts.indicators} indicators,` +
        ` ${counts.levels} levels; database ${mb(counts.bytes)}`,
    );
    await attempt('coverage grid', async () => {
      const grid = await timed('coverage grid (250 m cells)', () => ensureGrid(db));
      console.log(`  ${grid.value} cells`);
    });
    await attempt('Gi*', async () => {
      const gi = await timed(`Gi* for ${week} in process (weights cached)`, () => hotspotsOfWeek(db, week, true));
      console.log(`  ${gi.value.used} wards with figures, ${gi.value.wards.filter((w) => w.bin).length} significant`);
    });
    await attempt('coverage of the whole country', async () => {
      const codes = weights.value.codes;
      const cov = await timed('coverage of every cell of the country in process (mobile stations)', () =>
        coverageCells(db, codes, 'mobile_station'),
      );
      console.log(`  ${cov.value.length} cells`);
    });
    console.log(`bench process: RSS ${mb(process.memoryUsage().rss)}`);

    console.log('\n## the server again, with everything loaded');
    t = performance.now();
    running = await startServer(where.url);
    server = running.child;
    console.log(`  ready in ${s(performance.now() - t)}; ${memory(server)}`);
    await running.derived;
    console.log(
      `  derived data read (contiguity, low-zoom outlines, what analysis reads of the grid) after ${s(performance.now() - t)}; ${memory(server)}`,
    );
    await attempt('analysis', () => measureAnalysis(db, running.origin, week, running.child));
    if (process.argv.includes('--geojson')) {
      const r = await fetchBody(`${running.origin}/api/levels.geojson`);
      console.log(
        `\nGET /api/levels.geojson: ${r.status}, ${mb(r.raw)} raw, ${mb(r.wire)} on the wire, ${s(r.ms)}; server ${memory(server)}`,
      );
    }
    console.log(`\nserver at the end: ${memory(server)}; whole run ${s(performance.now() - started)}`);
  } finally {
    server?.kill('SIGTERM');
    await analysisPool().close();
    await db.close();
    await where.dispose();
  }
}
