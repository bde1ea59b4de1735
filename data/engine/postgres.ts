import pg from 'pg';
import { type Db, preparedName, type Queryable, readsPinnedToPrimary } from '../db.js';
import { Pipeline } from './pipeline.js';

// int8 (counts, sums) as numbers: safemap's counts stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, Number);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, Number);

/** Connections per server (and per API process) on which the hot prepared statements are pipelined. */
const PIPELINED_CONNECTIONS = 2;

/**
 * A server's connections: a pool for everything, and beside it a pipeline (engine/pipeline.ts) for
 * the statements marked `prepared` (data/db.ts), which are short and asked for by every citizen.
 */
function connect(url: string, options: pg.PoolConfig = {}) {
  const pool = new pg.Pool({ connectionString: url, max: 10, ...options });
  // An idle connection the server ends (restart, admin termination) emits 'error' on the pool;
  // unhandled, that would crash the process. The pool replaces the connection on next use.
  pool.on('error', (error) => console.warn(`[db] idle connection closed: ${error.message}`));
  const pipeline = new Pipeline(
    { connectionString: url, application_name: 'safemap-pipeline', ...options },
    PIPELINED_CONNECTIONS,
  );
  return {
    pool,
    query: <T>(sql: string, params?: unknown[]): Promise<T[]> => {
      const name = preparedName(sql);
      return name
        ? pipeline.query<T>(name, sql, params ?? [])
        : pool.query(sql, params).then((result) => result.rows as T[]);
    },
    end: () => Promise.all([pool.end(), pipeline.end()]),
  };
}

/** One statement on a transaction's connection; a prepared one is kept prepared on it. */
const run = async <T>(client: pg.PoolClient, sql: string, params?: unknown[]) => {
  const name = preparedName(sql);
  const values = params as unknown[];
  return (await (name ? client.query({ name, text: sql, values }) : client.query(sql, values))).rows as T[];
};

/**
 * PostgreSQL + PostGIS through `pg`, a pool and a pipeline per server: the production engine. With
 * `readUrl` (a streaming replica), `Db.read` goes there.
 */
export async function openPostgres(url: string, readUrl?: string): Promise<Db> {
  const primary = connect(url);
  const { pool } = primary;
  await primary.query('SELECT 1');
  const db: Db = {
    engine: 'postgres',
    query: primary.query,
    exec: async (sql) => {
      await pool.query(sql);
    },
    get read() {
      return read;
    },
    async transaction(work) {
      const client = await pool.connect();
      const tx: Queryable = {
        query: (sql, params) => run(client, sql, params),
        exec: async (sql) => {
          await client.query(sql);
        },
      };
      try {
        await client.query('BEGIN');
        const result = await work(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    close: async () => {
      await Promise.all([primary.end(), replica?.end()]);
    },
  };
  // a replica that does not answer within 2 s counts as down (the pool's default waits forever)
  const replica = readUrl ? connect(readUrl, { connectionTimeoutMillis: 2000 }) : undefined;
  const read: Queryable = replica ? replicaReads(replica, db) : db;
  return db;
}

/**
 * Reads on the replica, except in a request kept on the primary (`readsOnPrimary`). A replica that
 * is down or restarting, or that cancelled a query to replay the primary's changes ("conflict
 * with recovery", 40001), does not fail the read: the primary answers it.
 */
function replicaReads(replica: ReturnType<typeof connect>, primary: Queryable): Queryable {
  let warnedAt = 0;
  const fallBack = <T>(error: unknown, again: () => Promise<T>): Promise<T> => {
    const code = (error as { code?: unknown }).code;
    // a SQLSTATE of another class is the query's own error: the primary would answer the same
    const replicaTrouble = typeof code !== 'string' || /^(E[A-Z]|08|57P|40001)/.test(code);
    if (!replicaTrouble) throw error;
    if (Date.now() - warnedAt > 10_000) {
      warnedAt = Date.now();
      console.warn(`[db] read replica failed (${(error as Error).message}); reading from the primary`);
    }
    return again();
  };
  return {
    query: (sql, params) =>
      readsPinnedToPrimary()
        ? primary.query(sql, params)
        : replica.query<never>(sql, params).catch((error) => fallBack(error, () => primary.query(sql, params))),
    exec: async (sql) => {
      if (readsPinnedToPrimary()) return primary.exec(sql);
      await replica.pool.query(sql).catch((error) => fallBack(error, () => primary.exec(sql)));
    },
  };
}

/**
 * Runs `work` holding PostgreSQL's advisory lock `key` on a connection of its own, so of several
 * processes doing it at once on one database, one works and the others wait their turn.
 */
export async function withAdvisoryLock<T>(url: string, key: string, onWait: () => void, work: () => Promise<T>) {
  const client = new pg.Client({ connectionString: url, application_name: 'safemap-start' });
  await client.connect();
  try {
    const [{ locked }] = (await client.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [key])).rows;
    if (!locked) {
      onWait();
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
    }
    // the lock goes with the connection, also when work throws
    return await work();
  } finally {
    await client.end();
  }
}
