/**
 * The embedded engine answers one statement at a time; when more are waiting than it can answer
 * soon, a new one is refused at once (the API answers 503 with Retry-After) instead of queueing
 * behind them for seconds.
 */
export class DatabaseBusy extends Error {
  constructor(readonly retryAfterMs: number) {
    super('The database is busy with other requests; try again shortly.');
  }
}

/** Something SQL can be sent to: the database itself or an open transaction. */
export interface Queryable {
  /** Runs one statement with `$n` bind parameters and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/**
 * The one database interface the rest of safemap sees. Each engine implements it in its own
 * adapter (`engine/postgres.ts`, `engine/pglite.ts`); everything above runs the same SQL.
 */
export interface Db extends Queryable {
  readonly engine: 'postgres' | 'pglite';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** `postgres://…`: use PostgreSQL + PostGIS. Absent: the embedded engine. */
  databaseUrl?: string;
  /** Where the embedded engine keeps its files (default `.safemap/db`). */
  dataDir?: string;
  /** Prints progress lines (database creation can take a while on first start). */
  log?: (line: string) => void;
}

/** Opens the engine the options name and brings its schema up to date. */
export async function openDatabase(options: OpenOptions = {}): Promise<Db> {
  const log = options.log ?? (() => {});
  const db = options.databaseUrl
    ? await (await import('./engine/postgres.js')).openPostgres(options.databaseUrl)
    : await (await import('./engine/pglite.js')).openPglite(options.dataDir ?? '.safemap/db', log);
  const { migrate } = await import('./migrate.js');
  await migrate(db, log);
  return db;
}
