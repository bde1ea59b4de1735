import { existsSync, mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import type { Db, Queryable } from '../db.js';

/** Embedded PostgreSQL (PGlite, WebAssembly) with PostGIS, persisted in `dataDir`. */
export async function openPglite(dataDir: string, log: (line: string) => void): Promise<Db> {
  const fresh = !existsSync(dataDir);
  if (fresh) {
    mkdirSync(dataDir, { recursive: true });
    log(`Creating the embedded database in ${dataDir} (first start takes ~20 s)…`);
  }
  const pg = await PGlite.create(dataDir, { extensions: { postgis } });
  return wrapPglite(pg);
}

/** Wraps an open PGlite instance (tests clone one from a dump) in the Db interface. */
export function wrapPglite(pg: PGlite): Db {
  const run = async <T>(client: PGlite | Transaction, sql: string, params?: unknown[]) =>
    (await client.query<T>(sql, params)).rows;
  // PGlite runs one statement at a time; a queue keeps a transaction's statements together.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => {});
    return next;
  };
  return {
    engine: 'pglite',
    query: (sql, params) => serial(() => run(pg, sql, params)),
    exec: (sql) =>
      serial(async () => {
        await pg.exec(sql);
      }),
    transaction: (work) =>
      serial(() =>
        pg.transaction(async (t) => {
          const tx: Queryable = {
            query: (sql, params) => run(t, sql, params),
            exec: async (sql) => {
              await t.exec(sql);
            },
          };
          return work(tx);
        }),
      ),
    close: () => pg.close(),
  };
}
