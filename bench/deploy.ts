// npm run bench -- deploy: the reference deployment (deploy/) on this machine — PostgreSQL primary
// + replica, 3 API nodes, nginx — measured with wrk at 32 connections through the proxy in front of
// 1, 2 and 3 nodes: warm tiles against nginx serving the same bytes from files, and nearest-5
// against pgbench running the same query on the replica the nodes read from, all in one run.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openDatabase } from '../data/db.js';
import { nearestSql } from '../data/resources/queries.js';
import { startDeployment } from '../deploy/cluster.js';
import { freePort, type Nginx, startNginx } from '../deploy/nginx.js';
import { tileOf } from '../tiles/tile-math.js';
import { insertBenchResources } from './resources.js';
import { pct } from './stats.js';

const CONNECTIONS = 32;
const SECONDS = 10;
/** the nearest points: central Hanoi, where the resources are dense */
const AREA = { lon: 105.78, lat: 20.98, spanLon: 0.1, spanLat: 0.08 };

interface Measured {
  rps: number;
  p99Ms: number;
  errors: number;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000 };

/** wrk at CONNECTIONS connections for SECONDS, requests made by the Lua `script`. */
function wrk(origin: string, script: string, dir: string, seconds = SECONDS): Measured {
  const file = join(dir, `wrk-${Math.random().toString(36).slice(2)}.lua`);
  writeFileSync(file, script);
  const out = execFileSync(
    'wrk',
    ['-t2', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', '--timeout', '10s', '-s', file, origin],
    { encoding: 'utf8' },
  );
  const p99 = /99%\s+([\d.]+)(us|ms|s)\b/.exec(out);
  const sockets = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0),
    p99Ms: p99 ? Number(p99[1]) * UNIT_MS[p99[2]] : Number.NaN,
    errors:
      Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0) +
      (sockets ? sockets.slice(1).reduce((a, b) => a + Number(b), 0) : 0),
  };
}

/** A Lua script cycling through fixed paths. */
const cycling = (paths: string[]) =>
  `local paths = {${paths.map((p) => JSON.stringify(p)).join(',')}}\nlocal i = 0\n` +
  'request = function()\n  i = i + 1\n  return wrk.format("GET", paths[(i % #paths) + 1])\nend\n';

/** A Lua script asking nearest-5 at random points of AREA. */
const NEAREST_LUA =
  'request = function()\n' +
  `  local lon = ${AREA.lon} + math.random() * ${AREA.spanLon}\n` +
  `  local lat = ${AREA.lat} + math.random() * ${AREA.spanLat}\n` +
  '  return wrk.format("GET", string.format("/api/resources/nearest?lon=%.5f&lat=%.5f&limit=5", lon, lat))\nend\n';

/** pgbench running the route's nearest-5 SQL at random points of AREA; p99 from its per-transaction log. */
function pgbench(url: string, dir: string): Measured {
  const host = new URL(url).searchParams.get('host') ?? '';
  const values: Record<string, string> = { 1: ':lon', 2: ':lat', 3: 'NULL', 4: 'NULL', 5: 'NULL', 6: '5' };
  const sql = nearestSql
    .replace(/\$([1-6])/g, (_, n: string) => values[n])
    .replace(/\s+/g, ' ')
    .trim();
  const script = join(dir, 'nearest.sql');
  writeFileSync(
    script,
    `\\set lon ${AREA.lon} + random(0, 1000000) * ${AREA.spanLon / 1e6}\n` +
      `\\set lat ${AREA.lat} + random(0, 1000000) * ${AREA.spanLat / 1e6}\n${sql};\n`,
  );
  const logs = join(dir, 'pgbench');
  mkdirSync(logs, { recursive: true });
  const out = execFileSync(
    'pgbench',
    ['-n', `-c${CONNECTIONS}`, '-j2', `-T${SECONDS}`, '-f', script, '-l', `--log-prefix=${logs}/tx`, '-h', host],
    { encoding: 'utf8', env: { ...process.env, PGUSER: 'postgres', PGDATABASE: 'safemap' } },
  );
  const latenciesMs = readdirSync(logs).flatMap((f) =>
    readFileSync(join(logs, f), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => Number(line.split(' ')[2]) / 1000),
  );
  return {
    rps: Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? 0),
    p99Ms: pct(latenciesMs, 0.99),
    errors: Number(/number of failed transactions: (\d+)/.exec(out)?.[1] ?? 0),
  };
}

const line = (label: string, m: Measured, base?: Measured) =>
  console.log(
    `  ${label.padEnd(40)} ${m.rps.toFixed(0).padStart(7)} req/s  p99 ${m.p99Ms.toFixed(1).padStart(7)} ms` +
      (base ? `  ${((100 * m.rps) / base.rps).toFixed(0).padStart(4)} % of the baseline's req/s` : '') +
      (m.errors > 0 ? `  ${m.errors} errors` : ''),
  );

export async function benchDeploy() {
  const started = performance.now();
  const deployment = await startDeployment({ nodes: 3, env: { SAFEMAP_WEB_DIST: join(tmpdir(), 'safemap-no-web') } });
  const extra: Nginx[] = [];
  try {
    const dir = deployment.dir;
    const db = await openDatabase({ databaseUrl: deployment.postgres.primaryUrl });
    await insertBenchResources(db);
    await db.close();
    // the nodes read nearest from the replica: measure once it holds the resources
    for (;;) {
      const [{ n }] = await deployment.postgres.sql<{ n: number }>(
        'replica',
        `SELECT count(*)::int AS n FROM resources WHERE source = 'bench'`,
      );
      if (n === 100_000) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await deployment.postgres.sql('replica', 'SELECT 1 FROM resources LIMIT 1');
    console.log(
      `deployment ready, 100,000 resources on the replica, in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );

    // 64 z14 wards tiles (each holding a ward's point on surface) under their versioned URLs, built once on every node
    const version = ((await (await fetch(`${deployment.nginx.origin}/tiles/wards.json`)).json()) as { version: string })
      .version;
    const points = await deployment.postgres.sql<{ lon: number; lat: number }>(
      'primary',
      `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM admin_units
       WHERE level = 'ward' ORDER BY code) w`,
    );
    const tiles = [
      ...new Set(points.map(({ lon, lat }) => `/tiles/wards/${tileOf(lon, lat, 14).join('/')}.mvt`)),
    ].slice(0, 64);
    const static_ = join(dir, 'static');
    let bytes = 0;
    for (const path of tiles) {
      for (const node of deployment.nodes) {
        const res = await fetch(`${node.origin}${path}?v=${version}`, { headers: { 'Accept-Encoding': 'identity' } });
        const body = new Uint8Array(await res.arrayBuffer());
        if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
        mkdirSync(dirname(join(static_, path)), { recursive: true });
        writeFileSync(join(static_, path), body);
        bytes += body.length / deployment.nodes.length;
      }
    }
    const versioned = tiles.map((p) => `${p}?v=${version}`);
    console.log(
      `${tiles.length} warm z14 wards tiles (${Math.round(bytes / tiles.length)} B on average), wrk -c${CONNECTIONS} ${SECONDS} s each:`,
    );

    // the baseline: nginx sending the same bytes from files (no proxy, no node)
    const port = await freePort();
    const files = await startNginx(join(dir, 'nginx-static'), [], {
      port,
      config: () =>
        `worker_processes auto;\npid nginx.pid;\nevents { worker_connections 4096; }\nhttp {\n  access_log access.log;\n` +
        `  sendfile on;\n  server {\n    listen 127.0.0.1:${port};\n    location /tiles/ {\n      root ${static_};\n` +
        '      default_type application/vnd.mapbox-vector-tile;\n      add_header Cache-Control "public, max-age=60";\n    }\n  }\n}\n',
    });
    extra.push(files);
    const baseline = wrk(files.origin, cycling(versioned), dir);
    line('nginx, the same bytes from files', baseline);
    line('proxy cache (nginx in front of 3 nodes)', wrk(deployment.nginx.origin, cycling(versioned), dir), baseline);

    // the same proxy without its cache, in front of 1, 2 and 3 nodes: the nodes' own warm path
    const proxies: Nginx[] = [];
    for (let n = 1; n <= 3; n++) {
      const proxy = await startNginx(
        join(dir, `nginx-${n}`),
        deployment.nodes.slice(0, n).map((node) => `127.0.0.1:${node.port}`),
        { config: (text) => text.replace('proxy_cache tiles;', 'proxy_cache off;') },
      );
      proxies.push(proxy);
      extra.push(proxy);
      line(
        `proxy → ${n} node${n > 1 ? 's' : ''} (no proxy cache)`,
        wrk(proxy.origin, cycling(versioned), dir),
        baseline,
      );
    }

    console.log(`nearest-5 among 100,000 resources at random points, ${CONNECTIONS} clients, ${SECONDS} s each:`);
    const floor = pgbench(deployment.postgres.replicaUrl, dir);
    line('pgbench, the same SQL on the replica', floor);
    wrk(proxies[2].origin, NEAREST_LUA, dir, 3); // warm-up
    for (const [i, proxy] of proxies.entries())
      line(`proxy → ${i + 1} node${i > 0 ? 's' : ''}`, wrk(proxy.origin, NEAREST_LUA, dir), floor);
  } finally {
    for (const n of extra) await n.stop();
    await deployment.stop();
  }
}
