import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPublicBusinesses, insertAssessment, setFlag, verifyCertificate } from '../data/assessments.js';
import type { Queryable } from '../data/db.js';
import { migrate, migrationFiles } from '../data/migrate.js';
import { getPremises } from '../data/premises.js';
import { QUESTIONNAIRE_2194 } from '../domain/rules/assessment/questionnaire-2194.js';
import { scoreAnswers } from '../domain/rules/assessment/score.js';
import { LAYERS } from '../tiles/layers.js';
import { createTileSource } from '../tiles/source.js';
import { tileOf } from '../tiles/tile-math.js';
import { decodeTile } from './decode-tile.js';
import { ENGINES, openTestDb, type TestDb } from './engines.js';

const DAY = 86_400_000;
const WARD = '99001';
const T0 = Date.parse('2022-03-01T02:00:00Z');
const at = (days: number) => new Date(T0 + days * DAY);

/** One synthetic ward (a square in central Hanoi): enough for the card's and certificate's ward join. */
async function seedWard(db: Queryable) {
  await db.query(
    `INSERT INTO admin_units (level, code, province_code, name_vi, name_en, full_name_vi, full_name_en, search_name,
       geom, geom_3857, valid_from)
     SELECT 'ward', $1, '01', 'Phường Thử', 'Thu Ward', 'Phường Thử', 'Thu Ward', 'phuong thu', g, ST_Transform(g, 3857), '2025-07-01'
     FROM (SELECT ST_Multi(ST_MakeEnvelope(105.84, 21.02, 105.86, 21.04, 4326)) AS g) s`,
    [WARD],
  );
  const [owner] = await db.query<{ id: string }>(
    `INSERT INTO accounts (email, password_hash, role) VALUES ('owner@latest.vn', 'x', 'business') RETURNING id`,
  );
  return owner.id;
}

async function addPremises(db: Queryable, owner: string, name: string, lon: number, lat: number) {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO premises (owner_id, name, search_name, tax_code, sector, address, ward_code, workers, floor_area_m2, geom)
     VALUES ($1, $2, lower($2), '0101234567', 'restaurant', 'Hà Nội', $3, 10, 100, ST_SetSRID(ST_MakePoint($4, $5), 4326))
     RETURNING id`,
    [owner, name, WARD, lon, lat],
  );
  return row.id;
}

/** A raw assessment row, as a bulk load or an older build would write it. */
async function addRow(db: Queryable, premisesId: string, submitted: Date, riskClass = 'low', id?: string) {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO assessments (id, premises_id, questionnaire_id, questionnaire_version, answers, points, risk_index,
       risk_class, submitted_at, valid_until, certificate_code)
     VALUES (coalesce($1::uuid, gen_random_uuid()), $2, '2194', 1, '{}', 30, 10, $3, $4, $4::timestamptz + interval '30 days',
       'HN-' || upper(left(md5(random()::text), 11)))
     RETURNING id`,
    [id ?? null, premisesId, riskClass, submitted],
  );
  return row.id;
}

// the definition the table replaces (the view of migration 005), read with the premises' columns
const COLUMNS = `premises_id, id, points::float8 AS points, risk_index::float8 AS risk_index, risk_class, submitted_at,
  valid_until, certificate_code, flagged_at, name, sector, ST_AsText(geom_3857) AS geom_3857`;
const REFERENCE = `SELECT ${COLUMNS} FROM (
    SELECT DISTINCT ON (a.premises_id) a.*, p.name, p.sector, p.geom_3857 FROM assessments a
    JOIN premises p ON p.id = a.premises_id ORDER BY a.premises_id, a.submitted_at DESC, a.id
  ) r ORDER BY premises_id`;
const TABLE = `SELECT ${COLUMNS} FROM latest_assessments ORDER BY premises_id`;

async function expectConsistent(db: Queryable) {
  const [table, reference] = [await db.query(TABLE), await db.query(REFERENCE)];
  expect(table).toEqual(reference);
  return table as { premises_id: string; id: string }[];
}

describe.each(ENGINES)('latest assessment per premises on %s', (engine) => {
  let db: TestDb;
  let owner: string;

  beforeAll(async () => {
    db = await openTestDb(engine);
    owner = await seedWard(db);
  }, 600_000);
  afterAll(async () => {
    await db?.dispose();
  });

  it('follows every write to assessments and premises: the table equals the newest-row definition after each', async () => {
    const p = await addPremises(db, owner, 'Quán Một', 105.85, 21.03);
    const latestOf = async () => (await expectConsistent(db)).find((r) => r.premises_id === p)?.id;
    const first = await addRow(db, p, at(0));
    expect(await latestOf()).toBe(first);
    const second = await addRow(db, p, at(1), 'high');
    expect(await latestOf()).toBe(second);
    // an older assessment loaded late does not take over
    await addRow(db, p, at(-5));
    expect(await latestOf()).toBe(second);
    // a tie on submitted_at: the lower id counts, as the view had it
    const low = await addRow(db, p, at(2), 'low', '00000000-0000-4000-8000-000000000001');
    await addRow(db, p, at(2), 'medium', 'ffffffff-0000-4000-8000-000000000001');
    expect(await latestOf()).toBe(low);
    // a flag on the latest is copied; one on a superseded assessment changes nothing
    await db.query(`UPDATE assessments SET flagged_at = $2 WHERE id = $1`, [low, at(3)]);
    await db.query(`UPDATE assessments SET flagged_at = $2 WHERE id = $1`, [first, at(3)]);
    await expectConsistent(db);
    // the premises renamed and moved: the layer's copy follows
    await db.query(
      `UPDATE premises SET name = 'Quán Một Mới', geom = ST_SetSRID(ST_MakePoint(105.851, 21.031), 4326) WHERE id = $1`,
      [p],
    );
    expect(
      (await db.query<{ name: string }>('SELECT name FROM latest_assessments WHERE premises_id = $1', [p]))[0].name,
    ).toBe('Quán Một Mới');
    await expectConsistent(db);
    // deleting the latest brings back the next newest; deleting all removes the row
    await db.query('DELETE FROM assessments WHERE submitted_at = $1', [at(2)]);
    expect(await latestOf()).toBe(second);
    await db.query('DELETE FROM assessments WHERE premises_id = $1', [p]);
    expect(await latestOf()).toBeUndefined();
    // a bulk load (one statement, many premises, several rows each)
    const many = await Promise.all([1, 2, 3, 4].map((i) => addPremises(db, owner, `Cơ sở ${i}`, 105.845, 21.025)));
    await db.query(
      `INSERT INTO assessments (premises_id, questionnaire_id, questionnaire_version, answers, points, risk_index,
         risk_class, submitted_at, valid_until, certificate_code)
       SELECT p, '2194', 1, '{}', 30, 10, (ARRAY['low','high','medium'])[d], $2::timestamptz + d * interval '1 day',
         $2::timestamptz + (d + 30) * interval '1 day', 'HN-' || upper(left(md5(p::text || d), 11))
       FROM unnest($1::uuid[]) p, generate_series(1, 3) d`,
      [many, at(10)],
    );
    const rows = await expectConsistent(db);
    expect(rows.filter((r) => many.includes(r.premises_id))).toHaveLength(4);
    // deleting a premises takes its row along
    await db.query('DELETE FROM premises WHERE id = $1', [many[0]]);
    await expectConsistent(db);
  });

  it('shows the latest on the tile, the card, the certificate and the owner’s list; expired once valid-until passes', async () => {
    let clock = T0 + 100 * DAY;
    const [lon, lat] = [105.8555, 21.0355];
    const p = await addPremises(db, owner, 'Quán Hai', lon, lat);
    const submit = (pick: number) => {
      const answers = Object.fromEntries(
        QUESTIONNAIRE_2194.criteria.map((c) => [c.id, c.options[Math.min(pick, c.options.length - 1)].id]),
      );
      const score = scoreAnswers(QUESTIONNAIRE_2194, answers);
      const submittedAt = new Date(clock);
      return db.transaction((tx) =>
        insertAssessment(tx, {
          premisesId: p,
          questionnaire: QUESTIONNAIRE_2194,
          answers,
          score,
          submittedAt,
          validUntil: new Date(clock + 10 * DAY),
        }),
      );
    };
    const source = createTileSource(db, LAYERS.businesses, () => clock);
    const onTile = async () => {
      const [z, x, y] = tileOf(lon, lat, 16);
      const bytes = await source.getTile(z, x, y);
      return (bytes ? decodeTile(bytes).businesses : []).find((f) => f.properties.id === p)?.properties;
    };

    const first = await submit(3);
    clock += DAY;
    const second = await submit(0);
    expect(second.riskClass).not.toBe(first.riskClass);
    expect(await onTile()).toMatchObject({ name: 'Quán Hai', risk_class: second.riskClass, status: 'valid' });
    expect((await verifyCertificate(db, first.certificateCode, new Date(clock)))?.status).toBe('superseded');
    expect(await verifyCertificate(db, second.certificateCode, new Date(clock))).toMatchObject({
      status: 'valid',
      riskClass: second.riskClass,
    });
    const [card] = await findPublicBusinesses(db, { id: p, limit: 1 }, new Date(clock));
    expect(card).toMatchObject({ certificateCode: second.certificateCode, status: 'valid' });
    expect((await getPremises(db, p, new Date(clock)))?.latest).toMatchObject({ id: second.id, status: 'valid' });
    await db.transaction((tx) => setFlag(tx, second.id, owner, 'Kiểm tra', new Date(clock)));
    expect((await getPremises(db, p, new Date(clock)))?.latest?.flagged).toBe(true);

    clock = Date.parse(second.validUntil) + 1000;
    expect(await onTile()).toMatchObject({ risk_class: second.riskClass, status: 'expired' });
    expect((await verifyCertificate(db, second.certificateCode, new Date(clock)))?.status).toBe('expired');
    expect((await getPremises(db, p, new Date(clock)))?.latest?.status).toBe('expired');
    await expectConsistent(db);
  });

  it('backfills the table from the assessments already there when migration 013 runs', async () => {
    // the schema before 013 built aside (its own schema, first on the path) and rolled back after
    const rollBack = new Error('roll back');
    const run = db.transaction(async (tx) => {
      await tx.exec('CREATE SCHEMA before_013; SET LOCAL search_path = before_013, public');
      await tx.exec(
        'CREATE TABLE schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      for (const { version, sql } of migrationFiles().filter((m) => m.version < '013')) {
        await tx.exec(sql);
        await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
      }
      const o = await seedWard(tx);
      const [a, b] = [await addPremises(tx, o, 'A', 105.85, 21.03), await addPremises(tx, o, 'B', 105.85, 21.03)];
      for (const d of [1, 3, 2]) await addRow(tx, a, at(d));
      await addRow(tx, b, at(1));
      await addPremises(tx, o, 'C, never assessed', 105.85, 21.03);
      await migrate({ ...tx, engine, read: tx, transaction: (work) => work(tx), close: async () => {} });
      const rows = await expectConsistent(tx);
      expect(rows.map((r) => r.premises_id).sort()).toEqual([a, b].sort());
      throw rollBack;
    });
    await expect(run).rejects.toBe(rollBack);
  });
});

describe('latest assessment per premises on postgres only', () => {
  let db: TestDb;
  let owner: string;

  beforeAll(async () => {
    db = await openTestDb('postgres');
    owner = await seedWard(db);
  });
  afterAll(async () => {
    await db?.dispose();
  });

  // the embedded engine runs one transaction at a time: racing writers exist only here
  it.each([
    ['the newer commits first', true],
    ['the older commits first', false],
  ])('keeps the newer of two submissions racing on one premises (%s)', async (_, newerFirst) => {
    const p = await addPremises(db, owner, `Đua ${newerFirst}`, 105.85, 21.03);
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    // the first holds the premises' row until released; the second waits on it, then commits
    const holder = db.transaction(async (tx) => {
      await addRow(tx, p, at(newerFirst ? 2 : 1));
      await gate;
    });
    await new Promise((r) => setTimeout(r, 100));
    const waiter = db.transaction((tx) => addRow(tx, p, at(newerFirst ? 1 : 2)));
    await new Promise((r) => setTimeout(r, 200));
    release();
    await Promise.all([holder, waiter]);
    const [row] = await db.query<{ submitted_at: Date }>(
      'SELECT submitted_at FROM latest_assessments WHERE premises_id = $1',
      [p],
    );
    expect(row.submitted_at.toISOString()).toBe(at(2).toISOString());
    await expectConsistent(db);
  });

  it('copies a premises edit committed while a first assessment is written', async () => {
    const p = await addPremises(db, owner, 'Trước', 105.85, 21.03);
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const edit = db.transaction(async (tx) => {
      await tx.query(`UPDATE premises SET name = 'Sau' WHERE id = $1`, [p]);
      await gate;
    });
    await new Promise((r) => setTimeout(r, 100));
    const submit = db.transaction((tx) => addRow(tx, p, at(1)));
    await new Promise((r) => setTimeout(r, 200));
    release();
    await Promise.all([edit, submit]);
    expect(await expectConsistent(db)).toContainEqual(expect.objectContaining({ premises_id: p, name: 'Sau' }));
  });
});
