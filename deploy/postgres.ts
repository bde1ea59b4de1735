import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

const BIN = '/usr/lib/postgresql/15/bin';
const POSTGIS = '/usr/share/postgresql/15/extension/postgis.control';

/** A PostgreSQL primary and its streaming replica, each on a Unix socket in its own directory. */
export interface PostgresPair {
  /** the primary: every write, and reads that must see them */
  primaryUrl: string;
  /** the hot standby, made by pg_basebackup -R: read-only queries */
  replicaUrl: string;
  /** Runs one statement on the primary or the replica as the superuser. */
  sql<T = Record<string, unknown>>(on: 'primary' | 'replica', text: string, params?: unknown[]): Promise<T[]>;
  stop(): void;
}

/** PostgreSQL refuses to run as root: as root, its programs run as the `postgres` user. */
const asRoot = process.getuid?.() === 0;
function run(cmd: string, args: string[]) {
  try {
    return asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' })
      : execFileSync(cmd, args, { stdio: 'pipe' });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`${cmd} ${args.join(' ')} failed: ${stderr || (error as Error).message}`);
  }
}

/** A directory the server's user owns. */
function ownDir(path: string): string {
  mkdirSync(path, { recursive: true });
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString());
    chownSync(path, id('-u'), id('-g'));
    chmodSync(path, 0o755);
  }
  return path;
}

const url = (socketDir: string, database: string) =>
  `postgresql://postgres@localhost/${database}?host=${encodeURIComponent(socketDir)}`;

/**
 * Starts a primary (wal_level=replica) under `dir`, creates the `safemap` database, and makes a
 * streaming replica of it with pg_basebackup -R (hot standby). The Debian packages
 * postgresql-15 and postgresql-15-postgis-3 must be installed.
 */
export async function startPostgresPair(dir: string): Promise<PostgresPair> {
  for (const [path, pkg] of [
    [`${BIN}/initdb`, 'postgresql-15'],
    [POSTGIS, 'postgresql-15-postgis-3'],
  ]) {
    if (!existsSync(path)) throw new Error(`${path} is missing: apt-get install ${pkg}`);
  }
  ownDir(dir);
  const primary = { data: join(dir, 'primary'), socket: ownDir(join(dir, 'primary-socket')) };
  const replica = { data: join(dir, 'replica'), socket: ownDir(join(dir, 'replica-socket')) };
  // wal_level=replica lets the standby stream (PostgreSQL 15's default, said because it is needed);
  // durability is not what these trials measure: no fsync
  const options = (socket: string) =>
    `-k ${socket} -c listen_addresses='' -c wal_level=replica -c fsync=off -c max_connections=200`;
  const start = (node: { data: string; socket: string }, log: string) =>
    run(`${BIN}/pg_ctl`, ['-D', node.data, '-o', options(node.socket), '-l', join(dir, log), '-w', 'start']);

  run(`${BIN}/initdb`, ['-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '-D', primary.data]);
  start(primary, 'primary.log');
  const started: string[] = [primary.data];
  const stop = () => {
    for (const data of started.reverse()) {
      try {
        run(`${BIN}/pg_ctl`, ['-D', data, '-m', 'immediate', 'stop']);
      } catch {
        // already stopped
      }
    }
  };
  try {
    const admin = new pg.Client({ connectionString: url(primary.socket, 'postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE safemap');
    await admin.end();
    run(`${BIN}/pg_basebackup`, [
      '-h',
      primary.socket,
      '-U',
      'postgres',
      '-D',
      replica.data,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
    ]);
    start(replica, 'replica.log');
    started.push(replica.data);
  } catch (error) {
    stop();
    throw error;
  }
  const sockets = { primary: primary.socket, replica: replica.socket };
  return {
    primaryUrl: url(primary.socket, 'safemap'),
    replicaUrl: url(replica.socket, 'safemap'),
    async sql<T>(on: 'primary' | 'replica', text: string, params?: unknown[]) {
      const client = new pg.Client({ connectionString: url(sockets[on], 'safemap') });
      await client.connect();
      try {
        return (await client.query(text, params)).rows as T[];
      } finally {
        await client.end();
      }
    },
    stop,
  };
}
