import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { MemoryRateLimitStore, RateLimiter, type RateLimitStore } from '../api/auth/rate-limit.js';
import { PostgresRateLimitStore } from '../api/auth/rate-limit-postgres.js';
import { openSharedState, type SharedState } from '../api/shared-state.js';
import { importHanoi } from '../data/import/import-hanoi.js';
import { bumpLayerVersions } from '../data/layer-versions.js';
import { type ChangeFeed, listenForChanges } from '../data/notify.js';
import { openTestDb, type TestDb } from './engines.js';
import { Client, seedAccount, TEST_PASSWORD_PARAMS } from './http-client.js';
import { REDIS_SERVER, startRedis } from './redis-server.js';

const FIXTURE = new URL('./fixtures/mini-hanoi/', import.meta.url).pathname;
const PASSWORD = 'shared state password';
const WEEK = '2022-W10';

const indicators = (cases: number) => ({
  population: 20_000,
  newCommunityCases: cases,
  oxygenCases: 0,
  deaths: 0,
  adultFirstDosePct: 95,
  elderlyFullPct: 90,
  fullyVaccinatedPct: 85,
  highRiskFullPct: 90,
  freeBedsPer100k: 30,
  homeCareReady: true,
  icuReady: true,
  source: `shared state ${cases}`,
});

/** The sliding window the memory store keeps (api/auth/rate-limit.test.ts), asked of a shared store. */
async function slidingWindow(store: RateLimitStore, name: string) {
  let now = 1_000_000;
  const limiter = new RateLimiter(name, 5, 60_000, store, () => now);
  for (let i = 0; i < 5; i++) {
    expect(await limiter.retryAfterS('a')).toBe(0);
    await limiter.hit('a');
    now += 1000;
  }
  expect(await limiter.retryAfterS('a')).toBe(55);
  expect(await limiter.retryAfterS('b')).toBe(0);
  // more hits than the limit keep only the newest five: the wait follows them
  await limiter.hit('a');
  expect(await limiter.retryAfterS('a')).toBe(56);
  now = 1_000_000 + 65_001;
  expect(await limiter.retryAfterS('a')).toBe(0);
  await limiter.hit('a');
  await limiter.reset('a');
  expect(await limiter.retryAfterS('a')).toBe(0);
  // twenty hits in the same millisecond, from several nodes at once, are twenty hits
  const burst = new RateLimiter(`${name}-burst`, 20, 60_000, store, () => now);
  await Promise.all(Array.from({ length: 20 }, () => burst.hit('k')));
  expect(await burst.retryAfterS('k')).toBe(60);
}

/** One API node: its own app, rate-limit store and LISTEN connection, on the shared database. */
interface Node {
  app: ReturnType<typeof createApp>;
  shared: SharedState;
}

/** Six wrong passwords for one account, sent round-robin through `apps`: the statuses and the last Retry-After. */
async function bruteForce(apps: Node['app'][], email: string) {
  const statuses: number[] = [];
  let retryAfter: string | null = null;
  for (let i = 0; i < 6; i++) {
    const res = await new Client(apps[i % apps.length]).login(email, `guess number ${i}`);
    statuses.push(res.status);
    retryAfter = res.headers.get('retry-after');
  }
  return { statuses, retryAfter };
}

describe('state shared by API nodes on one PostgreSQL database', () => {
  let db: TestDb;
  const nodes: Node[] = [];
  const closers: (() => Promise<unknown>)[] = [];

  const startNode = async (config: { redisUrl?: string } = {}, changes?: ChangeFeed): Promise<Node> => {
    const shared = await openSharedState(db, { databaseUrl: db.url, ...config });
    closers.push(() => shared.close());
    const app = createApp(db, {
      passwordParams: TEST_PASSWORD_PARAMS,
      rateLimitStore: shared.rateLimitStore,
      changes: changes ?? shared.changes,
    });
    return { app, shared };
  };

  beforeAll(async () => {
    db = await openTestDb('postgres');
    await importHanoi(db, FIXTURE);
    await seedAccount(db, 'city@hanoi.gov.vn', 'city_admin', { level: 'city', code: '01' }, PASSWORD);
    for (const email of ['lan@example.vn', 'minh@example.vn', 'hoa@example.vn', 'an@example.vn'])
      await seedAccount(db, email, 'business', null, PASSWORD);
    for (let i = 0; i < 3; i++) nodes.push(await startNode());
  }, 120_000);
  afterAll(async () => {
    for (const close of closers) await close().catch(() => {});
    await db?.dispose();
  });

  it('counts rate limits in PostgreSQL with the sliding window of the memory store', async () => {
    expect(nodes[0].shared.rateLimitStore).toBeInstanceOf(PostgresRateLimitStore);
    await slidingWindow(new PostgresRateLimitStore(db), 'contract');
    // a window that has passed leaves no row behind once a later hit cleans up
    const [{ n }] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM rate_limit_hits WHERE key LIKE 'contract%' AND expires_at <= $1",
      [Date.now()],
    );
    await new RateLimiter('cleaner', 1, 1000, new PostgresRateLimitStore(db)).hit('x');
    await expect
      .poll(async () => (await db.query("SELECT 1 FROM rate_limit_hits WHERE key LIKE 'contract%'")).length)
      .toBe(0);
    expect(n).toBeGreaterThan(0);
  });

  it('answers 429 to the 6th wrong password for one account, the attempts spread over three nodes', async () => {
    const { statuses, retryAfter } = await bruteForce(
      nodes.map((n) => n.app),
      'lan@example.vn',
    );
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // the right password waits too, on any node
    expect((await new Client(nodes[1].app).login('lan@example.vn', PASSWORD)).status).toBe(429);
    // counters kept per process would let all six through: what this test guards against
    const apart = [0, 1, 2].map(() =>
      createApp(db, { passwordParams: TEST_PASSWORD_PARAMS, rateLimitStore: new MemoryRateLimitStore() }),
    );
    expect((await bruteForce(apart, 'minh@example.vn')).statuses).toEqual([401, 401, 401, 401, 401, 401]);
  });

  it('refuses on every node a session signed out or revoked through another', async () => {
    const [a, b, c] = nodes.map((n) => n.app);
    const onA = new Client(a);
    expect((await onA.login('hoa@example.vn', PASSWORD)).status).toBe(200);
    /** the same browser's cookie, sent to another node */
    const sameOn = (app: typeof a, from: Client) =>
      Object.assign(new Client(app), { cookie: from.cookie, csrfToken: from.csrfToken });
    const whoAmI = async (client: Client) => (await (await client.send('GET', '/api/auth/session')).json()).account;
    expect((await whoAmI(sameOn(b, onA))).email).toBe('hoa@example.vn');
    expect((await sameOn(b, onA).send('POST', '/api/auth/logout')).status).toBe(204);
    expect(await whoAmI(sameOn(a, onA))).toBeNull();
    expect(await whoAmI(sameOn(c, onA))).toBeNull();

    // a lost phone: revoked from the laptop through node C, refused at once by node A
    const phone = new Client(a);
    const laptop = new Client(c);
    expect((await phone.login('hoa@example.vn', PASSWORD)).status).toBe(200);
    expect((await laptop.login('hoa@example.vn', PASSWORD)).status).toBe(200);
    const { sessions } = await (await laptop.send('GET', '/api/auth/sessions')).json();
    const phoneSession = sessions.find((s: { current: boolean }) => !s.current);
    expect((await laptop.send('DELETE', `/api/auth/sessions/${phoneSession.id}`)).status).toBe(204);
    expect(await whoAmI(phone)).toBeNull();
    expect((await phone.send('PUT', `/api/units/00070/indicators/${WEEK}`, indicators(1))).status).toBe(401);
  });

  it('moves the wards version node B serves when a level is written through node A: B hears it, it does not poll', async () => {
    const [a, b] = nodes.map((n) => n.app);
    const versionsOn = async (app: typeof a) => (await (await app.request('/tiles/versions.json')).json()).wards;
    const city = new Client(a);
    expect((await city.login('city@hanoi.gov.vn', PASSWORD)).status).toBe(200);
    const before = await versionsOn(b);

    // B keeps its reading until told: a bump made without a notification stays unseen by B
    await db.query("UPDATE layer_versions SET version = version + 1 WHERE layer = 'wards'");
    await new Promise((r) => setTimeout(r, 1500));
    expect(await versionsOn(b)).toBe(before);
    const [{ version: silent }] = await db.query<{ version: number }>(
      "SELECT version::int AS version FROM layer_versions WHERE layer = 'wards'",
    );
    expect(Number(before)).toBe(silent - 1);

    // a level written through A: its transaction notifies at commit
    const heard = new Promise<number>((resolve) => {
      const stop = nodes[1].shared.changes?.subscribe((layers) => {
        if (layers?.includes('wards')) {
          stop?.();
          resolve(performance.now());
        }
      });
    });
    const sent = performance.now();
    const res = await city.send('PUT', `/api/units/00070/indicators/${WEEK}`, indicators(40));
    const answered = performance.now();
    expect(res.status).toBe(200);
    const heardAt = await heard;
    const after = await versionsOn(b);
    console.log(
      `level written through A: A answered in ${(answered - sent).toFixed(0)} ms; ` +
        `B heard the notification ${(heardAt - sent).toFixed(0)} ms after the write was sent ` +
        `(${(heardAt - answered).toFixed(0)} ms after A's answer)`,
    );
    expect(Number(after)).toBe(silent + 1);
    expect(await versionsOn(nodes[2].app)).toBe(after);
  });

  it('hears again after its LISTEN connection is lost, and re-reads what was written meanwhile', async () => {
    // a node whose feed waits 2 s before reconnecting, so the write below surely falls in the gap
    const feed = await listenForChanges(db.url as string, { retryMs: 2000, log: () => {} });
    closers.push(() => feed.close());
    const b = await startNode({}, feed);
    const city = new Client(nodes[0].app);
    expect((await city.login('city@hanoi.gov.vn', PASSWORD)).status).toBe(200);
    const version = async () => (await (await b.app.request('/tiles/versions.json')).json()).wards;

    const events: (readonly string[] | null)[] = [];
    feed.subscribe((layers) => events.push(layers));
    const lost = performance.now();
    const [{ n }] = await db.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
       WHERE application_name = 'safemap-listen' AND datname = current_database()`,
    );
    expect(n).toBeGreaterThanOrEqual(4);
    await expect.poll(() => feed.live).toBe(false);
    // while deaf, B re-reads as it did before notifications (at most a second old) …
    const during = await version();
    // … and a write now sends a notification nobody on B hears
    expect((await city.send('PUT', `/api/units/00070/indicators/${WEEK}`, indicators(41))).status).toBe(200);
    expect(feed.live).toBe(false);
    await expect.poll(() => feed.live, { timeout: 10_000 }).toBe(true);
    console.log(`LISTEN connection back ${(performance.now() - lost).toFixed(0)} ms after it was terminated`);
    // listening again, B trusts its readings: it must have dropped the one made while deaf
    expect(Number(await version())).toBe(Number(during) + 1);
    expect(events.filter((e) => e === null).length).toBe(2);

    // and the other nodes, listening again too, hear the next write
    await expect.poll(() => nodes.every((node) => node.shared.changes?.live)).toBe(true);
    const c = nodes[2];
    const versionOnC = async () => (await (await c.app.request('/tiles/versions.json')).json()).wards;
    expect(Number(await versionOnC())).toBe(Number(during) + 1);
    const heard = Promise.all(
      [feed, c.shared.changes].map(
        (f) =>
          new Promise<void>((resolve) =>
            f?.subscribe((layers) => {
              if (layers?.includes('wards')) resolve();
            }),
          ),
      ),
    );
    await bumpLayerVersions(db, ['wards']);
    await heard;
    expect(Number(await version())).toBe(Number(during) + 2);
    expect(Number(await versionOnC())).toBe(Number(during) + 2);
  });

  describe.skipIf(!REDIS_SERVER)('with Redis (REDIS_URL)', () => {
    let redis: Awaited<ReturnType<typeof startRedis>>;
    const redisNodes: Node[] = [];

    beforeAll(async () => {
      redis = await startRedis();
      for (let i = 0; i < 3; i++) redisNodes.push(await startNode({ redisUrl: redis.url }));
    }, 30_000);
    afterAll(async () => {
      for (const node of redisNodes) await node.shared.close();
      await redis?.stop();
    });

    it('counts rate limits in Redis with the same sliding window', async () => {
      expect(redisNodes[0].shared.description).toMatch(/Redis/);
      await slidingWindow(redisNodes[0].shared.rateLimitStore, 'contract');
    });

    it('answers 429 to the 6th wrong password for one account, the attempts spread over three nodes', async () => {
      const { statuses, retryAfter } = await bruteForce(
        redisNodes.map((n) => n.app),
        'an@example.vn',
      );
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      expect((await new Client(redisNodes[2].app).login('an@example.vn', PASSWORD)).status).toBe(429);
      // counted in Redis, not in the table
      expect(await db.query("SELECT 1 FROM rate_limit_hits WHERE key = 'login-account:an@example.vn'")).toEqual([]);
    });

    it('refuses, never lets a sign-in through unlimited, while Redis cannot be reached', async () => {
      await redis.stop();
      const res = await new Client(redisNodes[0].app).login('an@example.vn', PASSWORD);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      expect((await res.json()).type).toBe('/api/problems/rate-limit-unavailable');
      expect(res.headers.get('set-cookie')).toBeNull();
    });
  });
});
