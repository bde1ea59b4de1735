import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { loadDemoLevels } from '../data/demo/load-demo-levels.js';
import { loadDemoResources } from '../data/demo/resources-scenario.js';
import { importHanoi } from '../data/import/import-hanoi.js';
import { migrationFiles } from '../data/migrate.js';
import { decodeTile } from './decode-tile.js';
import { ENGINES, type Engine, HANOI_CENSUS_TOTAL, HANOI_DATA_DIR, openTestDb } from './engines.js';

// z=12 tile over central Hanoi (Hoàn Kiếm, Ba Đình, Hai Bà Trưng)
const CENTRAL = { z: 12, x: 3252, y: 1803 };
const codesByEngine = new Map<Engine, string[]>();
const levelsByEngine = new Map<Engine, string[]>();
const resourcesByEngine = new Map<Engine, string[]>();

describe.skipIf(!HANOI_DATA_DIR).each(ENGINES)('engine contract on %s', (engine) => {
  let db: Awaited<ReturnType<typeof openTestDb>>;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    db = await openTestDb(engine);
    await importHanoi(db, HANOI_DATA_DIR as string);
    await loadDemoLevels(db);
    await loadDemoResources(db, HANOI_DATA_DIR, 2021, new Date('2022-02-08T03:00:00Z'));
    app = createApp(db, { dataDir: HANOI_DATA_DIR });
  });
  afterAll(() => db?.dispose());

  it('records every migration', async () => {
    const rows = await db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(migrationFiles().map((f) => f.version));
  });

  it('imports 126 wards, 30 districts and the city, with the whole census population', async () => {
    const res = await app.request('/api/health');
    const health = await res.json();
    expect(health).toMatchObject({
      engine,
      counts: { city: 1, districts: 30, wards: 126 },
      population: HANOI_CENSUS_TOTAL,
      dataLoaded: true,
    });
    const [districtSum] = await db.query<{ n: number }>(
      `SELECT sum(population)::int AS n FROM admin_units WHERE level = 'district'`,
    );
    expect(districtSum.n).toBe(HANOI_CENSUS_TOTAL);
  });

  it('is idempotent: a second import leaves the same rows', async () => {
    const before = await db.query(`SELECT level, code, population FROM admin_units ORDER BY level, code`);
    await importHanoi(db, HANOI_DATA_DIR as string);
    expect(await db.query(`SELECT level, code, population FROM admin_units ORDER BY level, code`)).toEqual(before);
  });

  it('finds Hoàn Kiếm ignoring diacritics and case', async () => {
    for (const q of ['hoan kiem', 'HOÀN KIẾM', 'Hoàn Kiếm']) {
      const { wards } = await (await app.request(`/api/wards?q=${encodeURIComponent(q)}`)).json();
      expect(wards[0]).toMatchObject({ code: '00070', nameVi: 'Hoàn Kiếm', district: { nameVi: 'Hoàn Kiếm' } });
    }
    const { wards } = await (await app.request('/api/wards?q=dong%20da')).json();
    expect(wards.map((w: { nameVi: string }) => w.nameVi)).toContain('Đống Đa');
  });

  it('answers one ward with population, area, district and geometry', async () => {
    const ward = await (await app.request('/api/wards/00070')).json();
    expect(ward.geometry.type).toBe('MultiPolygon');
    expect(ward.population).toBeGreaterThan(10_000);
    expect(ward.areaKm2).toBeCloseTo(1.91, 1);
    expect(ward.bbox[0]).toBeLessThan(ward.center[0]);
  });

  it('computes the demo scenario’s levels under both rule sets, several levels in the latest week', async () => {
    const latest = await (await app.request('/api/levels')).json();
    expect(latest).toMatchObject({ week: '2022-W12', demo: true, ruleSet: { id: '218' } });
    expect(latest.weeks).toHaveLength(16);
    expect(latest.levels).toHaveLength(126);
    expect(new Set(latest.levels.map((l: { level: number }) => l.level)).size).toBeGreaterThanOrEqual(3);
    const early = await (await app.request('/api/levels?week=2021-W50')).json();
    expect(early.ruleSet.id).toBe('4800');
    const detail = await (await app.request('/api/units/00070/levels/2022-W12')).json();
    expect(detail.ruleSetInfo.nameVi).toBe('Quyết định 218/QĐ-BYT');
    expect(detail.explanation.map((c: { id: string }) => c.id)).toEqual([
      'C1.cases',
      'C1.oxygen',
      'C1.deaths',
      'C2',
      'C3',
    ]);
    levelsByEngine.set(
      engine,
      latest.levels.map((l: { code: string; level: number }) => `${l.code}:${l.level}`),
    );
  });

  it('serves the wards tile at z12 over central Hanoi with codes, names, population and level', async () => {
    const res = await app.request(`/tiles/wards/${CENTRAL.z}/${CENTRAL.x}/${CENTRAL.y}.mvt`);
    expect(res.status).toBe(200);
    const layers = decodeTile(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(layers)).toEqual(['wards']);
    const features = layers.wards;
    expect(features.length).toBeGreaterThan(5);
    for (const f of features) {
      expect(f.type).toBe(3);
      expect(f.id).toBe(Number(f.properties.code));
      expect(Object.keys(f.properties).sort()).toEqual([
        'code',
        'confirmed',
        'district',
        'level',
        'name_en',
        'name_vi',
        'population',
        'week',
      ]);
      expect(f.properties.week).toBe('2022-W12');
    }
    expect(features.find((f) => f.properties.code === '00070')?.properties.name_vi).toBe('Hoàn Kiếm');
    codesByEngine.set(engine, features.map((f) => `${f.properties.code}:${f.properties.level}`).sort());
  });

  it('serves resources as points with type and stock class', async () => {
    const res = await app.request('/tiles/resources/14/13009/7213.mvt');
    expect(res.status).toBe(200);
    const features = decodeTile(new Uint8Array(await res.arrayBuffer())).resources;
    expect(features.length).toBeGreaterThan(3);
    for (const f of features) {
      expect(f.type).toBe(1);
      expect(Object.keys(f.properties).sort()).toEqual(['count', 'id', 'name', 'status', 'stock_class', 'type']);
      expect(['none', 'low', 'ok', 'n/a']).toContain(f.properties.stock_class);
    }
    resourcesByEngine.set(engine, features.map((f) => `${f.properties.name}:${f.properties.stock_class}`).sort());
  });

  it('serves the city outline tile and answers 204 far from Hanoi', async () => {
    const city = decodeTile(new Uint8Array(await (await app.request('/tiles/city/8/203/113.mvt')).arrayBuffer()));
    expect(city.city).toHaveLength(1);
    expect(city.city[0].properties.name_vi).toBe('Hà Nội');
    expect((await app.request('/tiles/wards/8/10/10.mvt')).status).toBe(204);
  });
});

describe.skipIf(!HANOI_DATA_DIR)('both engines', () => {
  it('put the same ward codes and levels in the central z12 tile', () => {
    expect(codesByEngine.get('postgres')).toBeDefined();
    expect(codesByEngine.get('pglite')).toEqual(codesByEngine.get('postgres'));
  });

  it('put the same resources in the same tile', () => {
    expect(resourcesByEngine.get('postgres')?.length).toBeGreaterThan(3);
    expect(resourcesByEngine.get('pglite')).toEqual(resourcesByEngine.get('postgres'));
  });

  it('compute the same demo levels', () => {
    expect(levelsByEngine.get('postgres')).toHaveLength(126);
    expect(levelsByEngine.get('pglite')).toEqual(levelsByEngine.get('postgres'));
  });
});
