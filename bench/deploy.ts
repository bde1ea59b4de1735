// npm run bench -- deploy: the reference deployment (deploy/) on this machine — PostgreSQL primary
// + replica, 3 API nodes, nginx — measured with wrk at 32 connections through the proxy in front of
// 1, 2 and 3 nodes, all in one run: warm tiles against nginx serving the same bytes from files;
// cold tiles (each asked for once) against pgbench running the layer's own ST_AsMVT SQL; nearest-5
// against pgbench running the same prepared statement on the replica the nodes read from (and
// beside it pgbench pipelining it, as the nodes do), first with every program sharing both cores,
// then with PostgreSQL on a core of its own. Each nearest run also prints the CPU each program
// spent per request.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openDatabase } from '../data/db.js';
import { nearestSql } from '../data/resources/queries.js';
import { startDeployment } from '../deploy/cluster.js';
import { freePort, type Nginx, startNginx } from '../deploy/nginx.js';
import { LAYERS } from '../tiles/layers.js';
import { mvtSql } from '../tiles/sql.js';
import { tileOf } from '../tiles/tile-math.js';
import { insertBenchResources } from './resources.js';
import { pct } from './stats.js';

const CONNECTIONS = 32;
const SECONDS = 10;
const COLD_SECONDS = 5;
/** nearest statements per pipeline in the pipelined pgbench run */
const PIPELINED = 8;
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

/** A Lua script asking each of `paths` once: wrk's two threads take every other one. */
const eachOnce = (paths: string[]) =>
  `local paths = {${paths.map((p) => JSON.stringify(p)).join(',')}}\nlocal i = 0\nlocal threads = 0\n` +
  'function setup(thread)\n  thread:set("id", threads)\n  threads = threads + 1\nend\n' +
  'request = function()\n  i = i + 1\n  return wrk.format("GET", paths[((2 * i + id) % #paths) + 1])\nend\n';

/** A Lua script asking nearest-5 at random points of AREA. */
const NEAREST_LUA =
  'request = function()\n' +
  `  local lon = ${AREA.lon} + math.random() * ${AREA.spanLon}\n` +
  `  local lat = ${AREA.lat} + math.random() * ${AREA.spanLat}\n` +
  '  return wrk.format("GET", string.format("/api/resources/nearest?lon=%.5f&lat=%.5f&limit=5", lon, lat))\nend\n';

/**
 * pgbench at CONNECTIONS clients for SECONDS running `script` (a pgbench file) on `url`; p99 from
 * its per-transaction log. `statements`: how many the script runs per transaction (req/s counts them).
 */
function pgbench(
  url: string,
  dir: string,
  name: string,
  script: string,
  mode: 'simple' | 'prepared' = 'simple',
  statements = 1,
): Measured {
  const host = new URL(url).searchParams.get('host') ?? '';
  const file = join(dir, `${name}.sql`);
  writeFileSync(file, script);
  const logs = join(dir, `pgbench-${name}`);
  mkdirSync(logs, { recursive: true });
  const out = execFileSync(
    'pgbench',
    [
      '-n',
      `-M${mode}`,
      `-c${CONNECTIONS}`,
      '-j2',
      `-T${SECONDS}`,
      '-f',
      file,
      '-l',
      `--log-prefix=${logs}/tx`,
      '-h',
      host,
    ],
    { encoding: 'utf8', env: { ...process.env, PGUSER: 'postgres', PGDATABASE: 'safemap' } },
  );
  const latenciesMs = readdirSync(logs).flatMap((f) =>
    readFileSync(join(logs, f), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => Number(line.split(' ')[2]) / 1000),
  );
  return {
    rps: statements * Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? 0),
    p99Ms: pct(latenciesMs, 0.99),
    errors: Number(/number of failed transactions: (\d+)/.exec(out)?.[1] ?? 0),
  };
}

const oneLine = (sql: string) => sql.replace(/\s+/g, ' ').trim();

/**
 * The route's nearest-5 SQL at random points of AREA, as pgbench runs it; with `pipelined`, that
 * many at once in one pipeline (each at its own point), as the nodes send them (data/engine/pipeline.ts).
 */
function nearestScript(pipelined = 0): string {
  const pointAt = (i: number) =>
    `\\set lon${i} ${AREA.lon} + random(0, 1000000) * ${AREA.spanLon / 1e6}\n` +
    `\\set lat${i} ${AREA.lat} + random(0, 1000000) * ${AREA.spanLat / 1e6}\n`;
  const nearestAt = (i: number) => {
    const values: Record<string, string> = { 1: `:lon${i}`, 2: `:lat${i}`, 3: 'NULL', 4: 'NULL', 5: 'NULL', 6: '5' };
    return `${oneLine(nearestSql.replace(/\$([1-6])/g, (_, n: string) => values[n]))};\n`;
  };
  if (!pipelined) return pointAt(0) + nearestAt(0);
  const each = Array.from({ length: pipelined }, (_, i) => i);
  // pgbench runs only SQL inside a pipeline: the points are drawn before it
  return `${each.map(pointAt).join('')}\\startpipeline\n${each.map(nearestAt).join('')}\\endpipeline\n`;
}

/** The wards layer's own tile SQL (ST_AsMVT) for a random tile of `bench_tiles`, as pgbench runs it. */
function coldTileScript(tiles: number): string {
  const values: Record<string, string> = { 1: 'k.z', 2: 'k.x', 3: 'k.y' };
  const sql = mvtSql(LAYERS.wards).replace(/\$([1-3])\b/g, (_, n: string) => values[n]);
  return `\\set i random(1, ${tiles})\nSELECT length(m.mvt) FROM bench_tiles k, LATERAL (${oneLine(sql)}) m WHERE k.i = :i;\n`;
}

/**
 * CPU seconds used so far by each program on the machine: live processes with what their exited
 * children left them (PostgreSQL's backends); for this process, only its exited children (wrk, pgbench).
 */
function cpuByProgram(): Map<string, number> {
  const tick = 1 / 100; // USER_HZ
  const out = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' '); // from field 3 (state) on
    const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
    const self = Number(pid) === process.pid;
    const name = self ? 'wrk/pgbench' : stat.slice(stat.indexOf('(') + 1, close);
    out.set(name, (out.get(name) ?? 0) + (self ? cutime + cstime : utime + stime + cutime + cstime) * tick);
  }
  return out;
}

/**
 * PostgreSQL (both servers under `dir`, every backend now and forked later) on CPU 1, everything
 * else of the bench (the nodes, nginx, this process and so wrk and pgbench) on CPU 0.
 */
function splitCores(dir: string, nodes: { process: { pid?: number } }[]) {
  const pin = (cpu: string, pid: number | string | undefined) => {
    try {
      if (pid) execFileSync('taskset', ['-a', '-p', '-c', cpu, String(pid)], { stdio: 'ignore' });
    } catch {
      // a process that ended meanwhile (an autovacuum worker, a backend closing)
    }
  };
  const pids = (...args: string[]) => {
    try {
      return execFileSync('pgrep', args, { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
    } catch {
      return []; // pgrep exits 1 when nothing matches
    }
  };
  // deploy/cluster.ts starts the pair under pg/ (deploy/postgres.ts: primary/, replica/)
  const postmasters = ['primary', 'replica'].map(
    (server) => readFileSync(join(dir, 'pg', server, 'postmaster.pid'), 'utf8').split('\n')[0],
  );
  for (const postmaster of postmasters) for (const pid of [postmaster, ...pids('-P', postmaster)]) pin('1', pid);
  for (const node of nodes) pin('0', node.process.pid);
  for (const pid of pids('-x', 'nginx')) pin('0', pid);
  pin('0', process.pid);
}

/** `measure()`'s figures, and the CPU each program spent per request meanwhile. */
function withCpu(measure: () => Measured): Measured & { cpu: string } {
  const before = cpuByProgram();
  const m = measure();
  const after = cpuByProgram();
  const requests = m.rps * SECONDS;
  const cpu = [...after]
    .map(([name, sec]) => [name, sec - (before.get(name) ?? 0)] as const)
    .filter(([, sec]) => sec > 0.05 * SECONDS)
    .sort((a, b) => b[1] - a[1])
    .map(([name, sec]) => `${name} ${((1000 * sec) / requests).toFixed(2)} ms`)
    .join(', ');
  return { ...m, cpu };
}

/** The label of a run through the proxy in front of `n` nodes. */
const throughNodes = (n: number) => `proxy → ${n} node${n > 1 ? 's' : ''}`;

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
      line(`${throughNodes(n)} (no proxy cache)`, wrk(proxy.origin, cycling(versioned), dir), baseline);
    }

    // Cold tiles: z16 wards tiles over Hanoi, each asked for once (no cache can answer), against
    // pgbench running the layer's own ST_AsMVT SQL for the same tiles on the replica the nodes read.
    // every z16 tile of the wards' bounding box (tileOf: y grows southwards) that touches a ward's box
    const [box] = await deployment.postgres.sql<{ west: number; south: number; east: number; north: number }>(
      'primary',
      `SELECT ST_XMin(e) AS west, ST_YMin(e) AS south, ST_XMax(e) AS east, ST_YMax(e) AS north
       FROM (SELECT ST_Extent(geom) AS e FROM admin_units WHERE level = 'ward') b`,
    );
    const [, x0, y0] = tileOf(box.west, box.north, 16);
    const [, x1, y1] = tileOf(box.east, box.south, 16);
    await deployment.postgres.sql(
      'primary',
      `CREATE TABLE bench_tiles AS SELECT row_number() OVER (ORDER BY md5(x || '/' || y))::int AS i, 16 AS z, x, y
       FROM generate_series($1::int, $2::int) x, generate_series($3::int, $4::int) y
       WHERE EXISTS (SELECT 1 FROM admin_units w WHERE w.level = 'ward' AND w.geom_3857 && ST_TileEnvelope(16, x, y))`,
      [x0, x1, y0, y1],
    );
    const coldTiles = await deployment.postgres.sql<{ z: number; x: number; y: number }>(
      'primary',
      'SELECT z, x, y FROM bench_tiles ORDER BY i',
    );
    while (
      (await deployment.postgres.sql('replica', `SELECT to_regclass('bench_tiles') IS NOT NULL AS ok`))[0].ok !== true
    )
      await new Promise((r) => setTimeout(r, 200));
    console.log(
      `cold z16 wards tiles: ${coldTiles.length} distinct tiles over Hanoi, a third for each ${COLD_SECONDS} s run (a tile asked for twice would be warm):`,
    );
    const coldFloor = pgbench(deployment.postgres.replicaUrl, dir, 'cold-tile', coldTileScript(coldTiles.length));
    line('pgbench, the layer’s ST_AsMVT SQL', coldFloor);
    // each run gets a third of the tiles and 5 s, so it never comes round to a tile it built
    const third = Math.floor(coldTiles.length / 3);
    for (const [i, proxy] of proxies.entries()) {
      const slice = coldTiles.slice(i * third, (i + 1) * third).map((t) => `/tiles/wards/${t.z}/${t.x}/${t.y}.mvt`);
      const m = wrk(proxy.origin, eachOnce(slice), dir, COLD_SECONDS);
      line(throughNodes(i + 1), m, coldFloor);
      if (m.rps * COLD_SECONDS > slice.length)
        console.log(`    (${Math.round(m.rps * COLD_SECONDS)} requests over ${slice.length} tiles: some were warm)`);
    }

    console.log(`nearest-5 among 100,000 resources at random points, ${CONNECTIONS} clients, ${SECONDS} s each:`);
    // the nodes keep the statement prepared (data/db.ts `prepared`): the floor is pgbench doing the same.
    // They also pipeline it (data/engine/pipeline.ts): pgbench doing that too is printed beside it.
    const nearestFloor = (name: string) => {
      line(
        'pgbench, the same SQL, parsed every time',
        pgbench(deployment.postgres.replicaUrl, dir, name, nearestScript()),
      );
      const floor = withCpu(() =>
        pgbench(deployment.postgres.replicaUrl, dir, `${name}-prepared`, nearestScript(), 'prepared'),
      );
      line('pgbench, the same prepared statement', floor);
      console.log(`    CPU per request: ${floor.cpu}`);
      const pipelined = pgbench(
        deployment.postgres.replicaUrl,
        dir,
        `${name}-pipelined`,
        nearestScript(PIPELINED),
        'prepared',
        PIPELINED,
      );
      line(`pgbench, prepared, ${PIPELINED} at a time pipelined`, pipelined);
      console.log(`    (p99 of the ${PIPELINED} together)`);
      return { floor, pipelined };
    };
    const floors = nearestFloor('nearest');
    wrk(proxies[2].origin, NEAREST_LUA, dir, 3); // warm-up
    const nearestThroughProxies = ({ floor, pipelined }: { floor: Measured; pipelined: Measured }) => {
      for (const [i, proxy] of proxies.entries()) {
        const m = withCpu(() => wrk(proxy.origin, NEAREST_LUA, dir));
        line(throughNodes(i + 1), m, floor);
        console.log(
          `    ${((100 * m.rps) / pipelined.rps).toFixed(0)} % of pipelined pgbench; CPU per request: ${m.cpu}`,
        );
      }
    };
    nearestThroughProxies(floors);

    // The same with the database on a core of its own (as on a server of its own): what the HTTP
    // path costs the database, apart from what the nodes cost the cores they share with it.
    splitCores(dir, deployment.nodes);
    console.log('nearest-5 again, PostgreSQL on CPU 1 only, the nodes, nginx, wrk and pgbench on CPU 0:');
    nearestThroughProxies(nearestFloor('nearest-own-core'));
  } finally {
    for (const n of extra) await n.stop();
    await deployment.stop();
  }
}
