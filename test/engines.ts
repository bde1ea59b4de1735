import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { readConfig } from '../data/config.js';
import { type Db, openDatabase, type Queryable } from '../data/db.js';
import { openPglite } from '../data/engine/pglite.js';
import { isHanoiDataDir } from '../data/import/read-dataset.js';
import { migrate, migrationFiles } from '../data/migrate.js';

export type Engine = Db['engine'];
export const ENGINES: Engine[] = ['postgres', 'pglite'];

export interface TestDb extends Db {
  /** The database's address on PostgreSQL (for a second connection, e.g. one that LISTENs); none on PGlite. */
  url?: string;
  /** Opens the same database again, as a restarted server would (the caller closes the old handle). */
  reopen(): Promise<Db>;
  /** Closes and deletes the database. */
  dispose(): Promise<void>;
}

/**
 * A migrated, empty PGlite data directory as a tarball, made once per set of migrations and kept
 * in the temp directory: creating PGlite + PostGIS takes ~16 s, loading this ~3 s.
 */
async function pgliteTemplate(): Promise<string> {
  const key = createHash('sha256')
    .update(JSON.stringify(migrationFiles()))
    .update(readFileSync(new URL('../node_modules/@electric-sql/pglite/package.json', import.meta.url)))
    .digest('hex')
    .slice(0, 16);
  const file = join(tmpdir(), `safemap-pglite-template-${key}.tar.gz`);
  if (!existsSync(file)) {
    const db = await openPglite(undefined);
    await migrate(db);
    // written aside and renamed: a parallel suite never reads half a file
    const partial = `${file}.${process.pid}`;
    await db.dumpDataDir(partial);
    await db.close();
    renameSync(partial, file);
  }
  return file;
}

/**
 * A fresh, migrated database on the given engine: a new database in the run's PostgreSQL
 * cluster, or a new PGlite directory (cloned from the template).
 */
export async function openTestDb(engine: Engine): Promise<TestDb> {
  if (engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'safemap-pglite-'));
    const db = await openPglite(join(dir, 'db'), undefined, { loadDataDir: await pgliteTemplate() });
    const open = () => openDatabase({ dataDir: join(dir, 'db') });
    return Object.assign(db, {
      reopen: open,
      async dispose() {
        await db.close().catch(() => {});
        rmSync(dir, { recursive: true, force: true });
      },
    });
  }
  const adminUrl = inject('databaseUrl');
  const name = `safemap_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const open = () => openDatabase({ databaseUrl: url.toString() });
  const db = await open();
  return Object.assign(db, {
    url: url.toString(),
    reopen: open,
    async dispose() {
      await db.close().catch(() => {});
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  });
}

/**
 * The real Hanoi data directory. In CI its absence fails the run; elsewhere tests that need it
 * are skipped with a reason.
 */
export const HANOI_DATA_DIR = (() => {
  const dir = readConfig().dataDir;
  if (dir && isHanoiDataDir(dir)) return dir;
  if (process.env.CI) throw new Error('CI needs the Hanoi data directory (../shared/data or SAFEMAP_DATA_DIR)');
  return undefined;
})();

/** Census total of Hanoi, 1 April 2019 (GSO; census-2019/SOURCE.md). */
export const HANOI_CENSUS_TOTAL = 8_053_663;

/** A point surely inside a ward (its point on surface), for placing premises and resources in tests. */
export async function pointInWard(db: Queryable, code: string): Promise<[number, number]> {
  const [p] = await db.query<{ lon: number; lat: number }>(
    `SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat
     FROM admin_units WHERE level = 'ward' AND code = $1`,
    [code],
  );
  return [p.lon, p.lat];
}
