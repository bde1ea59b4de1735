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
 * queued behind each other waited up to 12 s; now a statement is refused
 * at once when too many wait, and dropped before it runs once its wait runs out (DatabaseBusy:
 * the API answers 503 with Retry-After).
 */
export const PGLITE_LIMITS = {
  maxWaitMs: Number(process.env.SAFEMAP_PGLITE_MAX_WAIT_MS ?? 1500),
  maxQueue: 64,
};

const WRITE_WAIT_FACTOR = 4;

/** Wraps an open PGlite instance (tests clone one from a dump) in the Db interface. */
export function wrapPglite(pg: PGlite, limits = PGLITE_LIMITS): Db {
  const run = async <T>(client: PGlite | Transaction, sql: string, params?: unknown[]) =>
    (await client.query<T>(sql, params)).rows;
  // PGlite runs one statement at a time; a queue keeps a transaction's statements together.
  let queue: Promise<unknown> = Promise.resolve();
  let waiting = 0;
  // a statement's time on the engine, smoothed (long imports capped): what Retry-After is based on
  let jobMs = 5;
  const busy = () => new DatabaseBusy(Math.max(250, Math.round(waiting * jobMs)));
  const serial = <T>(work: () => Promise<T>, maxWaitMs = limits.maxWaitMs): Promise<T> => {
    if (waiting >= limits.maxQueue) return Promise.reject(busy());
    waiting++;
    const queuedAt = performance.now();
    return new Promise<T>((resolve, reject) => {
      let abandoned = false;
      const abandon = () => {
        abandoned = true;
        waiting--;
        reject(busy());
      };
      // the engine runs on this thread: a timer may not fire while the queue drains, so the
      // wait is also checked when the statement's turn comes
      const timer = setTimeout(abandon, maxWaitMs);
      const job = async () => {
        clearTimeout(timer);
        if (abandoned) return;
        if (performance.now() - queuedAt > maxWaitMs) return abandon();
        const started = performance.now();
        try {
          resolve(await work());
        } catch (error) {
          reject(error);
        } finally {
          waiting--;
          jobMs = 0.9 * jobMs + 0.1 * Math.min(limits.maxWaitMs, performance.now() - started);
        }
      };
      queue = queue.then(job);
    });
  };
  const db: Db = {
    engine: 'pglite',
    // one process, one engine: no replica
    get read() {
      return db;
    },
    query: (sql, params) => serial(() => run(pg, sql, params)),
    exec: (sql) =>
      serial(async () => {
        await pg.exec(sql);
      }),
    transaction: (work) =>
      serial(
        () =>
          pg.transaction(async (t) => {
            const tx: Queryable = {
              query: (sql, params) => run(t, sql, params),
              exec: async (sql) => {
                await t.exec(sql);
              },
            };
            return work(tx);
          }),
        // a refused write costs someone a form sent again: writes wait longer than reads
        limits.maxWaitMs * WRITE_WAIT_FACTOR,
      ),
    close: () => pg.close(),
  };
  return db;
}
