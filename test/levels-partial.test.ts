import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { wardWeights } from '../data/analysis/queries.js';
import { loadDemoLevels } from '../data/demo/load-demo-levels.js';
import { parseCsv } from '../data/import/csv.js';
import { importHanoi } from '../data/import/import-hanoi.js';
import { giStar } from '../domain/analysis/gi-star.js';
import { tileOf } from '../tiles/tile-math.js';
import { decodeTile } from './decode-tile.js';
import { ENGINES, HANOI_DATA_DIR, openTestDb, type TestDb } from './engines.js';
import { Client, seedAccount, TEST_PASSWORD_PARAMS } from './http-client.js';

// The demo scenario ends at 2022-W12 for every ward; Cầu Giấy (former district 005) then reports
// 2022-W13 for its wards before anyone else does.
const PASSWORD = 'partial import password';
const CAU_GIAY = '005';
const LAST_DEMO_WEEK = '2022-W12';
const EARLY_WEEK = '2022-W13';

interface Level {
  code: string;
  week: string;
  level: number;
  stale: boolean;
  demo: boolean;
}
interface HotspotWard {
  code: string;
  incidence: number | null;
  z: number | null;
  bin: number | null;
}

describe.skipIf(!HANOI_DATA_DIR).each(ENGINES)('one district reporting a week early, on %s', (engine) => {
  let db: TestDb;
  let app: ReturnType<typeof createApp>;
  let officer: Client;
  let admin: Client;
  let anonymous: Client;
  let cauGiay: string[];
  let hotspotsBefore: HotspotWard[];

  const json = async (client: Client, path: string) => {
    const res = await client.send('GET', path);
    expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
    return res.json();
  };

  /** Every ward feature of the z10 tiles over Hanoi, by code. */
  async function wardsInTiles() {
    const [, x0, y0] = tileOf(105.28, 21.39, 10);
    const [, x1, y1] = tileOf(106.02, 20.56, 10);
    const byCode = new Map<string, Record<string, unknown>>();
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        const res = await app.request(`/tiles/wards/10/${x}/${y}.mvt`);
        if (res.status === 204) continue;
        expect(res.status).toBe(200);
        for (const f of decodeTile(new Uint8Array(await res.arrayBuffer())).wards ?? []) {
          byCode.set(f.properties.code as string, f.properties);
        }
      }
    }
    return byCode;
  }

  beforeAll(async () => {
    db = await openTestDb(engine);
    await importHanoi(db, HANOI_DATA_DIR as string);
    await loadDemoLevels(db);
    app = createApp(db, { passwordParams: TEST_PASSWORD_PARAMS });
    await seedAccount(db, 'caugiay@hanoi.gov.vn', 'district_officer', { level: 'district', code: CAU_GIAY }, PASSWORD);
    await seedAccount(db, 'admin@hanoi.gov.vn', 'city_admin', { level: 'city', code: '01' }, PASSWORD);
    officer = new Client(app);
    admin = new Client(app);
    anonymous = new Client(app);
    expect((await officer.login('caugiay@hanoi.gov.vn', PASSWORD)).status).toBe(200);
    expect((await admin.login('admin@hanoi.gov.vn', PASSWORD)).status).toBe(200);
    cauGiay = (
      await db.query<{ code: string }>(
        `SELECT code FROM admin_units WHERE level = 'ward' AND parent_code = $1 ORDER BY code`,
        [CAU_GIAY],
      )
    ).map((r) => r.code);
    hotspotsBefore = (await json(admin, `/api/analysis/hotspots?week=${LAST_DEMO_WEEK}`)).wards;
  }, 240_000);
  afterAll(() => db?.dispose());

  it('starts with every ward at the last demo week, and the full-city Gi* is the plain statistic', async () => {
    expect(cauGiay).toHaveLength(3);
    const current = await json(anonymous, '/api/levels');
    expect(current.mode).toBe('latest');
    expect(current.levels).toHaveLength(126);
    expect(new Set(current.levels.map((l: Level) => l.week))).toEqual(new Set([LAST_DEMO_WEEK]));
    // every ward has figures: Gi* over all 126, exactly the complete-data statistic
    const { codes, neighbours } = await wardWeights(db);
    const byCode = new Map(hotspotsBefore.map((w) => [w.code, w]));
    const plain = giStar(
      codes.map((c) => byCode.get(c)?.incidence as number),
      neighbours,
    );
    codes.forEach((c, i) => {
      expect(byCode.get(c)?.z).toBeCloseTo(plain[i].z, 12);
    });
    expect(hotspotsBefore.some((w) => (w.bin ?? 0) >= 2)).toBe(true);
  });

  it('after the 3-ward import of the next week, every other ward keeps its level, marked by its week', async () => {
    const template = await (await officer.send('GET', `/api/indicators/template.csv?week=${EARLY_WEEK}`)).text();
    const rows = parseCsv(template.replace(/^\uFEFF/, ''));
    expect(rows.map((r) => r.unit_code).sort()).toEqual(cauGiay);
    const header = Object.keys(rows[0]);
    const csv = [
      header.join(','),
      ...rows.map((r) =>
        header
          .map(
            (h) =>
              ({
                new_community_cases: '2',
                oxygen_cases: '0',
                deaths: '0',
                fully_vaccinated_pct: '80',
                high_risk_full_pct: '95',
                source: 'Phòng Y tế Cầu Giấy',
              })[h] ?? r[h],
          )
          .map((v) => (/[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v))
          .join(','),
      ),
    ].join('\n');
    const res = await officer.send('POST', '/api/indicators/import', { csv });
    expect(res.status, await res.clone().text()).toBe(200);

    // the public list: each ward its own latest level; none lost, none stale (one week behind)
    const current = await json(anonymous, '/api/levels');
    expect(current).toMatchObject({ mode: 'latest', newestWeek: EARLY_WEEK, week: EARLY_WEEK, demo: true });
    expect(current.levels).toHaveLength(126);
    const weeks = current.levels.map((l: Level) => l.week);
    expect(weeks.filter((w: string) => w === LAST_DEMO_WEEK)).toHaveLength(123);
    expect(
      current.levels
        .filter((l: Level) => l.week === EARLY_WEEK)
        .map((l: Level) => l.code)
        .sort(),
    ).toEqual(cauGiay);
    expect(current.levels.every((l: Level) => !l.stale && l.level >= 1)).toBe(true);

    // the tiles draw the same: 126 wards with a level, each naming its own week
    const tiles = await wardsInTiles();
    expect(tiles.size).toBe(126);
    for (const l of current.levels as Level[]) {
      expect(tiles.get(l.code), l.code).toMatchObject({ level: l.level, week: l.week });
    }

    // Hoàn Kiếm's panel reads its explanation at its own week: no 404
    const hoanKiem = current.levels.find((l: Level) => l.code === '00070');
    expect(hoanKiem.week).toBe(LAST_DEMO_WEEK);
    expect((await anonymous.send('GET', `/api/units/00070/levels/${hoanKiem.week}`)).status).toBe(200);

    // the week's snapshot lists only the wards that reported it
    const snapshot = await json(anonymous, `/api/levels?week=${EARLY_WEEK}`);
    expect(snapshot.mode).toBe('week');
    expect(snapshot.levels.map((l: Level) => l.code).sort()).toEqual(cauGiay);
    expect(snapshot.demo).toBe(false);
  });

  it('ages a ward as stale only when its figures are more than the configured days behind', async () => {
    const strict = createApp(db, { passwordParams: TEST_PASSWORD_PARAMS, levelStaleDays: 6 });
    const current = await (await strict.request('/api/levels')).json();
    expect(current.staleBefore).toBe(EARLY_WEEK);
    expect(current.levels.filter((l: Level) => l.stale)).toHaveLength(123);
  });

  it('gives no hot or cold spot, and says why, when only 3 of 126 wards have figures', async () => {
    const hot = await json(admin, `/api/analysis/hotspots?week=${EARLY_WEEK}`);
    expect(hot).toMatchObject({ wardsUsed: 3, wardsInCity: 126, incomplete: true, minShare: 0.8 });
    expect(hot.wards.filter((w: HotspotWard) => w.bin !== null || w.z !== null)).toEqual([]);
    expect(
      hot.wards
        .filter((w: HotspotWard) => w.incidence !== null)
        .map((w: HotspotWard) => w.code)
        .sort(),
    ).toEqual(cauGiay);
    const emerging = await json(admin, `/api/analysis/emerging?until=${EARLY_WEEK}&weeks=8`);
    expect(emerging).toMatchObject({ incomplete: true, withheldWeeks: [EARLY_WEEK], wardsUsed: 0 });
    expect(new Set(emerging.wards.map((w: { category: string }) => w.category))).toEqual(new Set(['no_data']));
    // the last complete week is unchanged by the early report
    const after = await json(admin, `/api/analysis/hotspots?week=${LAST_DEMO_WEEK}`);
    expect(after).toMatchObject({ wardsUsed: 126, incomplete: false });
    expect(after.wards).toEqual(hotspotsBefore);
  });

  it('leaves wards without figures out of a week that most wards reported, instead of counting them as zero', async () => {
    // ten wards' figures of the last demo week are withdrawn: 116 of 126 (92 %) remain
    const gone = (
      await db.query<{ code: string }>(
        `SELECT code FROM admin_units WHERE level = 'ward' AND parent_code <> $1 ORDER BY code LIMIT 10`,
        [CAU_GIAY],
      )
    ).map((r) => r.code);
    await db.query(`UPDATE levels SET superseded_at = now() WHERE week = $1 AND unit_code = ANY($2::text[])`, [
      LAST_DEMO_WEEK,
      gone,
    ]);
    const hot = await json(admin, `/api/analysis/hotspots?week=${LAST_DEMO_WEEK}`);
    expect(hot).toMatchObject({ wardsUsed: 116, incomplete: false });
    const { codes, neighbours } = await wardWeights(db);
    const byCode = new Map((hot.wards as HotspotWard[]).map((w) => [w.code, w]));
    const expected = giStar(
      codes.map((c) => byCode.get(c)?.incidence ?? null),
      neighbours,
    );
    codes.forEach((c, i) => {
      if (gone.includes(c)) expect(byCode.get(c)).toMatchObject({ incidence: null, z: null, bin: null });
      else expect(byCode.get(c)?.z).toBeCloseTo(expected[i]?.z as number, 12);
    });
    // counting the ten as zero cases would have given other figures
    const asZero = giStar(
      codes.map((c) => byCode.get(c)?.incidence ?? 0),
      neighbours,
    );
    expect(codes.some((c, i) => Math.abs((byCode.get(c)?.z ?? 0) - asZero[i].z) > 0.01)).toBe(true);
  });
});
