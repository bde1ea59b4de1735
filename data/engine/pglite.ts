import { existsSync, mkdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Db, Queryable } from '../db.js';
import type { Call, Reply } from './pglite-worker.js';
import { StatementQueue } from './statement-queue.js';

/** The embedded engine: the Db interface, and a dump of its data directory (test templates). */
export interface PgliteDb extends Db {
  /** Writes the data directory as a gzipped tarball, which `openPglite(…, { loadDataDir })` starts from. */
  dumpDataDir(file: string): Promise<void>;
}

/**
 * Embedded PostgreSQL (PGlite, WebAssembly) with PostGIS, persisted in `dataDir` (absent: in
 * memory). The engine runs in its own thread: a statement's WebAssembly would otherwise hold this
 * thread's event loop, and with it every other request, health check and cached tile.
 */
export async function openPglite(
  dataDir: string | undefined,
  log: (line: string) => void = () => {},
  from: { loadDataDir?: string } = {},
): Promise<PgliteDb> {
  if (dataDir && !existsSync(dataDir)) {
    mkdirSync(dataDir, { recursive: true });
    if (!from.loadDataDir) log(`Creating the embedded database in ${dataDir} (first start takes ~20 s)…`);
  }
  const thread = startThread();
  try {
    await thread.call({ op: 'open', dataDir, loadDataDir: from.loadDataDir });
  } catch (error) {
    await thread.stop();
    throw error;
  }
  return queued(thread, PGLITE_LIMITS);
}

/**
 * How long a statement may wait for the embedded engine (SAFEMAP_PGLITE_MAX_WAIT_MS, default
 * 1.5 s) and how many may wait at all. The engine answers one statement at a time: 32 clients
 * queued behind each other waited up to 12 s; now a statement is refused at once when too many
 * wait, and dropped before it runs once its wait runs out (DatabaseBusy: the API answers 503 with
 * Retry-After).
 */
export const PGLITE_LIMITS = {
  maxWaitMs: Number(process.env.SAFEMAP_PGLITE_MAX_WAIT_MS ?? 1500),
  maxQueue: 64,
};

const WRITE_WAIT_FACTOR = 4;

interface Thread {
  call(call: Call): Promise<unknown[] | undefined>;
  stop(): Promise<void>;
}

/** The engine's thread, and calls to it answered by id. */
function startThread(): Thread {
  const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url));
  const pending = new Map<number, { resolve: (rows?: unknown[]) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let ended: Error | undefined;
  const settled = (id: number) => {
    const p = pending.get(id);
    pending.delete(id);
    // an idle engine does not keep the process alive; one still answering does
    if (pending.size === 0) worker.unref();
    return p;
  };
  const end = (error: Error) => {
    ended ??= error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.on('message', ({ id, rows, error }: Reply) => {
    const p = settled(id);
    if (error) p?.reject(Object.assign(new Error(error.message), error));
    else p?.resolve(rows);
  });
  worker.on('error', end);
  worker.on('exit', (code) => end(new Error(`the embedded database's thread ended (exit code ${code})`)));
  return {
    call: (call) =>
      new Promise((resolve, reject) => {
        if (ended) return reject(ended);
        const id = nextId++;
        pending.set(id, { resolve, reject });
        worker.ref();
        try {
          worker.postMessage({ id, call });
        } catch (error) {
          settled(id);
          reject(error);
        }
      }),
    stop: async () => {
      await worker.terminate();
    },
  };
}

/**
 * The Db interface over the engine's thread. Statements queue here, where their wait is bounded
 * (the thread itself is never kept waiting); a transaction holds the queue from BEGIN to COMMIT,
 * so no other statement runs inside it.
 */
function queued(thread: Thread, limits: typeof PGLITE_LIMITS): PgliteDb {
  const queue = new StatementQueue(limits);
  let closed = false;
  const serial = <T>(work: () => Promise<T>, maxWaitMs?: number): Promise<T> =>
    closed ? Promise.reject(new Error('the embedded database is closed')) : queue.run(work, maxWaitMs);
  const query = async <T>(sql: string, params?: unknown[]) => (await thread.call({ op: 'query', sql, params })) as T[];
  const exec = async (sql: string) => {
    await thread.call({ op: 'exec', sql });
  };
  const tx: Queryable = { query, exec };
  const db: PgliteDb = {
    engine: 'pglite',
    // one process, one engine: no replica
    get read() {
      return db;
    },
    query: (sql, params) => serial(() => query(sql, params)),
    exec: (sql) => serial(() => exec(sql)),
    transaction: (work) =>
      serial(
        async () => {
          await exec('BEGIN');
          try {
            const result = await work(tx);
            await exec('COMMIT');
            return result;
          } catch (error) {
            await exec('ROLLBACK');
            throw error;
          }
        },
        // a refused write costs someone a form sent again: writes wait longer than reads
        limits.maxWaitMs * WRITE_WAIT_FACTOR,
      ),
    dumpDataDir: (file) => serial(() => thread.call({ op: 'dump', file }).then(() => {}), Number.POSITIVE_INFINITY),
    async close() {
      if (closed) return;
      closed = true;
      // statements already accepted are answered first
      await queue.drained();
      try {
        await thread.call({ op: 'close' });
      } finally {
        await thread.stop();
      }
    },
  };
  return db;
}
