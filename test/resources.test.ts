import { distance, point } from '@turf/turf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import type { Db } from '../data/db.js';
import { loadDemoResources } from '../data/demo/resources-scenario.js';
import { importHanoi } from '../data/import/import-hanoi.js';
import { nearestSql } from '../data/resources/queries.js';
import { ENGINES, HANOI_DATA_DIR, openTestDb, type TestDb } from './engines.js';
import { Client, seedAccount, TEST_PASSWORD_PARAMS } from './http-client.js';

const NOW = Date.parse('2022-02-08T03:00:00Z'); // Tuesday 10:00 in Hanoi
const PASSWORD = 'resources password';

describe.skipIf(!HANOI_DATA_DIR).each(ENGINES)('resource locator on %s', (engine) => {
  let db: TestDb;
  let app: ReturnType<typeof createApp>;
  let all: { id: string; lon: number; lat: number }[];

  beforeAll(async () => {
    db = await openTestDb(engine);
    await importHanoi(db, HANOI_DATA_DIR as string);
    await loadDemoResources(db, HANOI_DATA_DIR, 2021, new Date(NOW));
    app = createApp(db, { passwordParams: TEST_PASSWORD_PARAMS, now: () => NOW });
    all = await db.query(`SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM resources WHERE status <> 'closed'`);
    await seedAccount(db, 'badinh@hanoi.gov.vn', 'district_officer', { level: 'district', code: '001' }, PASSWORD);
  });
  afterAll(() => db?.dispose());

  it('placed demo resources of every type on real anchors, each in its ward', async () => {
    const rows = await db.query<{ type: string; n: number; placed: number }>(
      `SELECT type, count(*)::int AS n, count(ward_code)::int AS placed FROM resources GROUP BY type ORDER BY type`,
    );
    expect(rows.map((r) => r.type)).toEqual([
      'mobile_station',
      'oxygen_atm',
      'testing_point',
      'treatment_facility',
      'vaccination_point',
    ]);
    for (const r of rows.filter((x) => x.type === 'mobile_station' || x.type === 'oxygen_atm'))
      expect(r.placed).toBe(r.n);
    const [{ wards }] = await db.query<{ wards: number }>(
      `SELECT count(DISTINCT ward_code)::int AS wards FROM resources WHERE type = 'mobile_station'`,
    );
    expect(wards).toBe(126);
  });

  it('recovers from a failed query: nearest search fails once, and the next request works', async () => {
    // the real database, whose first query for the city's box fails (a dropped connection)
    let failures = 1;
    const flaky: Db = {
      engine: db.engine,
      get read() {
        return flaky;
      },
      query<T>(sql: string, params?: unknown[]) {
        if (failures > 0 && sql.includes('ST_Extent')) {
          failures--;
          return Promise.reject(new Error('connection reset (test)'));
        }
        return db.query<T>(sql, params);
      },
      exec: (sql) => db.exec(sql),
      transaction: (work) => db.transaction(work),
      close: async () => {},
    };
    const flakyApp = createApp(flaky, { passwordParams: TEST_PASSWORD_PARAMS, now: () => NOW });
    const url = '/api/resources/nearest?lon=105.8523&lat=21.0287&limit=3';
    const first = await flakyApp.request(url);
    expect(failures).toBe(0);
    expect(first.status).toBe(500);
    const next = await flakyApp.request(url);
    expect(next.status).toBe(200);
    expect((await next.json()).resources).toHaveLength(3);
  });

  it('answers nearest-5 for 200 random points exactly as a brute-force haversine ranking (Turf)', async () => {
    const points = await db.query<{ lon: number; lat: number }>(
      `SELECT ST_X(g.geom) AS lon, ST_Y(g.geom) AS lat
       FROM admin_units c, ST_Dump(ST_GeneratePoints(c.geom, 200, 7)) g WHERE c.level = 'city'`,
    );
    expect(points).toHaveLength(200);
    for (const p of points) {
      const res = await app.request(`/api/resources/nearest?lon=${p.lon}&lat=${p.lat}&limit=5`);
      const { resources } = await res.json();
      const brute = all
        .map((r) => ({ id: r.id, m: distance(point([p.lon, p.lat]), point([r.lon, r.lat]), { units: 'meters' }) }))
        .sort((a, b) => a.m - b.m)
        .slice(0, 5);
      expect(resources.map((r: { id: string }) => r.id)).toEqual(brute.map((b) => b.id));
      const gaps = resources.map((r: { distanceM: number }, i: number) => Math.abs(r.distanceM - brute[i].m));
      expect(Math.max(...gaps)).toBeLessThan(1);
    }
  });

  it('filters by type, stock, radius and open-now, and says when a place opens or closes', async () => {
    const url = '/api/resources/nearest?lon=105.852&lat=21.028&limit=5';
    const atms = (await (await app.request(`${url}&types=oxygen_atm&hasStock=oxygen_cylinders`)).json()).resources;
    expect(atms.length).toBeGreaterThan(0);
    for (const r of atms) {
      expect(r.type).toBe('oxygen_atm');
      expect(r.stock.oxygen_cylinders).toBeGreaterThan(0);
      expect(r.openNow).toBe(true); // 24/7
      expect(r.travelMinutes.walk).toBeGreaterThanOrEqual(1);
    }
    const near = (await (await app.request(`${url}&radiusM=300`)).json()).resources;
    for (const r of near) expect(r.distanceM).toBeLessThanOrEqual(300);
    // 22:00 in Hanoi: mobile stations (07:00-21:00) are closed, so open-now returns none of them
    const night = createApp(db, { now: () => Date.parse('2022-02-08T15:00:00Z') });
    const open = (await (await night.request(`${url}&types=mobile_station&openNow=true`)).json()).resources;
    expect(open).toEqual([]);
    const all = (await (await night.request(`${url}&types=mobile_station`)).json()).resources;
    expect(all[0]).toMatchObject({ openNow: false, nextChange: '2022-02-09T00:00:00.000Z' });
  });

  it('gives demo places no borrowed number and the street of their OSM anchor', async () => {
    // 1022 is the city hotline, never a place's own number; the card offers it when a place has none
    const [{ hotline }] = await db.query<{ hotline: number }>(
      `SELECT count(*)::int AS hotline FROM resources WHERE phone = '1022'`,
    );
    expect(hotline).toBe(0);
    const atms = await db.query<{ address: string }>(
      `SELECT address FROM resources WHERE type = 'oxygen_atm' AND address ~ '^[0-9]'`,
    );
    expect(atms.length).toBeGreaterThan(10); // `44 Phố Lê Đại Hành, Phường Hai Bà Trưng`
    for (const a of atms) expect(a.address).toMatch(/^\S+ .+, (Phường|Xã) /);
  });

  it('answers each nearest place with its hours as a week and times by three modes', async () => {
    const [r] = (
      await (await app.request('/api/resources/nearest?lon=105.852&lat=21.028&limit=1&types=vaccination_point')).json()
    ).resources;
    expect(r.schedule.today).toMatchObject({ date: '2022-02-08', weekday: 2, holiday: false });
    expect(r.schedule.publicHolidays).toEqual([]); // PH off
    expect(r.travelMinutes.walk).toBeGreaterThan(r.travelMinutes.car);
    expect(r.travelMinutes.car).toBeGreaterThanOrEqual(r.travelMinutes.motorbike);
    const detail = await (await app.request(`/api/resources/${r.id}`)).json();
    expect(detail.schedule).toEqual(r.schedule);
  });

  it('finds places by any part of name or street, without marks, short forms included', async () => {
    const search = async (q: string) =>
      (await (await app.request(`/api/resources/search?q=${encodeURIComponent(q)}&limit=50`)).json()).resources as {
        name: string;
        address: string;
      }[];
    const oxy = await search('oxy');
    expect(oxy.length).toBeGreaterThan(0);
    for (const r of oxy) expect(r.name.normalize('NFC')).toMatch(/ô xy/i);
    expect(await search('atm oxy')).toHaveLength(oxy.length);
    const tyt = await search('tyt');
    expect(tyt.length).toBeGreaterThan(0);
    for (const r of tyt) expect(`${r.name} ${r.address}`.normalize('NFC')).toMatch(/trạm y tế/i);
    const bv = await search('bv');
    for (const r of bv) expect(`${r.name} ${r.address}`.normalize('NFC')).toMatch(/bệnh viện/i);
    const [street] = await db.query<{ address: string }>(
      `SELECT address FROM resources WHERE type = 'oxygen_atm' AND address ~ '^[0-9]+ Phố' ORDER BY address LIMIT 1`,
    );
    const streetName = street.address.replace(/^[0-9]+ Phố /, '').split(',')[0]; // e.g. Lê Đại Hành
    const folded = streetName
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/gi, 'd')
      .toLowerCase();
    const onStreet = await search(folded);
    expect(onStreet.map((r) => r.address)).toContain(street.address);
    expect(await search('zzqx không có')).toEqual([]);
    const wards = await (await app.request('/api/wards?q=hoan%20kiem')).json();
    expect(JSON.stringify(wards)).toContain('Hoàn Kiếm');
  });

  it('searches from a ward, and answers bad input with a 4xx problem', async () => {
    const fromWard = await (await app.request('/api/resources/nearest?ward=00070&limit=3')).json();
    expect(fromWard.resources).toHaveLength(3);
    for (const [query, status] of [
      ['lon=200&lat=21', 400],
      ['lon=105.8&lat=95', 400],
      ['lon=106.8&lat=10.8', 400], // Ho Chi Minh City: outside Hanoi
      ['lon=105.85&lat=21.03&radiusM=-5', 400],
      ['lon=105.85&lat=21.03&radiusM=1000000', 400],
      ['lon=105.85&lat=21.03&types=hospital', 400],
      ['lon=105.85&lat=21.03&limit=500', 400],
      ['lat=21.03', 400],
      ['ward=99999', 404],
    ] as const) {
      const res = await app.request(`/api/resources/nearest?${query}`);
      expect(res.status, query).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    }
  });

  it('imports a CSV all-or-nothing, naming each bad row and why', async () => {
    const officer = new Client(app);
    await officer.login('badinh@hanoi.gov.vn', PASSWORD);
    const before = all.length;
    const header = 'type,name,address,lon,lat,phone,opening_hours,capacity,status,services,stock';
    const good =
      'oxygen_atm,Cây ATM ô xy Liễu Giai,Liễu Giai,105.8195,21.0352,1022,24/7,,open,,"{""oxygen_cylinders"": 8}"';
    const rows = [
      good,
      'mobile_station,Trạm lưu động,Hà Nội,105.8195,21.0352,,Mon to Fri 8-5,,open,,', // bad hours
      'hospital,Bệnh viện X,Hà Nội,105.8195,21.0352,,24/7,,open,,', // unknown type
      'oxygen_atm,Ngoài Hà Nội,TP HCM,106.7,10.8,,24/7,,open,,', // outside Hanoi
      'testing_point,Qua đêm,Ba Đình,105.8195,21.0352,,Mo-Su 18:00-02:00,,open,,', // overnight is fine
    ];
    const res = await officer.send('POST', '/api/resources/import', {
      format: 'csv',
      data: [header, ...rows].join('\n'),
    });
    expect(res.status).toBe(422);
    const problem = await res.json();
    expect(problem.errors.map((e: { code: string; params: { row: number } }) => [e.params.row, e.code])).toEqual([
      [3, 'bad_hours'],
      [4, 'unknown_type'],
      [5, 'outside_hanoi'],
    ]);
    expect(problem.errors[0].message).toMatch(/English abbreviation "Mo"/);
    expect((await db.query('SELECT count(*)::int AS n FROM resources'))[0]).toEqual({ n: before });
    const ok = await officer.send('POST', '/api/resources/import', {
      format: 'csv',
      data: [header, good, rows[4]].join('\n'),
    });
    expect(await ok.json()).toEqual({ imported: 2 });
    const hoangMai = 'oxygen_atm,ATM Hoàng Mai,Hoàng Mai,105.8631,20.9745,,24/7,,open,,';
    const outside = await officer.send('POST', '/api/resources/import', {
      format: 'csv',
      data: [header, hoangMai].join('\n'),
    });
    expect(outside.status).toBe(403);
  });

  it('lets an official in scope report stock, timestamped, and audits it', async () => {
    const officer = new Client(app);
    await officer.login('badinh@hanoi.gov.vn', PASSWORD);
    const [mine] = await db.query<{ id: string }>(
      `SELECT id FROM resources WHERE ward_code = '00004' AND type = 'oxygen_atm' LIMIT 1`,
    );
    const [theirs] = await db.query<{ id: string }>(`SELECT id FROM resources WHERE ward_code = '00301' LIMIT 1`);
    const res = await officer.send('PUT', `/api/resources/${mine.id}/stock`, {
      stock: { oxygen_cylinders: 0, concentrators: 2 },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      stock: { oxygen_cylinders: 0 },
      stockUpdatedAt: new Date(NOW).toISOString(),
    });
    expect(
      (await officer.send('PUT', `/api/resources/${theirs.id}/stock`, { stock: { oxygen_cylinders: 5 } })).status,
    ).toBe(403);
    const [audit] = await db.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity_id = $1`, [mine.id]);
    expect(audit.action).toBe('resource.stock');
  });

  it('finds the nearest with the GiST index (EXPLAIN), not a full scan', async () => {
    await db.query(
      `INSERT INTO resources (type, name, search_name, opening_hours, geom, geog, geom_3857)
       SELECT 'oxygen_atm', 'bench ' || i, 'bench', '24/7', g, g::geography, ST_Transform(g, 3857)
       FROM generate_series(1, 20000) i, ST_SetSRID(ST_MakePoint(105.3 + (i % 200) * 0.0035, 20.6 + (i / 200) * 0.0075), 4326) g`,
    );
    await db.query('ANALYZE resources');
    const [plan] = await db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${nearestSql}`, [
      105.852,
      21.028,
      null,
      null,
      null,
      5,
    ]);
    const text = JSON.stringify(plan['QUERY PLAN']);
    expect(text).toContain('"Index Name":"resources_geog_idx"');
    expect(text).not.toContain('"Node Type":"Seq Scan"');
    await db.query(`DELETE FROM resources WHERE search_name = 'bench'`);
  });
});
