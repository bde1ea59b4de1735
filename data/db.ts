import { AsyncLocalStorage } from 'node:async_hooks';

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

const preparedNames = new Map<string, string>();

/**
 * Marks a hot statement (nearest, asked for by every citizen) to be kept parsed and planned on
 * each connection: PostgreSQL's named prepared statements spare the server a parse and a plan per
 * call. Outside a transaction PostgreSQL runs them pipelined (engine/pipeline.ts), so only a short
 * statement may be marked: a slow one would hold up those sent behind it. PGlite runs it as any
 * other. Returns the SQL unchanged.
 */
export function prepared(sql: string): string {
  if (!preparedNames.has(sql)) preparedNames.set(sql, `safemap_${preparedNames.size + 1}`);
  return sql;
}

/** The name a statement marked by `prepared` is kept under on each connection. */
export const preparedName = (sql: string): string | undefined => preparedNames.get(sql);

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
  /**
   * For safe public reads (levels, tiles, nearest, wards) that a streaming replica may answer
   * (DATABASE_READ_URL): a few milliseconds behind the primary, seconds when the replica lags.
   * Without a replica, and inside `readsOnPrimary`, it is the primary. Never for a read that
   * must see a write just made: that runs in the write's transaction or on the Db itself.
   */
  readonly read: Queryable;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** `postgres://…`: use PostgreSQL + PostGIS. Absent: the embedded engine. */
  databaseUrl?: string;
  /** `postgres://…` of a streaming replica of `databaseUrl`, for `Db.read` (PostgreSQL only). */
  readUrl?: string;
  /** Where the embedded engine keeps its files (default `.safemap/db`). */
  dataDir?: string;
  /** Prints progress lines (database creation can take a while on first start). */
  log?: (line: string) => void;
}

/** Opens the engine the options name and brings its schema up to date. */
export async function openDatabase(options: OpenOptions = {}): Promise<Db> {
  const log = options.log ?? (() => {});
  const db = options.databaseUrl
    ? await (await import('./engine/postgres.js')).openPostgres(options.databaseUrl, options.readUrl)
    : await (await import('./engine/pglite.js')).openPglite(options.dataDir ?? '.safemap/db', log);
  const { migrate } = await import('./migrate.js');
  await migrate(db, log);
  return db;
}

/**
 * Runs a start's preparation (migrations, first import) while no other process does it on the
 * same PostgreSQL database: N API nodes started together would otherwise each apply the same
 * migration or import the same data. The embedded engine is one process's: nothing to wait for.
 */
export async function startingAlone<T>(options: OpenOptions, work: () => Promise<T>): Promise<T> {
  if (!options.databaseUrl) return work();
  const { withAdvisoryLock } = await import('./engine/postgres.js');
  const log = options.log ?? (() => {});
  return withAdvisoryLock(
    options.databaseUrl,
    'safemap:start',
    () => log('Waiting for another node to prepare the database…'),
    work,
  );
}

const primaryOnly = new AsyncLocalStorage<true>();

/**
 * Runs `work` with `Db.read` answered by the primary: for a signed-in client, whose reads must
 * show their own writes whatever the replica's lag (api/app.ts decides who).
 */
export function readsOnPrimary<T>(work: () => T): T {
  return primaryOnly.run(true, work);
}

/** Whether the running request's reads are kept on the primary (`readsOnPrimary`). */
export const readsPinnedToPrimary = (): boolean => primaryOnly.getStore() === true;
