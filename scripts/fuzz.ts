/**
 * `npm run fuzz -- [--requests N] [--seed S] [--engine postgres|pglite|both] [--role anonymous|business|official|all]`
 * OpenAPI-driven fuzzing of the whole HTTP surface (test/fuzz-harness.ts), each role on a fresh
 * database of each engine. Prints totals by status, every 5xx with a reproducing curl, non-problem
 * error bodies and answers the document does not describe; exits 1 if there is any.
 * `--crash` runs the kill -9 trials (scripts/crash-trials.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { type Db, openDatabase } from '../data/db.js';
import { type FuzzReport, formatReport, fuzz, ROLES, type Role } from '../test/fuzz-harness.js';
import startCluster from '../test/global-setup.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
    engine: { type: 'string', default: 'both' },
    role: { type: 'string', default: 'all' },
    crash: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});

if (values.crash) {
  const trials = fileURLToPath(new URL('./crash-trials.ts', import.meta.url));
  if (!existsSync(trials)) {
    console.error('--crash runs scripts/crash-trials.ts (the kill -9 trials), which is not in this checkout yet.');
    process.exit(2);
  }
  const args = process.argv.slice(2).filter((a) => a !== '--crash');
  process.exit(spawnSync(process.execPath, ['--import', 'tsx', trials, ...args], { stdio: 'inherit' }).status ?? 1);
}

const engines = values.engine === 'both' ? (['postgres', 'pglite'] as const) : [values.engine as 'postgres' | 'pglite'];
const roles = values.role === 'all' ? ROLES : [values.role as Role];
for (const e of engines) if (e !== 'postgres' && e !== 'pglite') throw new Error(`--engine ${e}?`);
for (const r of roles) if (!ROLES.includes(r)) throw new Error(`--role ${r}?`);
const requests = Number(values.requests);
const seed = Number(values.seed);

/** A fresh database per run: in DATABASE_URL's server (or a throwaway cluster), or a PGlite directory. */
async function freshDb(engine: 'postgres' | 'pglite', adminUrl: () => string) {
  if (engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'safemap-fuzz-'));
    const db = await openDatabase({ dataDir: join(dir, 'db') });
    return { db, dispose: () => db.close().finally(() => rmSync(dir, { recursive: true, force: true })) };
  }
  const name = `safemap_fuzz_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const db: Db = await openDatabase({ databaseUrl: url.toString() });
  return {
    db,
    async dispose() {
      await db.close();
      const a = new pg.Client({ connectionString: adminUrl() });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

let clusterUrl = process.env.DATABASE_URL;
let stopCluster: (() => void) | undefined;
const adminUrl = () => {
  if (!clusterUrl) {
    stopCluster =
      startCluster({
        provide: (_: string, url: string) => {
          clusterUrl = url;
        },
      } as never) ?? undefined;
  }
  return clusterUrl as string;
};

const reports: FuzzReport[] = [];
try {
  for (const engine of engines) {
    for (const role of roles) {
      const { db, dispose } = await freshDb(engine, adminUrl);
      try {
        const started = Date.now();
        const report = await fuzz(db, { role, requests, seed });
        reports.push(report);
        console.log(formatReport(report));
        console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      } finally {
        await dispose();
      }
    }
  }
} finally {
  stopCluster?.();
}
const bad = reports.reduce((n, r) => n + r.findings.length, 0);
console.log(bad === 0 ? `fuzz: seed ${seed}, no findings` : `fuzz: seed ${seed}, ${bad} findings`);
process.exit(bad === 0 ? 0 : 1);
