// npm run test:deploy: the reference deployment (deploy/) started for real on loopback —
// PostgreSQL primary + streaming replica, 3 API nodes, nginx in front — and tried the ways it
// must hold: shared rate limits, cross-node tile invalidation under versioned cached URLs, a
// node killed under load, and reading one's own write while the replica lags.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../data/config.js';
import { type Db, openDatabase } from '../../data/db.js';
import { isHanoiDataDir } from '../../data/import/read-dataset.js';
import { type Deployment, startDeployment } from '../../deploy/cluster.js';
import { seedAccount } from '../http-client.js';
import { clientOf, otherLevel, tileLevel, type WardPlace, wardsVersion, wardsWithLevels } from './helpers.js';

const ADMIN = 'admin@hanoi.gov.vn';
const OWNER = 'owner@example.vn';
const PASSWORD = 'a long enough password 2022';
const LOAD_S = 30;
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('3 API nodes behind nginx, on a PostgreSQL primary and its streaming replica', () => {
  let deployment: Deployment;
  let db: Db;
  let wards: WardPlace[];
  const proxy = () => deployment.nginx.origin;
  const decide =
    (origin: string, ward: WardPlace, level: number) =>
    async (client = clientOf(origin)) => {
      if (!client.csrfToken) expect((await client.login(ADMIN, PASSWORD)).status).toBe(200);
      const res = await client.send('POST', `/api/units/${ward.code}/levels/${ward.week}/decision`, {
        action: 'override',
        level,
        reason: 'Thử triển khai nhiều nút / multi-node deployment trial',
      });
      expect(res.status).toBe(200);
      return client;
    };
  const replayPaused = async (paused: boolean) => {
    await deployment.postgres.sql('replica', paused ? 'SELECT pg_wal_replay_pause()' : 'SELECT pg_wal_replay_resume()');
    await expect
      .poll(async () => (await deployment.postgres.sql('replica', 'SELECT pg_get_wal_replay_pause_state() AS s'))[0].s)
      .toBe(paused ? 'paused' : 'not paused');
  };

  beforeAll(async () => {
    const dataDir = readConfig().dataDir;
    if (!dataDir || !isHanoiDataDir(dataDir))
      throw new Error('the deployment tests need the Hanoi data (../shared/data)');
    const started = performance.now();
    // the API only: no web build needed
    deployment = await startDeployment({ nodes: 3, env: { SAFEMAP_WEB_DIST: join(tmpdir(), 'safemap-no-web') } });
    db = await openDatabase({ databaseUrl: deployment.postgres.primaryUrl });
    await seedAccount(db, ADMIN, 'city_admin', { level: 'city', code: '01' }, PASSWORD);
    await seedAccount(db, OWNER, 'business', null, PASSWORD);
    wards = await wardsWithLevels(deployment, 2);
    console.log(
      `deployment: primary + replica, 3 nodes (one imported the Hanoi data), nginx: ready in ${seconds(started)}`,
    );
  }, 300_000);

  afterAll(async () => {
    await db?.close();
    await deployment?.stop();
  });

  it('3 nodes started at once on an empty database: one migrates and imports, the others wait for it', async () => {
    const did = (pattern: RegExp) => deployment.nodes.filter((n) => n.output.some((l) => pattern.test(l)));
    expect(did(/Applying migration/)).toHaveLength(1);
    expect(did(/Imported \d+ wards/)).toHaveLength(1);
    const [{ n }] = await deployment.postgres.sql<{ n: number }>(
      'replica',
      `SELECT count(*)::int AS n FROM admin_units WHERE level = 'ward'`,
    );
    expect(n).toBe(126);
  });

  it('brute force spread across the nodes gets 429 at the 6th wrong password for one account', async () => {
    const started = performance.now();
    const attacker = clientOf(proxy());
    const statuses: number[] = [];
    for (let i = 1; i <= 6; i++) statuses.push((await attacker.login(OWNER, `wrong guess ${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // the right password waits too: the account's budget is spent, whichever node is asked
    expect((await attacker.login(OWNER, PASSWORD)).status).toBe(429);
    const nodes = new Set(
      deployment.nginx
        .accessLog()
        .filter((e) => e.uri === '/api/auth/login')
        .map((e) => e.upstream),
    );
    expect(nodes.size).toBe(3);
    console.log(`brute force: 401 ×5 then 429, the attempts answered by all 3 nodes, in ${seconds(started)}`);
  });

  it("a level written through node A changes node C's wards tile within 1 s; the proxy never keeps old bytes under a new URL", async () => {
    const started = performance.now();
    const [a, , c] = deployment.nodes;
    const ward = wards[0];
    expect((await tileLevel(c.origin, ward.tile, ward.code)).level).toBe(ward.level);
    const v0 = await wardsVersion(proxy());
    await tileLevel(proxy(), `${ward.tile}?v=${v0}`, ward.code);
    expect(await tileLevel(proxy(), `${ward.tile}?v=${v0}`, ward.code)).toMatchObject({
      level: ward.level,
      cache: 'HIT',
    });

    const level = otherLevel(ward.level);
    const admin = await decide(a.origin, ward, level)();
    const written = performance.now();
    let seenMs: number | undefined;
    let requestMs = 0;
    while (seenMs === undefined && performance.now() - written < 5000) {
      const asked = performance.now();
      const now = (await tileLevel(c.origin, ward.tile, ward.code)).level;
      requestMs = performance.now() - asked;
      if (now === level) seenMs = performance.now() - written;
      else expect(now).toBe(ward.level);
    }
    console.log(
      `node C served the new level ${seenMs?.toFixed(0)} ms after node A answered the write ` +
        `(the request that rebuilt the tile took ${requestMs.toFixed(0)} ms of it)`,
    );
    expect(seenMs).toBeLessThanOrEqual(1000);

    // the new URL through the proxy: the new level, then kept
    const v1 = await wardsVersion(a.origin);
    expect(v1).not.toBe(v0);
    const viaProxy = [];
    for (let i = 0; i < 4; i++) viaProxy.push(await tileLevel(proxy(), `${ward.tile}?v=${v1}`, ward.code));
    expect(viaProxy.map((t) => t.level)).toEqual([level, level, level, level]);
    expect(viaProxy.at(-1)?.cache).toBe('HIT');

    // Again while the replica lags: the nodes build tiles from it, and it still has the old level.
    // The URL names the new version, so the tile must come from the primary, and only it is kept.
    await replayPaused(true);
    try {
      const level2 = otherLevel(level);
      await decide(a.origin, ward, level2)(admin);
      const v2 = await wardsVersion(a.origin);
      const [onReplica] = await deployment.postgres.sql<{ version: number }>(
        'replica',
        `SELECT version::int AS version FROM layer_versions WHERE layer = 'wards'`,
      );
      expect(onReplica.version).toBeLessThan(Number(v2));
      const lagging = [];
      for (let i = 0; i < 4; i++) lagging.push(await tileLevel(proxy(), `${ward.tile}?v=${v2}`, ward.code));
      expect(lagging.map((t) => t.level)).toEqual([level2, level2, level2, level2]);
      expect(lagging.at(-1)?.cache).toBe('HIT');
      // a version no node has (made up, or a write not heard yet): answered, never kept
      const madeUp = `${v2}0`;
      for (let i = 0; i < 2; i++) {
        expect(await tileLevel(proxy(), `${ward.tile}?v=${madeUp}`, ward.code)).toMatchObject({
          level: level2,
          cache: 'MISS',
          cacheControl: 'no-store',
        });
      }
    } finally {
      await replayPaused(false);
    }
    console.log(`tile invalidation and versioned proxy cache: ${seconds(started)}`);
  });

  it('a write during replica lag is never lost, and its author reads it at once', async () => {
    const started = performance.now();
    const ward = wards[1];
    const path = `/api/units/${ward.code}/levels/${ward.week}`;
    const publicLevel = async () => ((await (await fetch(proxy() + path)).json()) as { level: number }).level;
    expect(await publicLevel()).toBe(ward.level);

    await replayPaused(true);
    const level = otherLevel(ward.level);
    let author: Awaited<ReturnType<ReturnType<typeof decide>>>;
    try {
      author = await decide(proxy(), ward, level)();
      const [{ behind }] = await deployment.postgres.sql<{ behind: boolean }>(
        'replica',
        'SELECT pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn() AS behind',
      );
      expect(behind).toBe(true);
      // the author's reads, on whichever node nginx picks, show the write
      for (let i = 0; i < 3; i++) expect((await (await author.send('GET', path)).json()).level).toBe(level);
      // the public reads the replica, which has not replayed it yet: the lag is real
      expect(await publicLevel()).toBe(ward.level);
    } finally {
      await replayPaused(false);
    }
    const resumed = performance.now();
    await expect.poll(publicLevel).toBe(level);
    const caughtUpMs = performance.now() - resumed;
    const [row] = await deployment.postgres.sql<{ level: number }>(
      'replica',
      `SELECT level FROM current_levels WHERE unit_level = 'ward' AND unit_code = $1 AND week = $2`,
      [ward.code, ward.week],
    );
    expect(row.level).toBe(level);
    console.log(
      `replica lag: author read own write ×3 on the primary, public saw it ${caughtUpMs.toFixed(0)} ms after replay resumed; ${seconds(started)}`,
    );
  });

  it(`a node killed (kill -9) during a ${LOAD_S} s load run through the proxy costs no request`, async () => {
    const started = performance.now();
    const victim = deployment.nodes[1];
    const victimAddress = `127.0.0.1:${victim.port}`;
    const logBefore = deployment.nginx.accessLog().length;
    const paths = [
      () =>
        `/api/resources/nearest?lon=${(105.78 + Math.random() * 0.1).toFixed(5)}&lat=${(20.98 + Math.random() * 0.08).toFixed(5)}&limit=5`,
      () => '/api/levels',
      () => `/api/units/${wards[0].code}/levels`,
      () => '/api/wards?q=ha',
      () => '/api/health',
      () => wards[0].tile,
    ];
    const failures: string[] = [];
    let answered = 0;
    let killedAt = 0;
    const end = performance.now() + LOAD_S * 1000;
    const killer = sleep((LOAD_S * 1000) / 3).then(async () => {
      killedAt = performance.now();
      victim.process.kill('SIGKILL');
      expect(await victim.exited).toBe('SIGKILL');
    });
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (performance.now() < end) {
          const path = paths[Math.floor(Math.random() * paths.length)]();
          try {
            const res = await fetch(proxy() + path);
            await res.arrayBuffer();
            if (res.status === 200) answered++;
            else failures.push(`${path}: HTTP ${res.status}`);
          } catch (error) {
            failures.push(`${path}: ${(error as Error).message}`);
          }
        }
      }),
    );
    await killer;
    const run = deployment.nginx.accessLog().slice(logBefore);
    const retried = run.filter((e) => e.upstream.includes(','));
    const byVictim = run.filter((e) => e.upstream === victimAddress).length;
    console.log(
      `kill -9 under load: ${answered} answered, ${failures.length} failed in ${LOAD_S} s ` +
        `(${(answered / LOAD_S).toFixed(0)} req/s); the killed node had answered ${byVictim} before, ` +
        `${retried.length} request(s) retried on another node (${retried.map((e) => `${e.upstream} ${e.upstreamStatus}`).join('; ')}); ` +
        `killed at ${((killedAt - started) / 1000).toFixed(1)} s; ${seconds(started)}`,
    );
    expect(failures).toEqual([]);
    expect(byVictim).toBeGreaterThan(0);
    // the kill was felt: at least the first request sent to the dead node went on to another
    expect(retried.length).toBeGreaterThan(0);
  });
});
