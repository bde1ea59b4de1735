import { existsSync, mkdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { DatabaseBusy, type Db, type Queryable } from '../db.js';
import type { Call, Reply } from './pglite-worker.js';

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
/** setTimeout's longest delay; a longer one fires at once */
const MAX_TIMER_MS = 2 ** 31 - 1;

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
 * The Db interface over the engine's thread. The engine answers one statement at a time, so the
 * statements queue here, where waiting can be bounded (the thread itself is never kept waiting):
 * a transaction holds the queue from BEGIN to COMMIT, so no other statement runs inside it.
 */
function queued(thread: Thread, limits: typeof PGLITE_LIMITS): PgliteDb {
  let queue: Promise<unknown> = Promise.resolve();
  let waiting = 0;
  let closed = false;
  // a statement's time on the engine, smoothed (long imports capped): what Retry-After is based on
  let jobMs = 5;
  const busy = () => new DatabaseBusy(Math.max(250, Math.round(waiting * jobMs)));
  const serial = <T>(work: () => Promise<T>, maxWaitMs = limits.maxWaitMs): Promise<T> => {
    if (closed) return Promise.reject(new Error('the embedded database is closed'));
    if (waiting >= limits.maxQueue) return Promise.reject(busy());
    waiting++;
    return new Promise<T>((resolve, reject) => {
      let abandoned = false;
      const timer = setTimeout(
        () => {
          abandoned = true;
          waiting--;
          reject(busy());
        },
        Math.min(maxWaitMs, MAX_TIMER_MS),
      );
      queue = queue.then(async () => {
        if (abandoned) return;
        clearTimeout(timer);
        const started = performance.now();
        try {
          resolve(await work());
        } catch (error) {
          reject(error);
        } finally {
          waiting--;
          jobMs = 0.9 * jobMs + 0.1 * Math.min(limits.maxWaitMs, performance.now() - started);
        }
      });
    });
  };
  const query = async <T>(sql: string, params?: unknown[]) => (await thread.call({ op: 'query', sql, params })) as T[];
  const exec = async (sql: string) => {
    await thread.call({ op: 'exec', sql });
  };
  const tx: Queryable = { query, exec };
  return {
    engine: 'pglite',
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
    dumpDataDir: (file) => serial(() => thread.call({ op: 'dump', file }).then(() => {}), MAX_TIMER_MS),
    async close() {
      if (closed) return;
      closed = true;
      // statements already accepted are answered first
      await queue;
      try {
        await thread.call({ op: 'close' });
      } finally {
        await thread.stop();
      }
    },
  };
}
