import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { gridIsCurrent } from '../data/analysis/grid.js';
import { prepareData } from '../data/first-start.js';
import { ENGINES, HANOI_DATA_DIR, openTestDb, type TestDb } from './engines.js';
import { Client, seedAccount, TEST_PASSWORD_PARAMS } from './http-client.js';

const PASSWORD = 'first start password';

/**
 * A fresh start as `npm start` does it (data/first-start.ts on an empty database with the Hanoi
 * data), then the first analysis requests: what is derived from the boundaries was built by the
 * start, so no request builds it (the issue measured 40–60 s here before).
 */
describe.skipIf(!HANOI_DATA_DIR).each(ENGINES)('first start on %s', (engine) => {
  let db: TestDb;
  let admin: Client;
  let startS = 0;

  beforeAll(async () => {
    db = await openTestDb(engine);
    const started = Date.now();
    await prepareData(db, { dataDir: HANOI_DATA_DIR, log: () => {} });
    startS = (Date.now() - started) / 1000;
    const app = createApp(db, { passwordParams: TEST_PASSWORD_PARAMS });
    await seedAccount(db, 'admin@hanoi.gov.vn', 'city_admin', { level: 'city', code: '01' }, PASSWORD);
    admin = new Client(app);
    expect((await admin.login('admin@hanoi.gov.vn', PASSWORD)).status).toBe(200);
  }, 900_000);
  afterAll(() => db?.dispose());

  it('answers the first city-wide coverage and siting requests from the grid the start built', async () => {
    const timed = async (path: string) => {
      const started = Date.now();
      const res = await admin.send('GET', path);
      const ms = Date.now() - started;
      expect(res.status, await res.clone().text()).toBe(200);
      return { ms, body: await res.json() };
    };
    // the start built the grid for these boundaries: no request has to
    expect(await gridIsCurrent(db)).toBe(true);
    const coverage = await timed('/api/analysis/coverage');
    const siting = await timed('/api/analysis/siting');
    console.log(
      `[first start ${engine}] start ${startS.toFixed(1)} s; first coverage ${coverage.ms} ms ` +
        `(${coverage.body.wards.length} wards); first siting ${siting.ms} ms`,
    );
    // the grid was built by the start, not by this request: the time is printed, not asserted
    // (timing targets live in bench/; here it is the answer that must be whole)
    expect(coverage.body.people).toBeGreaterThan(8_000_000);
    expect(siting.body.sites.length).toBeGreaterThan(0);
  }, 120_000);
});
