import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importHanoi } from '../data/import/import-hanoi.js';
import { openTestDb, type TestDb } from '../test/engines.js';
import { Client, seedAccount, TEST_PASSWORD_PARAMS } from '../test/http-client.js';
import { createApp } from './app.js';

const FIXTURE = new URL('../test/fixtures/mini-hanoi/', import.meta.url).pathname;
const PARAMS: Record<string, string> = { id: randomUUID(), code: '00070', week: '2022-W10' };

const BAD_BODIES: [string, string, string, number[]][] = [
  ['malformed JSON', '{"email": ', 'application/json', [400]],
  [
    'wrong types',
    JSON.stringify({ email: 42, password: true, name: [], lon: 'x', disabled: 'yes' }),
    'application/json',
    [422],
  ],
  ['unknown fields', JSON.stringify({ surprise: true }), 'application/json', [422]],
  ['a JSON array', '[1, 2]', 'application/json', [422]],
  ['a form body', 'email=a%40b.vn', 'application/x-www-form-urlencoded', [415]],
  ['an oversized body', JSON.stringify({ pad: 'x'.repeat(70 * 1024) }), 'application/json', [413]],
];

/**
 * Every write route the OpenAPI document lists, sent every kind of bad body, by a city admin
 * (so the request gets past authorisation to validation) and by an anonymous client.
 */
describe('bad input on every write route (PostgreSQL)', () => {
  let db: TestDb;
  let app: ReturnType<typeof createApp>;
  let admin: Client;
  let routes: { method: string; path: string; hasBody: boolean }[];

  beforeAll(async () => {
    db = await openTestDb('postgres');
    await importHanoi(db, FIXTURE);
    app = createApp(db, { passwordParams: TEST_PASSWORD_PARAMS, maxBodyBytes: 64 * 1024 });
    await seedAccount(db, 'admin@hanoi.gov.vn', 'city_admin', { level: 'city', code: '01' }, 'admin password 1');
    admin = new Client(app);
    expect((await admin.login('admin@hanoi.gov.vn', 'admin password 1')).status).toBe(200);
    const spec = await (await app.request('/api/openapi.json')).json();
    routes = Object.entries(spec.paths as Record<string, Record<string, { requestBody?: unknown }>>).flatMap(
      ([path, ops]) =>
        Object.entries(ops)
          .filter(([method]) => ['post', 'put', 'patch'].includes(method))
          .map(([method, op]) => ({
            method: method.toUpperCase(),
            path: path.replace(/\{(\w+)\}/g, (_, name: string) => PARAMS[name]),
            hasBody: op.requestBody !== undefined,
          })),
    );
    expect(routes.length).toBeGreaterThanOrEqual(8);
  });
  afterAll(() => db?.dispose());

  it.each(BAD_BODIES)('answers %s with a problem body, never a 500', async (_, body, type, statuses) => {
    const before = await db.query('SELECT count(*)::int AS n FROM audit_log');
    for (const { method, path } of routes.filter((r) => r.hasBody)) {
      for (const client of [admin, new Client(app)]) {
        const res = await client.send(method, path, body, { 'Content-Type': type });
        const allowed = client === admin ? statuses : [...statuses, 401];
        expect(allowed, `${method} ${path} → ${res.status}: ${await res.clone().text()}`).toContain(res.status);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        const problem = await res.json();
        expect(problem).toMatchObject({ status: res.status, type: expect.any(String), detail: expect.any(String) });
        expect(JSON.stringify(problem)).not.toMatch(/\bat .+\.(ts|js):\d+/);
      }
    }
    expect(await db.query('SELECT count(*)::int AS n FROM audit_log')).toEqual(before);
  });

  it('answers malformed path parameters with 400, not 500', async () => {
    for (const [method, path] of [
      ['PUT', '/api/wards/abc/contact'],
      ['PUT', '/api/premises/not-a-uuid'],
      ['PATCH', '/api/accounts/42'],
      ['DELETE', '/api/auth/sessions/zz'],
      ['PUT', '/api/units/00070/indicators/2022-W60'],
      ['POST', '/api/units/007/levels/2022-W10/decision'],
    ]) {
      const res = await admin.send(method, path, {});
      expect(res.status, `${method} ${path}`).toBe(400);
    }
  });
});
