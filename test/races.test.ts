import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { parseCsv } from '../data/import/csv.js';
import { importHanoi } from '../data/import/import-hanoi.js';
import { insertResources } from '../data/resources/queries.js';
import { ENGINES, openTestDb, pointInWard, type TestDb } from './engines.js';
import { Client, seedAccount, TEST_PASSWORD_PARAMS } from './http-client.js';

const FIXTURE = new URL('./fixtures/mini-hanoi/', import.meta.url).pathname;
const PASSWORD = 'race condition password';
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
  source: `race ${cases}`,
});

/** Statuses by count, e.g. `{ 200: 20 }`, so a failure shows every answer at once. */
/**
 * Sends a write as a well-behaved client does: a 503 (the embedded engine shedding load) must say
 * when to come back, and is retried then. Any other 5xx is returned as it is and fails the test.
 */
async function sendRetrying(client: Client, method: string, path: string, body: unknown): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const res = await client.send(method, path, body);
    if (res.status !== 503 || attempt === 50) return res;
    const problem = await res.json();
    const waitMs = problem.retryAfterMs ?? Number(res.headers.get('retry-after')) * 1000;
    expect(waitMs, 'a 503 says when to retry').toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, waitMs));
  }
}

function tally(responses: Response[]) {
  const t: Record<number, number> = {};
  for (const r of responses) t[r.status] = (t[r.status] ?? 0) + 1;
  return t;
}

// Writes to one ward-week or one resource, sent at the same moment: each is answered (the policy
// is last-writer-wins, in the order the locks were granted), never with a 500, and the audit trail
// is a chain. The embedded engine may shed some with 503 + Retry-After; those are retried then.
describe.each(ENGINES)('racing writes on %s', (engine) => {
  let db: TestDb;
  let app: ReturnType<typeof createApp>;
  let city: Client;

  /** The audit rows of one entity, oldest first: each row's `before` must be the previous row's `after`. */
  const auditChain = (action: string, entityId: string) =>
    db.query<{ before: unknown; after: unknown }>(
      'SELECT before, after FROM audit_log WHERE action = $1 AND entity_id = $2 ORDER BY id',
      [action, entityId],
    );
  const brokenLinks = (rows: { before: unknown; after: unknown }[]) =>
    rows.slice(1).filter((r, i) => JSON.stringify(r.before) !== JSON.stringify(rows[i].after)).length;

  beforeAll(async () => {
    db = await openTestDb(engine);
    await importHanoi(db, FIXTURE);
    app = createApp(db, { passwordParams: TEST_PASSWORD_PARAMS, rateLimits: { writesPerActor: 10_000 } });
    await seedAccount(db, 'city@hanoi.gov.vn', 'city_admin', { level: 'city', code: '01' }, PASSWORD);
    city = new Client(app);
    expect((await city.login('city@hanoi.gov.vn', PASSWORD)).status).toBe(200);
  }, 300_000);
  afterAll(() => db?.dispose());

  it('answers 20 parallel entries for one ward-week, keeps one current entry and an unbroken audit chain', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        sendRetrying(city, 'PUT', `/api/units/00070/indicators/${WEEK}`, indicators(i)),
      ),
    );
    expect(tally(answers)).toEqual({ 200: 20 });
    const [{ current, all }] = await db.query<{ current: number; all: number }>(
      `SELECT count(*) FILTER (WHERE superseded_at IS NULL)::int AS current, count(*)::int AS all
       FROM indicators WHERE unit_code = '00070' AND week = $1`,
      [WEEK],
    );
    expect({ current, all }).toEqual({ current: 1, all: 20 });
    const chain = await auditChain('indicators.enter', `00070/${WEEK}`);
    expect(chain).toHaveLength(20);
    expect(chain[0].before).toBeNull();
    expect(brokenLinks(chain)).toBe(0);
    // the last link is what is now in force
    const now = await (await city.send('GET', `/api/units/00070/levels/${WEEK}`)).json();
    expect((chain[19].after as { indicators: { source: string } }).indicators.source).toBe(now.indicators.source);
  }, 60_000);

  it('answers 2 parallel CSV imports of the same weeks; the last one granted the locks is in force', async () => {
    const template = await (await city.send('GET', `/api/indicators/template.csv?week=2022-W11`)).text();
    const rows = parseCsv(template.replace(/^\uFEFF/, ''));
    const header = Object.keys(rows[0]);
    const fill = (cases: number) =>
      [
        header.join(','),
        ...rows.map((r) =>
          header
            .map((h) =>
              h === 'population'
                ? '20000'
                : h === 'new_community_cases'
                  ? String(cases)
                  : ['oxygen_cases', 'deaths'].includes(h)
                    ? '0'
                    : h === 'source'
                      ? `import ${cases}`
                      : h === 'unit_name'
                        ? ''
                        : r[h],
            )
            .join(','),
        ),
      ].join('\n');
    const answers = await Promise.all(
      [1, 2].map((n) => sendRetrying(city, 'POST', '/api/indicators/import', { csv: fill(n) })),
    );
    expect(tally(answers)).toEqual({ 200: 2 });
    const current = await db.query<{ source: string }>(
      `SELECT DISTINCT source FROM indicators WHERE week = '2022-W11' AND superseded_at IS NULL`,
    );
    // all-or-nothing per import: every unit shows the same import's figures
    expect(current).toHaveLength(1);
    const [{ n }] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM levels WHERE week = '2022-W11' AND superseded_at IS NULL`,
    );
    expect(n).toBe(rows.length);
  }, 60_000);

  it('answers 50 parallel stock reports for one resource with an unbroken audit chain', async () => {
    const [lon, lat] = await pointInWard(db, '00070');
    const [id] = await insertResources(db, [
      {
        type: 'oxygen_atm',
        name: 'Điểm ô xy thử',
        address: '1 Tràng Tiền',
        lon,
        lat,
        phone: null,
        openingHours: '24/7',
        services: {},
        capacity: null,
        stock: { oxygen_cylinders: -1 },
        status: 'open',
      },
    ]);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        sendRetrying(city, 'PUT', `/api/resources/${id}/stock`, { stock: { oxygen_cylinders: i } }),
      ),
    );
    expect(tally(answers)).toEqual({ 200: 50 });
    const chain = await auditChain('resource.stock', id);
    expect(chain).toHaveLength(50);
    expect(chain[0].before).toEqual({ stock: { oxygen_cylinders: -1 } });
    expect(brokenLinks(chain)).toBe(0);
  }, 60_000);

  it('answers 20 parallel changes to one account with an unbroken audit chain', async () => {
    const official = await seedAccount(
      db,
      'ward@hanoi.gov.vn',
      'ward_officer',
      { level: 'ward', code: '00070' },
      PASSWORD,
    );
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        sendRetrying(city, 'PATCH', `/api/accounts/${official.id}`, { displayName: `Cán bộ ${i}` }),
      ),
    );
    expect(tally(answers)).toEqual({ 200: 20 });
    const chain = await auditChain('account.update', official.id);
    expect(chain).toHaveLength(20);
    expect(brokenLinks(chain)).toBe(0);
  }, 60_000);
});
