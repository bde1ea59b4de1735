// A throwaway PostgreSQL database for the national benchmark: a fresh database in DATABASE_URL's
// cluster, or (without one) a cluster of its own started the way test/global-setup.ts starts the
// tests' one, with more memory for loading millions of vertices. Dropped or removed afterwards.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const BIN = '/usr/lib/postgresql/15/bin';

export interface Throwaway {
  url: string;
  /** the server process's resident memory peak is not ours to read; its data directory size is */
  dispose(): Promise<void>;
}

async function freshDatabase(adminUrl: string): Promise<Throwaway> {
  const name = `safemap_national_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async dispose() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** DATABASE_URL's cluster gets a new database; otherwise a cluster is started in a temp dir (as `postgres` when root). */
export async function throwawayDatabase(databaseUrl: string | undefined): Promise<Throwaway> {
  if (databaseUrl) return freshDatabase(databaseUrl);
  if (!existsSync(`${BIN}/initdb`))
    throw new Error(`${BIN}/initdb is missing: apt-get install postgresql-15 (or set DATABASE_URL)`);
  const dir = mkdtempSync(join(tmpdir(), 'safemap-national-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' })
      : execFileSync(cmd, args, { stdio: 'pipe' });
  if (asRoot) {
    chownSync(dir, Number(execFileSync('id', ['-u', 'postgres'])), Number(execFileSync('id', ['-g', 'postgres'])));
  }
  const data = join(dir, 'data');
  run(`${BIN}/initdb`, ['-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '-D', data]);
  const options = [
    `-k ${dir} -c listen_addresses=''`,
    '-c fsync=off -c synchronous_commit=off -c full_page_writes=off',
    '-c shared_buffers=512MB -c work_mem=64MB -c maintenance_work_mem=512MB -c max_wal_size=4GB',
  ].join(' ');
  run(`${BIN}/pg_ctl`, ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  const cluster = `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(dir)}`;
  const db = await freshDatabase(cluster);
  return {
    url: db.url,
    async dispose() {
      try {
        run(`${BIN}/pg_ctl`, ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
