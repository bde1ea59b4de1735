import { existsSync, mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { DatabaseBusy, type Db, type Queryable } from '../db.js';

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

/**
 * How long a statement may wait for the embedded engine (SAFEMAP_PGLITE_MAX_WAIT_MS, default
 * 1.5 s) and how many may wait at all. The engine answers one statement at a time: 32 clients
 * queued behind each other waited up to 12 s; now a statement that would wait longer is refused
 * at once (DatabaseBusy: the API answers 503 with Retry-After) and one whose wait runs out is
 * dropped before it runs.
 */
export const PGLITE_LIMITS = {
  maxWaitMs: Number(process.env.SAFEMAP_PGLITE_MAX_WAIT_MS ?? 1500),
  maxQueue: 256,
};

/** Wraps an open PGlite instance (tests clone one from a dump) in the Db interface. */
export function wrapPglite(pg: PGlite, limits = PGLITE_LIMITS): Db {
  const run = async <T>(client: PGlite | Transaction, sql: string, params?: unknown[]) =>
    (await client.query<T>(sql, params)).rows;
  // PGlite runs one statement at a time; a queue keeps a transaction's statements together.
  let queue: Promise<unknown> = Promise.resolve();
  let waiting = 0;
  // a job's time on the engine, smoothed: what each one ahead in the queue is expected to take
  let jobMs = 5;
  const busy = (expectedMs: number) => new DatabaseBusy(Math.max(250, Math.round(expectedMs)));
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const expectedMs = waiting * jobMs;
    if (waiting >= limits.maxQueue || expectedMs > limits.maxWaitMs) return Promise.reject(busy(expectedMs));
    waiting++;
    return new Promise<T>((resolve, reject) => {
      let abandoned = false;
      const timer = setTimeout(() => {
        abandoned = true;
        waiting--;
        reject(busy(waiting * jobMs));
      }, limits.maxWaitMs);
      const job = async () => {
        clearTimeout(timer);
        if (abandoned) return;
        const started = performance.now();
        try {
          resolve(await work());
        } catch (error) {
          reject(error);
        } finally {
          waiting--;
          jobMs = 0.8 * jobMs + 0.2 * (performance.now() - started);
        }
      };
      queue = queue.then(job);
    });
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
