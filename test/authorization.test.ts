import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { importHanoi } from '../data/import/import-hanoi.js';
import { QUESTIONNAIRE_2194 } from '../domain/rules/assessment/questionnaire-2194.js';
import { ENGINES, HANOI_DATA_DIR, openTestDb, pointInWard, type TestDb } from './engines.js';
import { Client, seedAccount, TEST_PASSWORD_PARAMS } from './http-client.js';

// Real wards: 00004 and 00008 lie in the former Ba Đình district (001), 00301 in Hoàng Mai (008).
const OWN_WARD = '00004';
const BA_DINH_WARD = '00008';
const HOANG_MAI_WARD = '00301';
const PASSWORD = 'matrix password 1';

type Who = 'anonymous' | 'businessA' | 'businessB' | 'wardOfficer' | 'districtOfficer' | 'cityAdmin';
const WHO: Who[] = ['anonymous', 'businessA', 'businessB', 'wardOfficer', 'districtOfficer', 'cityAdmin'];

interface Cell {
  action: string;
  method: string;
  path: (ids: Record<string, string>) => string;
  body?: (ids: Record<string, string>) => unknown;
  expected: Record<Who, number>;
}

const contact = {
  hotline: '1022',
  healthStationName: 'Trạm Y tế',
  healthStationAddress: null,
  healthStationPhone: null,
  noteVi: null,
  noteEn: null,
};
const premisesBody = (point: [number, number], name: string) => ({
  name,
  taxCode: '0101234567',
  sector: 'shop_market',
  address: '1 Phố Điện Biên Phủ',
  lon: point[0],
  lat: point[1],
  workers: 12,
  floorAreaM2: 80,
});
const SAFEST_ANSWERS = Object.fromEntries(QUESTIONNAIRE_2194.criteria.map((c) => [c.id, c.options[0].id]));
const all = (status: number, overrides: Partial<Record<Who, number>>) =>
  ({ ...Object.fromEntries(WHO.map((w) => [w, status])), anonymous: 401, ...overrides }) as Record<Who, number>;

/** role × action × in/out of scope → the status each must get. */
const MATRIX: Cell[] = [
  {
    action: 'write the contact of the ward officer’s own ward (Ba Đình)',
    method: 'PUT',
    path: () => `/api/wards/${OWN_WARD}/contact`,
    body: () => contact,
    expected: all(403, { wardOfficer: 200, districtOfficer: 200, cityAdmin: 200 }),
  },
  {
    action: 'write the contact of another Ba Đình ward',
    method: 'PUT',
    path: () => `/api/wards/${BA_DINH_WARD}/contact`,
    body: () => contact,
    expected: all(403, { districtOfficer: 200, cityAdmin: 200 }),
  },
  {
    action: 'write the contact of a Hoàng Mai ward',
    method: 'PUT',
    path: () => `/api/wards/${HOANG_MAI_WARD}/contact`,
    body: () => contact,
    expected: all(403, { cityAdmin: 200 }),
  },
  {
    action: 'create an official account',
    method: 'POST',
    path: () => '/api/accounts',
    body: (ids) => ({
      email: `new-${ids.seq}@hanoi.gov.vn`,
      role: 'ward_officer',
      scopeCode: OWN_WARD,
      displayName: 'Cán bộ mới',
    }),
    expected: all(403, { cityAdmin: 201 }),
  },
  { action: 'list accounts', method: 'GET', path: () => '/api/accounts', expected: all(403, { cityAdmin: 200 }) },
  { action: 'read the audit log', method: 'GET', path: () => '/api/audit', expected: all(403, { cityAdmin: 200 }) },
  {
    action: "update business A's premises",
    method: 'PUT',
    path: (ids) => `/api/premises/${ids.premisesA}`,
    body: (ids) => premisesBody([Number(ids.lonA), Number(ids.latA)], 'Cửa hàng A (sửa)'),
    expected: all(403, { businessA: 200 }),
  },
  {
    action: "read business A's premises (in Ba Đình)",
    method: 'GET',
    path: (ids) => `/api/premises/${ids.premisesA}`,
    expected: all(403, { businessA: 200, wardOfficer: 200, districtOfficer: 200, cityAdmin: 200 }),
  },
  {
    action: "read business B's premises (in Hoàng Mai)",
    method: 'GET',
    path: (ids) => `/api/premises/${ids.premisesB}`,
    expected: all(403, { businessB: 200, cityAdmin: 200 }),
  },
  {
    action: 'register premises',
    method: 'POST',
    path: () => '/api/premises',
    body: (ids) => premisesBody([Number(ids.lonA), Number(ids.latA)], `Cửa hàng ${ids.seq}`),
    expected: all(403, { businessA: 201, businessB: 201 }),
  },
  {
    action: "read business A's assessment draft",
    method: 'GET',
    path: (ids) => `/api/premises/${ids.premisesA}/draft`,
    expected: all(403, { businessA: 200 }),
  },
  {
    action: "submit an assessment for business A's premises",
    method: 'POST',
    path: (ids) => `/api/premises/${ids.premisesA}/assessments`,
    body: () => ({ answers: SAFEST_ANSWERS }),
    expected: all(403, { businessA: 201 }),
  },
  {
    action: "read business A's assessment history",
    method: 'GET',
    path: (ids) => `/api/premises/${ids.premisesA}/assessments`,
    expected: all(403, { businessA: 200, wardOfficer: 200, districtOfficer: 200, cityAdmin: 200 }),
  },
  {
    action: "flag business A's assessment for inspection (Ba Đình)",
    method: 'PUT',
    path: (ids) => `/api/assessments/${ids.assessmentA}/flag`,
    body: () => ({ note: 'Kiểm tra thực tế' }),
    expected: all(403, { wardOfficer: 200, districtOfficer: 200, cityAdmin: 200 }),
  },
  {
    action: "flag business B's assessment for inspection (Hoàng Mai)",
    method: 'PUT',
    path: (ids) => `/api/assessments/${ids.assessmentB}/flag`,
    body: () => ({ note: 'Kiểm tra thực tế' }),
    expected: all(403, { cityAdmin: 200 }),
  },
];

describe.skipIf(!HANOI_DATA_DIR).each(ENGINES)('authorisation on %s', (engine) => {
  let db: TestDb;
  let app: ReturnType<typeof createApp>;
  const clients = {} as Record<Who, Client>;
  const ids: Record<string, string> = {};
  let seq = 0;

  beforeAll(async () => {
    db = await openTestDb(engine);
    await importHanoi(db, HANOI_DATA_DIR as string);
    app = createApp(db, { passwordParams: TEST_PASSWORD_PARAMS });
    await seedAccount(db, 'a@shop.vn', 'business', null, PASSWORD);
    await seedAccount(db, 'b@shop.vn', 'business', null, PASSWORD);
    await seedAccount(db, 'ward@hanoi.gov.vn', 'ward_officer', { level: 'ward', code: OWN_WARD }, PASSWORD);
    await seedAccount(db, 'badinh@hanoi.gov.vn', 'district_officer', { level: 'district', code: '001' }, PASSWORD);
    await seedAccount(db, 'admin@hanoi.gov.vn', 'city_admin', { level: 'city', code: '01' }, PASSWORD);
    const emails: Record<Who, string> = {
      anonymous: '',
      businessA: 'a@shop.vn',
      businessB: 'b@shop.vn',
      wardOfficer: 'ward@hanoi.gov.vn',
      districtOfficer: 'badinh@hanoi.gov.vn',
      cityAdmin: 'admin@hanoi.gov.vn',
    };
    for (const who of WHO) {
      clients[who] = new Client(app);
      if (emails[who]) expect((await clients[who].login(emails[who], PASSWORD)).status).toBe(200);
    }
    const [lonA, latA] = await pointInWard(db, OWN_WARD);
    Object.assign(ids, { lonA: String(lonA), latA: String(latA) });
    const a = await clients.businessA.send('POST', '/api/premises', premisesBody([lonA, latA], 'Cửa hàng A'));
    const b = await clients.businessB.send(
      'POST',
      '/api/premises',
      premisesBody(await pointInWard(db, HOANG_MAI_WARD), 'Cửa hàng B'),
    );
    ids.premisesA = (await a.json()).id;
    ids.premisesB = (await b.json()).id;
    const submit = async (who: Who, premises: string) =>
      (
        await (
          await clients[who].send('POST', `/api/premises/${premises}/assessments`, { answers: SAFEST_ANSWERS })
        ).json()
      ).id as string;
    ids.assessmentA = await submit('businessA', ids.premisesA);
    ids.assessmentB = await submit('businessB', ids.premisesB);
  });
  afterAll(() => db?.dispose());

  const cells = MATRIX.flatMap((cell) => WHO.map((who) => ({ ...cell, who, status: cell.expected[who] })));
  it.each(cells)('$who: $action → $status', async ({ who, method, path, body, status }) => {
    ids.seq = String(++seq);
    const res = await clients[who].send(method, path(ids), body?.(ids));
    expect(res.status, await res.clone().text()).toBe(status);
    if (status >= 400) expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('derived the ward of premises from the point, and shows officials only the premises in scope', async () => {
    const a = await (await clients.businessA.send('GET', `/api/premises/${ids.premisesA}`)).json();
    expect(a.ward.code).toBe(OWN_WARD);
    const list = async (who: Who) =>
      ((await (await clients[who].send('GET', '/api/premises')).json()).premises as { ward: { code: string } }[]).map(
        (p) => p.ward.code,
      );
    expect(new Set(await list('districtOfficer'))).toEqual(new Set([OWN_WARD]));
    const ofB = (await (await clients.businessB.send('GET', '/api/premises')).json()).premises;
    expect(new Set(ofB.map((p: { ownerId: string }) => p.ownerId)).size).toBe(1);
    expect(ofB.map((p: { id: string }) => p.id)).toContain(ids.premisesB);
    expect(ofB.map((p: { id: string }) => p.id)).not.toContain(ids.premisesA);
    expect(new Set(await list('cityAdmin'))).toEqual(new Set([OWN_WARD, HOANG_MAI_WARD]));
  });

  it('audited every successful official write and left the refused ones unwritten', async () => {
    const contactWrites = MATRIX.filter((c) => c.path(ids).endsWith('/contact'));
    const allowed = contactWrites.flatMap((c) => WHO.filter((w) => c.expected[w] === 200));
    const rows = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'ward_contact.update'`,
    );
    expect(rows[0].n).toBe(allowed.length);
    const [hoangMai] = await db.query<{ actor_role: string }>(
      `SELECT actor_role FROM audit_log WHERE action = 'ward_contact.update' AND entity_id = $1`,
      [HOANG_MAI_WARD],
    );
    expect(hoangMai.actor_role).toBe('city_admin');
    const entries = (await (await clients.cityAdmin.send('GET', '/api/audit?entityType=account')).json()).entries;
    expect(entries[0]).toMatchObject({ action: 'account.create', actor: { email: 'admin@hanoi.gov.vn' } });
  });

  it('keeps sessions across a server restart and forgets them after logout', async () => {
    const cookie = clients.districtOfficer.cookie;
    await db.close();
    const restarted = await db.reopen();
    try {
      const again = new Client(createApp(restarted, { passwordParams: TEST_PASSWORD_PARAMS }));
      again.cookie = cookie;
      const state = await (await again.send('GET', '/api/auth/session')).json();
      expect(state.account).toMatchObject({
        email: 'badinh@hanoi.gov.vn',
        scope: { level: 'district', code: '001', nameVi: 'Ba Đình' },
      });
      again.csrfToken = state.csrfToken;
      expect((await again.send('POST', '/api/auth/logout')).status).toBe(204);
      const after = new Client(createApp(restarted, { passwordParams: TEST_PASSWORD_PARAMS }));
      after.cookie = cookie;
      expect((await (await after.send('GET', '/api/auth/session')).json()).account).toBeNull();
      expect((await after.send('GET', '/api/premises')).status).toBe(401);
    } finally {
      await restarted.close();
    }
  });
});
