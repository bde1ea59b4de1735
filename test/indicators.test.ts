import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { parseCsv } from '../data/import/csv.js';
import { importHanoi } from '../data/import/import-hanoi.js';
import { computeLevel, RULE_SETS } from '../domain/rules/levels/index.js';
import { decodeTile } from './decode-tile.js';
import { ENGINES, HANOI_DATA_DIR, openTestDb, type TestDb } from './engines.js';
import { Client, seedAccount, TEST_PASSWORD_PARAMS } from './http-client.js';

const WEEK = '2022-W10';
const PASSWORD = 'indicator password';
const BAD_ROW_INDEX = 40; // 0-based among data rows: file line 42

/** Fills a template: cases rise with the row number so the file spans several levels. */
function filled(template: string, bad?: number): string {
  const rows = parseCsv(template.replace(/^\uFEFF/, ''));
  const header = Object.keys(rows[0]);
  const lines = rows.map((r, i) => {
    const values: Record<string, string> = {
      ...r,
      new_community_cases: i === bad ? 'nhiều' : String(Math.round((Number(r.population) * (i * 6)) / 100_000)),
      oxygen_cases: '0',
      deaths: '0',
      fully_vaccinated_pct: '80',
      high_risk_full_pct: '95',
      source: 'Sở Y tế (test)',
    };
    return header.map((h) => (/[",]/.test(values[h]) ? `"${values[h]}"` : values[h])).join(',');
  });
  return [header.join(','), ...lines].join('\n');
}

describe.skipIf(!HANOI_DATA_DIR).each(ENGINES)('indicators and levels on %s', (engine) => {
  let db: TestDb;
  let app: ReturnType<typeof createApp>;
  const admin = () => new Client(app);
  let city: Client;
  let baDinh: Client;
  let template: string;

  beforeAll(async () => {
    db = await openTestDb(engine);
    await importHanoi(db, HANOI_DATA_DIR as string);
    app = createApp(db, { passwordParams: TEST_PASSWORD_PARAMS });
    await seedAccount(db, 'city@hanoi.gov.vn', 'city_admin', { level: 'city', code: '01' }, PASSWORD);
    await seedAccount(db, 'badinh@hanoi.gov.vn', 'district_officer', { level: 'district', code: '001' }, PASSWORD);
    city = admin();
    baDinh = admin();
    await city.login('city@hanoi.gov.vn', PASSWORD);
    await baDinh.login('badinh@hanoi.gov.vn', PASSWORD);
    const res = await city.send('GET', `/api/indicators/template.csv?week=${WEEK}`);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    template = await res.text();
  });
  afterAll(() => db?.dispose());

  const count = async (table: string) =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

  it('offers a template with a row for every ward in scope', async () => {
    expect(parseCsv(template.replace(/^\uFEFF/, ''))).toHaveLength(126);
    const own = await (await baDinh.send('GET', `/api/indicators/template.csv?week=${WEEK}`)).text();
    const codes = parseCsv(own.replace(/^\uFEFF/, '')).map((r) => r.unit_code);
    expect(codes).toContain('00004');
    expect(codes).not.toContain('00301');
  });

  it('refuses a 126-row file with one bad row, names that row, and changes nothing', async () => {
    const version = (await (await app.request('/tiles/wards.json')).json()).tiles[0];
    const res = await city.send('POST', '/api/indicators/import', { csv: filled(template, BAD_ROW_INDEX) });
    expect(res.status).toBe(422);
    const problem = await res.json();
    expect(problem.detail).toBe('1 row(s) have errors; nothing was imported.');
    expect(problem.errors).toEqual([
      expect.objectContaining({
        path: `csv.row${BAD_ROW_INDEX + 2}.new_community_cases`,
        code: 'not_a_number',
        params: { row: BAD_ROW_INDEX + 2, column: 'new_community_cases', value: 'nhiều' },
      }),
    ]);
    expect(await count('indicators')).toBe(0);
    expect(await count('levels')).toBe(0);
    expect(await count('audit_log')).toBe(0);
    expect((await (await app.request('/tiles/wards.json')).json()).tiles[0]).toBe(version);
  });

  it('imports the corrected file: levels computed, tiles carry them, one audit entry', async () => {
    const before = (await (await app.request('/tiles/wards.json')).json()).tiles[0];
    const csv = filled(template);
    const res = await city.send('POST', '/api/indicators/import', { csv });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ saved: 126, levelsChanged: 126, weeks: [WEEK] });
    const { levels, week, ruleSet, demo } = await (await app.request('/api/levels')).json();
    expect({ week, ruleSet: ruleSet.id, demo }).toEqual({ week: WEEK, ruleSet: '218', demo: false });
    // each level equals the rule set applied in the test to the same row
    const rows = parseCsv(csv);
    for (const l of levels as { code: string; level: number; confirmed: boolean }[]) {
      const r = rows.find((x) => x.unit_code === l.code) as Record<string, string>;
      const expected = computeLevel(
        {
          population: Number(r.population),
          newCommunityCases: Number(r.new_community_cases),
          oxygenCases: 0,
          deaths: 0,
          adultFirstDosePct: null,
          elderlyFullPct: null,
          fullyVaccinatedPct: 80,
          highRiskFullPct: 95,
          freeBedsPer100k: null,
          homeCareReady: null,
          icuReady: null,
        },
        RULE_SETS['218'],
      ).level;
      expect(l.level, l.code).toBe(expected);
      expect(l.confirmed).toBe(false);
    }
    expect(new Set(levels.map((l: { level: number }) => l.level)).size).toBeGreaterThanOrEqual(3);
    const after = (await (await app.request('/tiles/wards.json')).json()).tiles[0];
    expect(after).not.toBe(before);
    const tile = decodeTile(new Uint8Array(await (await app.request('/tiles/wards/12/3252/1803.mvt')).arrayBuffer()));
    for (const f of tile.wards) {
      expect(f.properties.level).toBe(levels.find((l: { code: string }) => l.code === f.properties.code).level);
      expect(f.properties.week).toBe(WEEK);
    }
    const exported = await (await app.request(`/api/levels.geojson?week=${WEEK}`)).json();
    expect(exported).toMatchObject({ type: 'FeatureCollection', week: WEEK, ruleSet: { id: '218' }, demo: false });
    expect(exported.features).toHaveLength(126);
    expect(exported.features[0].properties).toMatchObject({ week: WEEK, level: expect.any(Number), rule_set: '218' });
    const audits = await db.query<{ action: string; actor_email: string }>('SELECT action, actor_email FROM audit_log');
    expect(audits).toEqual([{ action: 'indicators.import', actor_email: 'city@hanoi.gov.vn' }]);
  });

  it('keeps history: a re-import supersedes, nothing is overwritten', async () => {
    await city.send('POST', '/api/indicators/import', { csv: filled(template) });
    expect(await count('indicators')).toBe(252);
    const [{ n }] = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM indicators WHERE superseded_at IS NULL',
    );
    expect(n).toBe(126);
  });

  it('refuses a district officer’s file with a ward outside the district, naming the row', async () => {
    const own = await (await baDinh.send('GET', `/api/indicators/template.csv?week=2022-W11`)).text();
    const lines = filled(own).split('\n');
    const foreign = `00301,Phường Hoàng Mai,2022-W11,50000,10,0,0,,,80,95,,,,test`;
    const res = await baDinh.send('POST', '/api/indicators/import', { csv: [...lines, foreign].join('\n') });
    expect(res.status).toBe(403);
    const problem = await res.json();
    expect(problem.errors).toEqual([
      expect.objectContaining({
        code: 'out_of_scope',
        params: expect.objectContaining({ row: lines.length + 1, value: '00301' }),
      }),
    ]);
    expect((await (await app.request('/api/levels?week=2022-W11')).json()).levels).toEqual([]);
    // the same file without the foreign row goes through
    expect((await baDinh.send('POST', '/api/indicators/import', { csv: lines.join('\n') })).status).toBe(200);
  });

  it('lets an official enter one ward, then confirm or override its level with a reason (audited)', async () => {
    const entry = {
      population: 40_000,
      newCommunityCases: 300,
      oxygenCases: 1,
      deaths: 0,
      adultFirstDosePct: null,
      elderlyFullPct: null,
      fullyVaccinatedPct: 80,
      highRiskFullPct: 95,
      freeBedsPer100k: 40,
      homeCareReady: true,
      icuReady: true,
      source: 'Trạm y tế phường',
    };
    const outside = await baDinh.send('PUT', '/api/units/00301/indicators/2022-W12', entry);
    expect(outside.status).toBe(403);
    const res = await baDinh.send('PUT', '/api/units/00004/indicators/2022-W12', entry);
    expect(res.status).toBe(200);
    const detail = await res.json();
    // 750/100k > 600 → transmission 4; high capacity → level 3
    expect(detail).toMatchObject({ level: 3, computedLevel: 3, confirmed: false, ruleSet: '218' });
    const noReason = await baDinh.send('POST', '/api/units/00004/levels/2022-W12/decision', {
      action: 'override',
      level: 4,
      reason: '',
    });
    expect(noReason.status).toBe(422);
    const override = await baDinh.send('POST', '/api/units/00004/levels/2022-W12/decision', {
      action: 'override',
      level: 4,
      reason: 'Ổ dịch tại chợ, chưa truy vết xong',
    });
    expect(await override.json()).toMatchObject({ level: 4, computedLevel: 3, confirmed: true, decision: 'override' });
    const [audit] = await db.query<{ before: { level: number }; after: { level: number; reason: string } }>(
      `SELECT before, after FROM audit_log WHERE action = 'level.override'`,
    );
    expect(audit).toMatchObject({
      before: { level: 3 },
      after: { level: 4, reason: 'Ổ dịch tại chợ, chưa truy vết xong' },
    });
    const history = (await (await app.request('/api/units/00004/levels')).json()).history;
    expect(history.map((h: { week: string }) => h.week)).toEqual(['2022-W10', '2022-W11', '2022-W12']);
  });

  it('imports residential groups into a ward, refuses one outside it, and gives groups their own level', async () => {
    const [p] = await db.query<{ lon: number; lat: number }>(
      `SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM admin_units
       WHERE level = 'ward' AND code = '00004'`,
    );
    const square = (lon: number, lat: number, d = 0.0006) => ({
      type: 'Polygon',
      coordinates: [
        [
          [lon - d, lat - d],
          [lon + d, lat - d],
          [lon + d, lat + d],
          [lon - d, lat + d],
          [lon - d, lat - d],
        ],
      ],
    });
    const feature = (name: string, geometry: unknown) => ({
      type: 'Feature',
      properties: { name, population: 1200 },
      geometry,
    });
    const outside = await baDinh.send('POST', '/api/wards/00004/groups', {
      type: 'FeatureCollection',
      features: [feature('Tổ 1', square(p.lon, p.lat)), feature('Tổ xa', square(105.9, 20.9))],
    });
    expect(outside.status).toBe(422);
    expect((await outside.json()).errors).toEqual([
      expect.objectContaining({ path: 'json.features.1.geometry', code: 'outside_ward', params: { feature: 2 } }),
    ]);
    expect(await count(`admin_units WHERE level = 'group'`)).toBe(0);
    const notMine = await baDinh.send('POST', '/api/wards/00301/groups', {
      type: 'FeatureCollection',
      features: [feature('Tổ 1', square(p.lon, p.lat))],
    });
    expect(notMine.status).toBe(403);
    const ok = await baDinh.send('POST', '/api/wards/00004/groups', {
      type: 'FeatureCollection',
      features: [
        feature('Tổ dân phố số 1', square(p.lon, p.lat)),
        feature('Tổ dân phố số 2', square(p.lon + 0.0013, p.lat)),
      ],
    });
    expect(await ok.json()).toEqual({ codes: ['00004-01', '00004-02'] });
    const entry = await baDinh.send('PUT', '/api/units/00004-01/indicators/2022-W12', {
      population: 1200,
      newCommunityCases: 9,
      oxygenCases: 0,
      deaths: 0,
      adultFirstDosePct: null,
      elderlyFullPct: null,
      fullyVaccinatedPct: 80,
      highRiskFullPct: 95,
      freeBedsPer100k: null,
      homeCareReady: null,
      icuReady: null,
      source: 'Tổ trưởng tổ dân phố',
    });
    // 750 per 100,000 > 600: transmission 4, medium capacity → 4
    expect(await entry.json()).toMatchObject({ code: '00004-01', level: 4 });
    const groups = await (await app.request('/api/wards/00004/groups')).json();
    expect(groups.features.map((f: { properties: { code: string; level: number | null } }) => f.properties)).toEqual([
      expect.objectContaining({ code: '00004-01', level: 4, week: '2022-W12' }),
      expect.objectContaining({ code: '00004-02', level: null }),
    ]);
  });

  it("applies Hanoi's criteria-1-and-2 setting (Notice 768) when the city chooses it, and says so in the explanation", async () => {
    // 4800: 100/100k is band 3; ≥ 70 % first doses lowers it to 2; capacity not met holds it at 3 — unless C3 is not assessed
    const entry = {
      population: 50_000,
      newCommunityCases: 50,
      oxygenCases: 0,
      deaths: 0,
      adultFirstDosePct: 90,
      elderlyFullPct: 90,
      fullyVaccinatedPct: null,
      highRiskFullPct: null,
      freeBedsPer100k: 1,
      homeCareReady: false,
      icuReady: false,
      source: 'Trạm y tế phường',
    };
    const full = await city.send('PUT', '/api/units/00008/indicators/2021-W50', entry);
    expect(await full.json()).toMatchObject({ level: 3, ruleSet: '4800', ruleVariant: null });
    const hanoi = createApp(db, { passwordParams: TEST_PASSWORD_PARAMS, levelCriteria: '1-2' });
    const official = new Client(hanoi);
    expect((await official.login('city@hanoi.gov.vn', PASSWORD)).status).toBe(200);
    const res = await official.send('PUT', '/api/units/00008/indicators/2021-W50', entry);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ level: 2, ruleVariant: 'criteria-1-2' });
    // any reader, on any app, gets the explanation the level was computed with
    const detail = await (await app.request('/api/units/00008/levels/2021-W50')).json();
    expect(detail).toMatchObject({ level: 2, ruleVariant: 'criteria-1-2' });
    expect(detail.explanation.at(-1)).toMatchObject({ id: 'C3', outcome: { vi: 'không đánh giá' } });
    expect(detail.explanation.at(-1).effect.vi).toContain('768/TB-UBND');
    expect(detail.explanation.at(-1).basis[0].sources).toEqual(['tb-768-hanoi']);
  });
});
