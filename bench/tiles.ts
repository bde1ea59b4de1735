// Tiles at production speed, each figure against a baseline measured in the same run:
// - floor: cold (cache-miss) tiles from the server over HTTP vs the bare ST_AsMVT query through pg;
// - ceiling: warm tiles with wrk vs nginx serving the same bytes as static gzip files;
// - embedded: PGlite's cold tiles vs PostgreSQL's, same addresses, same code path;
// - size: each layer's tile at z10/z12/z14 over central Hanoi, and the largest of all.
// PostgreSQL parts need DATABASE_URL; wrk and nginx are Debian packages (apt-get install wrk nginx).
import { execFile, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { createApp } from '../api/app.js';
import { listen } from '../api/listen.js';
import { readConfig } from '../data/config.js';
import { type Db, openDatabase } from '../data/db.js';
import { loadDemoLevels } from '../data/demo/load-demo-levels.js';
import { seededRandom } from '../data/demo/random.js';
import { loadDemoResources } from '../data/demo/resources-scenario.js';
import { importHanoi } from '../data/import/import-hanoi.js';
import { LAYERS } from '../tiles/layers.js';
import { createTileSource } from '../tiles/source.js';
import { mvtSql } from '../tiles/sql.js';
import { tileOf } from '../tiles/tile-math.js';
import { pct } from './stats.js';

const config = readConfig();
const ADDRESSES = 500;
const BUSINESSES = 30_000;
const CENTRE = { lon: 105.8524, lat: 21.0287 }; // Hoàn Kiếm Lake

const ms = (x: number) => `${x.toFixed(2)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** 500 ward-tile addresses at z10–z16, points drawn over Hanoi's built-up area (fixed seed, so runs compare). */
export function addresses(): [number, number, number][] {
  const random = seededRandom(7);
  const out = new Map<string, [number, number, number]>();
  while (out.size < ADDRESSES) {
    const z = 10 + Math.floor(random() * 7);
    const t = tileOf(105.72 + random() * 0.2, 20.95 + random() * 0.14, z);
    out.set(t.join('/'), t);
  }
  return [...out.values()];
}

/** Hanoi, the demo levels and resources, and 30,000 synthetic premises with assessments (some expired). */
export async function prepare(db: Db) {
  const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM admin_units WHERE level = 'ward'`);
  if (n === 0) await importHanoi(db, config.dataDir as string);
  await db.exec(`DELETE FROM resources WHERE source = 'bench'`);
  const [{ levels }] = await db.query<{ levels: number }>('SELECT count(*)::int AS levels FROM levels');
  if (levels === 0) await loadDemoLevels(db);
  const [{ resources }] = await db.query<{ resources: number }>('SELECT count(*)::int AS resources FROM resources');
  if (resources === 0) await loadDemoResources(db, config.dataDir);
  const [{ premises }] = await db.query<{ premises: number }>('SELECT count(*)::int AS premises FROM premises');
  if (premises > 0) return;
  // all or nothing, so a failed run leaves nothing half made
  await db.transaction(async (tx) => {
    const [owner] = await tx.query<{ id: string }>(
      `INSERT INTO accounts (email, password_hash, role) VALUES ('bench@safemap.local', 'x', 'business') RETURNING id`,
    );
    const [{ people }] = await tx.query<{ people: number }>(
      `SELECT sum(population)::float8 AS people FROM admin_units WHERE level = 'ward'`,
    );
    // premises in proportion to people, placed at random inside each ward
    await tx.query(
      `INSERT INTO premises (owner_id, name, search_name, tax_code, sector, address, ward_code, workers, floor_area_m2, geom)
       SELECT $1, 'Cơ sở ' || w.code || '-' || p.path[1], 'co so', '0101234567',
         (ARRAY['office','factory','shop_market','restaurant','school','lodging','other'])[1 + (p.path[1] % 7)],
         'Hà Nội', w.code, 10, 100, p.geom
       FROM admin_units w, LATERAL ST_Dump(ST_GeneratePoints(w.geom,
         greatest(1, round(w.population::float8 * $2::float8 / $3::float8))::int, 7)) p
       WHERE w.level = 'ward' AND w.population > 0`,
      [owner.id, BUSINESSES, people],
    );
    await tx.query(
      `INSERT INTO assessments (premises_id, questionnaire_id, questionnaire_version, answers, points, risk_index,
         risk_class, submitted_at, valid_until, certificate_code)
       SELECT id, '2194', 1, '{}', 30, 10,
         (ARRAY['very_low','low','medium','high','very_high'])[1 + abs(hashtext(id::text)) % 5],
         now() - interval '30 days', now() + (abs(hashtext(id::text)) % 60 - 20) * interval '1 day',
         'HN-' || upper(left(md5(id::text), 11))
       FROM premises`,
    );
  });
  await db.exec('ANALYZE');
}

const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });

/** One GET over a kept-alive socket (a browser's way), gzip accepted; the body read to the end. */
function httpGetTile(url: string, reuse = true): Promise<{ status: number; cache: string | undefined }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { agent: reuse ? keepAlive : false, headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
      res.on('data', () => {});
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, cache: res.headers['x-cache'] as string | undefined }),
      );
    }).on('error', reject);
  });
}

/** Cold latency of each address through the app in-process: the same code path on both engines. */
async function coldInProcess(db: Db, list: [number, number, number][], pool?: pg.Pool, floor?: number[]) {
  const app = createApp(db);
  const times: number[] = [];
  for (const [z, x, y] of list) {
    if (pool && floor) {
      // interleaved with the floor query of the same tile, so both see the same server state
      const t = performance.now();
      await pool.query(mvtSql(LAYERS.wards), [z, x, y]);
      floor.push(performance.now() - t);
    }
    const t = performance.now();
    await (
      await app.request(`/tiles/wards/${z}/${x}/${y}.mvt`, { headers: { 'Accept-Encoding': 'gzip' } })
    ).arrayBuffer();
    times.push(performance.now() - t);
  }
  return times;
}

/** wrk against bare Node http servers (1 and 2 processes) that answer a fixed body: Node's ceiling. */
async function bareNode(file: string, script: string) {
  writeFileSync(
    file,
    `import cluster from 'node:cluster';
import { createServer } from 'node:http';
const workers = Number(process.argv[2]);
if (cluster.isPrimary && workers > 1) for (let i = 0; i < workers; i++) cluster.fork();
else {
  const body = Buffer.alloc(4096, 7);
  createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/vnd.mapbox-vector-tile', 'Content-Encoding': 'gzip', 'Content-Length': body.length });
    res.end(body);
  }).listen(18101, '127.0.0.1');
}
`,
  );
  const out = [];
  for (const workers of [1, 2]) {
    const child = spawn(process.execPath, [file, String(workers)], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 700));
    try {
      out.push(await wrk('http://127.0.0.1:18101', script));
    } finally {
      child.kill();
    }
  }
  return out;
}

/** `npm start`'s server on PostgreSQL with `workers` processes, every path warm in each. */
async function serverProcess(workers: number, paths: string[], databaseUrl: string) {
  const port = 18100;
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), SAFEMAP_WORKERS: String(workers) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (/Ready in/.test(String(chunk))) resolve();
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const origin = `http://127.0.0.1:${port}`;
  // a new connection per request is dealt to the next worker: every worker gets every tile
  for (let round = 0; round < workers * 3; round++) {
    for (const p of paths) await httpGetTile(`${origin}${p}`, false);
  }
  return { origin, stop: () => child.kill('SIGTERM') };
}

/**
 * wrk over the 500 paths (round robin, gzip accepted): requests/s and p99. Asynchronous: the
 * server under test runs in this process and must keep serving meanwhile.
 */
async function wrk(origin: string, script: string) {
  const { stdout: out } = await promisify(execFile)(
    'wrk',
    ['-t2', '-c64', '-d10s', '--latency', '-s', script, origin],
    {
      encoding: 'utf8',
    },
  );
  const rps = Number(out.match(/Requests\/sec:\s+([\d.]+)/)?.[1]);
  const p99 = out.match(/\s99%\s+([\d.]+\w+)/)?.[1] ?? '?';
  const non2xx = Number(out.match(/Non-2xx or 3xx responses:\s+(\d+)/)?.[1] ?? 0);
  return { rps, p99, non2xx };
}

async function postgresParts(list: [number, number, number][]) {
  const databaseUrl = config.databaseUrl as string;
  const db = await openDatabase({ databaseUrl });
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const work = mkdtempSync(join(tmpdir(), 'safemap-bench-tiles-'));
  chmodSync(work, 0o755); // nginx's workers run as another user
  try {
    await prepare(db);
    const sql = mvtSql(LAYERS.wards);
    // buffers and plans warm for both sides
    for (const [z, x, y] of list) await pool.query(sql, [z, x, y]);

    // floor vs server, interleaved address by address; the server's cache starts empty
    const app = createApp(db);
    const { server, origin } = await listen(app, 0, '127.0.0.1');
    const floor: number[] = [];
    const cold: number[] = [];
    const bodies = new Map<string, Uint8Array>();
    for (const [z, x, y] of list) {
      let t = performance.now();
      await pool.query(sql, [z, x, y]);
      floor.push(performance.now() - t);
      t = performance.now();
      const res = await httpGetTile(`${origin}/tiles/wards/${z}/${x}/${y}.mvt`);
      cold.push(performance.now() - t);
      if (res.cache !== 'miss' && res.status === 200) throw new Error('expected a cache miss');
    }
    const inProcess = await coldInProcess(db, list, pool, floor);
    console.log(
      `floor (bare ST_AsMVT through pg)  median ${ms(pct(floor, 0.5))}  p90 ${ms(pct(floor, 0.9))}\n` +
        `server cold, in process           median ${ms(pct(inProcess, 0.5))}  p90 ${ms(pct(inProcess, 0.9))}` +
        `  → ${(pct(inProcess, 0.5) / pct(floor, 0.5)).toFixed(2)}×\n` +
        `server cold over HTTP (keep-alive) median ${ms(pct(cold, 0.5))}  p90 ${ms(pct(cold, 0.9))}\n` +
        `  → server/floor median ${(pct(cold, 0.5) / pct(floor, 0.5)).toFixed(2)}× (goal ≤ 1.2×), ${list.length} wards tiles z10–z16`,
    );

    // ceiling: the same 500 tiles warm, Node vs nginx serving their gzip bytes as files
    const paths: string[] = [];
    const root = join(work, 'www');
    for (const [z, x, y] of list) {
      const path = `/tiles/wards/${z}/${x}/${y}.mvt`;
      const res = await app.request(path);
      if (res.status !== 200) continue;
      const raw = new Uint8Array(await res.arrayBuffer());
      bodies.set(path, raw);
      paths.push(path);
      const file = join(root, `${path}.gz`);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, gzipSync(raw, { level: 4 }));
      writeFileSync(join(root, path), raw);
    }
    const script = join(work, 'paths.lua');
    writeFileSync(
      script,
      `local paths = {${paths.map((p) => `"${p}"`).join(',')}}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], { ["Accept-Encoding"] = "gzip" })
end
`,
    );
    const haveTools = ['wrk', 'nginx'].every((t) => {
      try {
        execFileSync('which', [t]);
        return true;
      } catch {
        return false;
      }
    });
    if (!haveTools) {
      console.log('ceiling: skipped (apt-get install wrk nginx)');
    } else {
      const node = await wrk(origin, script);
      // the production server with one process per core (SAFEMAP_WORKERS=2), as a child process
      const cluster = await serverProcess(2, paths, databaseUrl);
      let clustered: Awaited<ReturnType<typeof wrk>>;
      try {
        clustered = await wrk(cluster.origin, script);
      } finally {
        cluster.stop();
      }
      // Node's own ceiling here: its http module answering a fixed 4 KB body, no app at all
      const bare = await bareNode(join(work, 'bare.mjs'), script);
      const conf = join(work, 'nginx.conf');
      writeFileSync(
        conf,
        `worker_processes auto;
daemon off;
pid ${work}/nginx.pid;
error_log ${work}/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  types { application/vnd.mapbox-vector-tile mvt; }
  server {
    listen 127.0.0.1:18099;
    root ${root};
    gzip_static on;
    etag on;
    add_header Cache-Control "public, max-age=60";
  }
}
`,
      );
      const nginx = spawn('nginx', ['-c', conf, '-p', work], { stdio: 'ignore' });
      await new Promise((r) => setTimeout(r, 500));
      try {
        const check = await fetch(`http://127.0.0.1:18099${paths[0]}`, { headers: { 'Accept-Encoding': 'gzip' } });
        if (check.headers.get('content-encoding') !== 'gzip') throw new Error('nginx is not serving the gzip files');
        const static_ = await wrk('http://127.0.0.1:18099', script);
        console.log(
          `ceiling (wrk -t2 -c64 10 s, ${paths.length} warm tiles, gzip):\n` +
            `  node, 1 process    ${node.rps.toFixed(0)} req/s p99 ${node.p99} → ${((node.rps / static_.rps) * 100).toFixed(0)}% of nginx\n` +
            `  node, 2 workers    ${clustered.rps.toFixed(0)} req/s p99 ${clustered.p99} → ${((clustered.rps / static_.rps) * 100).toFixed(0)}% of nginx (goal ≥ 50%)\n` +
            `  nginx static files ${static_.rps.toFixed(0)} req/s p99 ${static_.p99}\n` +
            `  (node's http alone, fixed body, 1 process ${bare[0].rps.toFixed(0)} · 2 processes ${bare[1].rps.toFixed(0)} req/s:` +
            ` the app reaches ${((node.rps / bare[0].rps) * 100).toFixed(0)}% / ${((clustered.rps / bare[1].rps) * 100).toFixed(0)}% of it)` +
            (node.non2xx + clustered.non2xx + static_.non2xx > 0
              ? `  [non-2xx: ${node.non2xx}/${clustered.non2xx}/${static_.non2xx}]`
              : ''),
        );
      } finally {
        nginx.kill('SIGQUIT');
      }
    }
    server.close();

    // size: each layer around the centre, and the largest tile of any layer over the 500 addresses
    const sources = Object.fromEntries(Object.values(LAYERS).map((l) => [l.id, createTileSource(db, l)]));
    const rows: string[] = [];
    for (const layer of Object.values(LAYERS)) {
      const sizes = await Promise.all(
        [10, 12, 14].map(async (zoom) => {
          if (zoom < layer.minzoom) return '—'.padEnd(22);
          const [z, x, y] = tileOf(CENTRE.lon, CENTRE.lat, zoom);
          const mvt = await sources[layer.id].getTile(z, x, y);
          const raw = mvt?.length ?? 0;
          const gz = mvt ? gzipSync(mvt).length : 0;
          return `${kb(raw)} / ${kb(gz)}`.padEnd(22);
        }),
      );
      rows.push(`${layer.id.padEnd(11)} ${sizes.join('')}`);
    }
    let largest = { bytes: 0, where: '' };
    for (const layer of Object.values(LAYERS)) {
      for (const [z, x, y] of list) {
        if (z < layer.minzoom) continue;
        const bytes = (await sources[layer.id].getTile(z, x, y))?.length ?? 0;
        if (bytes > largest.bytes) largest = { bytes, where: `${layer.id}/${z}/${x}/${y}` };
      }
    }
    console.log(
      `size raw / gzip    z10                   z12                   z14\n${rows.join('\n')}\n` +
        `largest tile of any layer over the 500 addresses: ${kb(largest.bytes)} raw (${largest.where}; limit 500 KB)`,
    );
    return pct(inProcess, 0.5);
  } finally {
    await pool.end();
    await db.close();
    rmSync(work, { recursive: true, force: true });
  }
}

export async function benchTiles() {
  if (!config.dataDir) throw new Error('the tile bench needs the Hanoi data directory (SAFEMAP_DATA_DIR)');
  const list = addresses();
  const postgresCold = config.databaseUrl ? await postgresParts(list) : undefined;
  if (!config.databaseUrl) console.log('floor, ceiling and sizes need PostgreSQL: set DATABASE_URL (see README)');

  const dir = mkdtempSync(join(tmpdir(), 'safemap-bench-'));
  const db = await openDatabase({ dataDir: join(dir, 'db') });
  try {
    await prepare(db);
    const lite = await coldInProcess(db, list);
    console.log(
      `embedded (PGlite) cold median ${ms(pct(lite, 0.5))} p90 ${ms(pct(lite, 0.9))}` +
        (postgresCold
          ? ` · PostgreSQL same path ${ms(postgresCold)} → ${(pct(lite, 0.5) / postgresCold).toFixed(2)}×`
          : ''),
    );
  } finally {
    await db.close();
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
}
