import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway cluster's maintenance database (or DATABASE_URL). */
    databaseUrl: string;
  }
}

const BIN = '/usr/lib/postgresql/15/bin';
const POSTGIS = '/usr/share/postgresql/15/extension/postgis.control';

/**
 * Starts a throwaway PostgreSQL 15 + PostGIS cluster on a Unix socket for the whole run,
 * unless DATABASE_URL names one. As root it runs as the `postgres` user (PostgreSQL refuses root).
 */
export default function setup(project: TestProject) {
  if (process.env.DATABASE_URL) {
    project.provide('databaseUrl', process.env.DATABASE_URL);
    return;
  }
  for (const [path, pkg] of [
    [`${BIN}/initdb`, 'postgresql-15'],
    [POSTGIS, 'postgresql-15-postgis-3'],
  ]) {
    if (!existsSync(path)) throw new Error(`${path} is missing: apt-get install ${pkg} (or set DATABASE_URL)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'safemap-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' })
      : execFileSync(cmd, args, { stdio: 'pipe' });
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  run(`${BIN}/initdb`, ['-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '-D', data]);
  const options = `-k ${dir} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  run(`${BIN}/pg_ctl`, ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  project.provide('databaseUrl', `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(dir)}`);
  return () => {
    try {
      run(`${BIN}/pg_ctl`, ['-D', data, '-m', 'immediate', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
