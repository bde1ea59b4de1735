import pg from 'pg';
import { type Db, preparedName, type Queryable, readsPinnedToPrimary } from '../db.js';

// int8 (counts, sums) as numbers: safemap's counts stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, Number);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, Number);

function openPool(url: string, options: pg.PoolConfig = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 10, ...options });
  // An idle connection the server ends (restart, admin termination) emits 'error' on the pool;
  // unhandled, that would crash the process. The pool replaces the connection on next use.
  pool.on('error', (error) => console.warn(`[db] idle connection closed: ${error.message}`));
  return pool;
}

const run = async <T>(client: pg.Pool | pg.PoolClient, sql: string, params?: unknown[]) => {
  const name = preparedName(sql);
  const values = params as unknown[];
  return (await (name ? client.query({ name, text: sql, values }) : client.query(sql, values))).rows as T[];
};

/**
 * PostgreSQL + PostGIS through a `pg` pool: the production engine. With `readUrl` (a streaming
 * replica), `Db.read` goes there.
 */
export async function openPostgres(url: string, readUrl?: string): Promise<Db> {
  const pool = openPool(url);
  await run(pool, 'SELECT 1');
  const db: Db = {
    engine: 'postgres',
    query: (sql, params) => run(pool, sql, params),
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
      await Promise.all([pool.end(), replica?.end()]);
    },
  };
  // a replica that does not answer within 2 s counts as down (the pool's default waits forever)
  const replica = readUrl ? openPool(readUrl, { connectionTimeoutMillis: 2000 }) : undefined;
  const read: Queryable = replica ? replicaReads(replica, db) : db;
  return db;
}

/**
 * Reads on the replica, except in a request kept on the primary (`readsOnPrimary`). A replica that
 * is down or restarting, or that cancelled a query to replay the primary's changes ("conflict
 * with recovery", 40001), does not fail the read: the primary answers it.
 */
function replicaReads(replica: pg.Pool, primary: Queryable): Queryable {
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
        : run<never>(replica, sql, params).catch((error) => fallBack(error, () => primary.query(sql, params))),
    exec: async (sql) => {
      if (readsPinnedToPrimary()) return primary.exec(sql);
      await replica.query(sql).catch((error) => fallBack(error, () => primary.exec(sql)));
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
