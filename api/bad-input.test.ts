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

  describe('one text rule at the edge', () => {
    const send = (method: string, path: string, body?: string) =>
      admin.send(method, path, body, body === undefined ? {} : { 'Content-Type': 'application/json' });

    async function refused(res: Response, status: number, field: string, code: string) {
      expect(res.status, await res.clone().text()).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = await res.json();
      expect(problem.errors).toContainEqual(expect.objectContaining({ path: field, code }));
    }

    it('refuses NUL, control characters and lone surrogates in body text, naming the field', async () => {
      const [account] = await db.query<{ id: string }>(`SELECT id FROM accounts LIMIT 1`);
      await refused(
        await send('PATCH', `/api/accounts/${account.id}`, '{"displayName":"a\\u0000b"}'),
        422,
        'json.displayName',
        'control_character',
      );
      await refused(
        await send('PATCH', `/api/accounts/${account.id}`, '{"displayName":"line\\none"}'),
        422,
        'json.displayName',
        'control_character',
      );
      const contact = {
        hotline: null,
        healthStationName: null,
        healthStationAddress: 'số 1\u0000 Hàng Bài',
        healthStationPhone: null,
        noteVi: 'dòng 1\ndòng 2',
        noteEn: null,
      };
      await refused(
        await send('PUT', '/api/wards/00070/contact', JSON.stringify(contact)),
        422,
        'json.healthStationAddress',
        'control_character',
      );
      // multi-line notes may hold line breaks
      const ok = await send(
        'PUT',
        '/api/wards/00070/contact',
        JSON.stringify({ ...contact, healthStationAddress: 'x' }),
      );
      expect(ok.status, await ok.clone().text()).toBe(200);
      await refused(
        await send('POST', '/api/indicators/import', '{"csv":"x","source":"a\\ud800b"}'),
        422,
        'json.source',
        'invalid_unicode',
      );
      await refused(
        await send('POST', '/api/indicators/import', '{"csv":"x","source":"a\\u0085b"}'),
        422,
        'json.source',
        'control_character',
      );
    });

    it('refuses them in the query and path with 400', async () => {
      await refused(await send('GET', '/api/audit?entityType=ha%00noi'), 400, 'query.entityType', 'control_character');
      await refused(await send('GET', '/api/businesses?q=a%ED%A0%80b'), 400, 'query.q', 'invalid_encoding');
      await refused(await send('GET', '/api/wards/%00'), 400, 'path', 'control_character');
      await refused(await send('GET', '/certificate/%1B'), 400, 'path', 'control_character');
    });

    it('stores text normalised to NFC', async () => {
      const [account] = await db.query<{ id: string }>(`SELECT id FROM accounts LIMIT 1`);
      const res = await send(
        'PATCH',
        `/api/accounts/${account.id}`,
        JSON.stringify({ displayName: 'Hoa\u0300n Kie\u0302\u0301m' }),
      );
      expect(res.status).toBe(200);
      const [row] = await db.query<{ display_name: string }>(`SELECT display_name FROM accounts WHERE id = $1`, [
        account.id,
      ]);
      expect(row.display_name).toBe('Hoàn Kiếm'.normalize('NFC'));
      expect(row.display_name).not.toBe('Hoa\u0300n Kie\u0302\u0301m');
    });

    it('answers a resource import of null GeoJSON with 422, not 500', async () => {
      for (const data of ['null', '{"type":"FeatureCollection","features":[null, 3, "x"]}', '[]']) {
        const res = await send('POST', '/api/resources/import', JSON.stringify({ format: 'geojson', data }));
        expect(res.status, `${data}: ${await res.clone().text()}`).toBe(422);
      }
      const escaped = JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [105.85, 21.02] },
            properties: { type: 'testing', name: 'a\u0000b' },
          },
        ],
      });
      const res = await send('POST', '/api/resources/import', JSON.stringify({ format: 'geojson', data: escaped }));
      expect(res.status, await res.clone().text()).toBe(422);
    });
  });

  it('answers a wrong method on a known path with 405 and Allow', async () => {
    const res = await admin.send('DELETE', '/api/wards');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const put = await admin.send('POST', '/api/wards/00070/contact', {});
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD, PUT');
  });

  it.each(['/api/wards/00070/nothing', '/api/%C3%A9', '/tiles/wards/1/2', '/tiles/a/b/c/d/e'])(
    'answers the unknown %s with a 404 problem, never the web app',
    async (path) => {
      const res = await admin.send('GET', path, undefined, { Accept: 'text/html' });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    },
  );
});
