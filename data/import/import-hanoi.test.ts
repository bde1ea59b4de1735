import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../test/engines.js';
import { boundariesVersion, bumpLayerVersions } from '../layer-versions.js';
import { importHanoi } from './import-hanoi.js';
import { DATASET_FILES, ImportError } from './read-dataset.js';

const FIXTURE = new URL('../../test/fixtures/mini-hanoi/', import.meta.url).pathname;

/** A copy of the fixture with one file rewritten. */
function corrupted(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'safemap-bad-'));
  cpSync(FIXTURE, dir, { recursive: true });
  writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
  return dir;
}

describe('importHanoi on the mini fixture (PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof openTestDb>>;
  const snapshot = () => db.query(`SELECT level, code, population FROM admin_units ORDER BY level, code`);

  beforeAll(async () => {
    db = await openTestDb('postgres');
  });
  afterAll(() => db?.dispose());

  it('loads wards, population through formed_from, the district and the city', async () => {
    const summary = await importHanoi(db, FIXTURE);
    expect(summary).toMatchObject({ wards: 2, districts: 1, censusTotal: 24001 });
    expect(await snapshot()).toEqual([
      { level: 'city', code: '01', population: 24001 },
      { level: 'district', code: '002', population: 24001 },
      { level: 'ward', code: '00070', population: 14001 },
      { level: 'ward', code: '00082', population: 10000 },
    ]);
  });

  const cases: [string, string, (t: string) => string, RegExp][] = [
    ['broken JSON', DATASET_FILES.wards, (t) => t.slice(0, 200), /hanoi_wards_2025\.geojson: not valid JSON/],
    ['not a FeatureCollection', DATASET_FILES.wards, () => '{"type":"Feature"}', /not a GeoJSON FeatureCollection/],
    [
      'an open ring',
      DATASET_FILES.wards,
      (t) => t.replace('[105.84,21.02]]]]}', '[105.841,21.02]]]]}'),
      /feature 0 \(code 00070\): polygon 0 ring 0 is not closed/,
    ],
    [
      'a point geometry',
      DATASET_FILES.wards,
      (t) => t.replace('"type":"Polygon"', '"type":"Point"'),
      /feature 1 \(code 00082\): geometry must be a Polygon/,
    ],
    [
      'a bad code',
      DATASET_FILES.wards,
      (t) => t.replace('"00082"', '"82"'),
      /feature 1 \(code 82\): properties.code must be a 5-digit string/,
    ],
    [
      'a bad census figure',
      DATASET_FILES.census,
      (t) => t.replace('6000', 'many'),
      /census2019\.csv, row 4 \(G\.3\): pop_total_2019 "many"/,
    ],
    [
      'a missing formed_from',
      DATASET_FILES.formedFrom,
      (t) => t.split('\n').slice(0, 2).join('\n'),
      /ward 00082: no formed_from text/,
    ],
  ];
  it.each(cases)(
    'refuses %s, naming file, feature and problem, and changes nothing',
    async (_, file, edit, message) => {
      const before = await snapshot();
      const error = await importHanoi(db, corrupted(file, edit)).catch((e) => e);
      expect(error).toBeInstanceOf(ImportError);
      expect(error.message).toMatch(message);
      expect(await snapshot()).toEqual(before);
    },
  );

  it('moves the boundaries’ own version on each import, and only an import moves it', async () => {
    const before = await boundariesVersion(db);
    await importHanoi(db, FIXTURE);
    expect(await boundariesVersion(db)).toBe(before + 1);
    // a tile layer moving (the districts' counter, which derived data once borrowed) is not an import
    await bumpLayerVersions(db, ['districts', 'wards']);
    expect(await boundariesVersion(db)).toBe(before + 1);
  });

  it('rolls back every row when the database refuses one mid-way', async () => {
    const before = await snapshot();
    // valid files, but the database refuses the second ward: the first must not stay behind
    await db.exec(`ALTER TABLE admin_units ADD CONSTRAINT test_no_cua_nam CHECK (code <> '00082') NOT VALID`);
    try {
      await expect(importHanoi(db, FIXTURE)).rejects.toThrow(/test_no_cua_nam/);
      expect(await snapshot()).toEqual(before);
    } finally {
      await db.exec('ALTER TABLE admin_units DROP CONSTRAINT test_no_cua_nam');
    }
  });
});
