// Crash consistency: kill -9 the real server (or the import CLI) in the middle of a write, restart,
// and check every count is all-before or all-after, with one audit row per committed write.
//   tsx scripts/crash-trials.ts [--engines postgres,pglite] [--cases import,indicators,assessments] [--moments 50,300,1000]
// PostgreSQL trials need DATABASE_URL (a role that may CREATE DATABASE); each trial gets its own database.
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { hashPassword } from '../api/auth/password.js';
import { insertAccount } from '../data/accounts.js';
import { readConfig } from '../data/config.js';
import { type Db, openDatabase } from '../data/db.js';
import { loadDemoLevels } from '../data/demo/load-demo-levels.js';
import { loadDemoResources } from '../data/demo/resources-scenario.js';
import { prepareDerived } from '../data/derived.js';
import { HANOI_CITY_CODE, importHanoi } from '../data/import/import-hanoi.js';
import { QUESTIONNAIRE_2194 } from '../domain/rules/assessment/questionnaire-2194.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PASSWORD = 'crash trial password 1';
const WEEK = '2021-W46'; // a week with a rule set in force (Decision 4800 applies from 2021-W41)

export type CrashCase = 'import' | 'indicators' | 'assessments';
export type CrashEngine = 'postgres' | 'pglite';
export const CRASH_CASES: CrashCase[] = ['import', 'indicators', 'assessments'];

export interface CrashTrialOptions {
  engines?: CrashEngine[];
  cases?: CrashCase[];
  /**
   * ms after the write began (the child's first output, or the first request sent) to kill -9; an
   * import (CLI or CSV) that ends sooner is killed as it ends, so a late moment tests the all-after side
   */
  moments?: number[];
  /** a PostgreSQL URL whose role may create databases (default DATABASE_URL); without it only PGlite runs */
  databaseUrl?: string;
  dataDir?: string;
  log?: (line: string) => void;
}

export interface CrashTrialResult {
  case: CrashCase;
  engine: CrashEngine;
  moment: number;
  consistent: boolean;
  /** what the restarted database holds, e.g. `admin_units 0 (before)` */
  detail: string;
}

/** A database a trial can open, copy and kill a process over. */
interface Store {
  env: Record<string, string>;
  open(): Promise<Db>;
  dispose(): Promise<void>;
}

/** Makes databases of one engine: a prepared template, copied per trial. */
async function storeFactory(engine: CrashEngine, adminUrl: string | undefined) {
  const made: Store[] = [];
  let n = 0;
  const create = async (from?: Store & { name?: string; dir?: string }) => {
    if (engine === 'pglite') {
      const dir = mkdtempSync(join(tmpdir(), 'safemap-crash-'));
      if (from?.dir) cpSync(from.dir, join(dir, 'db'), { recursive: true });
      const dataDir = join(dir, 'db');
      const store = {
        dir: dataDir,
        env: { SAFEMAP_DB_DIR: dataDir, DATABASE_URL: '' },
        open: () => openDatabase({ dataDir }),
        dispose: async () => rmSync(dir, { recursive: true, force: true }),
      };
      made.push(store);
      return store;
    }
    const name = `safemap_crash_${process.pid}_${n++}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}${from?.name ? ` TEMPLATE ${from.name}` : ''}`);
    await admin.end();
    const url = new URL(adminUrl as string);
    url.pathname = `/${name}`;
    const store = {
      name,
      env: { DATABASE_URL: url.toString() },
      open: () => openDatabase({ databaseUrl: url.toString() }),
      dispose: async () => {
        const a = new pg.Client({ connectionString: adminUrl });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    };
    made.push(store);
    return store;
  };
  return { create, disposeAll: () => Promise.all(made.map((s) => s.dispose())) };
}

/** Runs a TypeScript entry as its own process (no npx or tsx wrapper between, so kill -9 hits it). */
function runEntry(entry: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, entry), ...args], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', SAFEMAP_WORKERS: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const firstOutput = (child: ChildProcess) =>
  new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`ended (${code}) before any output`)));
  });

/** Starts the server over a store and resolves with its origin once it says Ready. */
function startServer(store: Store, dataDir: string) {
  const child = runEntry('api/server.ts', [], { ...store.env, SAFEMAP_DATA_DIR: dataDir });
  const origin = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      const m = /Ready in [\d.]+ s: (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.stderr?.on('data', (chunk) => {
      out += chunk;
    });
    child.once('exit', (code) => reject(new Error(`server ended (${code}) before it was ready:\n${out.slice(-2000)}`)));
  });
  return { child, origin };
}

const killHard = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

/** A cookie-keeping client of a running server, sending the CSRF token on writes. */
class HttpClient {
  private cookie?: string;
  private csrf?: string;
  constructor(private readonly origin: string) {}
  async send(method: string, path: string, body?: unknown) {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.Cookie = this.cookie;
    if (this.csrf && method !== 'GET') headers['X-CSRF-Token'] = this.csrf;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${this.origin}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.get('set-cookie');
    if (set?.startsWith('safemap_session=')) this.cookie = set.split(';')[0];
    return res;
  }
  async login(email: string) {
    const res = await this.send('POST', '/api/auth/login', { email, password: PASSWORD });
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
    this.csrf = (await res.json()).csrfToken;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const count = async (db: Db, sql: string) => (await db.query<{ n: number }>(sql))[0].n;

/** The indicator CSV for every ward the city admin may write, filled in from the template. */
async function indicatorCsv(client: HttpClient) {
  const template = (await (await client.send('GET', `/api/indicators/template.csv?week=${WEEK}`)).text()).replace(
    /^\uFEFF/,
    '',
  );
  const [header, ...rows] = template.trim().split(/\r?\n/);
  const columns = header.split(',');
  const filled = rows.map((row, i) => {
    const values = row.split(',');
    const set = (name: string, value: string) => {
      const at = columns.indexOf(name);
      if (at >= 0) values[at] = value;
    };
    set('new_community_cases', String(i % 7));
    set('oxygen_cases', '0');
    set('deaths', '0');
    set('fully_vaccinated_pct', '80');
    set('high_risk_full_pct', '95');
    set('source', 'crash trial');
    return values.join(',');
  });
  return { csv: [header, ...filled].join('\n'), rows: filled.length };
}

interface Prepared {
  empty: Store;
  full: Store;
  wards: number;
  units: number;
  /** indicator rows in the full template (the demo scenario) */
  indicators: number;
}

/**
 * The two templates of an engine: migrated and empty; and as a first start leaves it (Hanoi, the
 * demo scenario, the derived grid), with the accounts the trials sign in as.
 */
async function prepare(factory: Awaited<ReturnType<typeof storeFactory>>, dataDir: string): Promise<Prepared> {
  const empty = await factory.create();
  await (await empty.open()).close();
  // copied from the migrated one: creating an embedded database costs far more than copying it
  const full = await factory.create(empty);
  const db = await full.open();
  await importHanoi(db, dataDir);
  await loadDemoLevels(db);
  await loadDemoResources(db, dataDir);
  await prepareDerived(db);
  const passwordHash = await hashPassword(PASSWORD);
  await insertAccount(db, {
    email: 'city@crash.test',
    passwordHash,
    role: 'city_admin',
    scope: { level: 'city', code: HANOI_CITY_CODE },
  });
  await insertAccount(db, { email: 'shop@crash.test', passwordHash, role: 'business', scope: null });
  const wards = await count(db, `SELECT count(*)::int AS n FROM admin_units WHERE level = 'ward'`);
  const units = await count(db, 'SELECT count(*)::int AS n FROM admin_units');
  const indicators = await count(db, 'SELECT count(*)::int AS n FROM indicators');
  await db.close();
  return { empty, full, wards, units, indicators };
}

/** One trial: copy the template, start the write, kill -9 at `moment`, reopen, judge. */
async function trial(
  kind: CrashCase,
  moment: number,
  factory: Awaited<ReturnType<typeof storeFactory>>,
  prepared: Prepared,
  dataDir: string,
): Promise<{ consistent: boolean; detail: string }> {
  if (kind === 'import') {
    const store = await factory.create(prepared.empty);
    const child = runEntry('data/import/cli.ts', [dataDir], store.env);
    child.stderr?.resume();
    const ended = new Promise((r) => child.once('exit', r));
    await firstOutput(child).catch(() => {});
    // a moment past the import's end kills nothing: that trial shows the all-after side
    await Promise.race([sleep(moment), ended]);
    await killHard(child);
    const db = await store.open();
    const units = await count(db, 'SELECT count(*)::int AS n FROM admin_units');
    const cells = await count(db, 'SELECT count(*)::int AS n FROM coverage_cells');
    const grid = await count(db, 'SELECT count(*)::int AS n FROM coverage_grid');
    await db.close();
    await store.dispose();
    const unitsOk = units === 0 || units === prepared.units;
    const gridOk = (grid === 0 && cells === 0) || (grid === 1 && cells > 0 && units === prepared.units);
    return {
      consistent: unitsOk && gridOk,
      detail: `admin_units ${units}/${prepared.units} (${units === 0 ? 'before' : units === prepared.units ? 'after' : 'partial'}), grid ${grid ? `built (${cells} cells)` : cells ? `missing, ${cells} cells` : 'not built'}`,
    };
  }

  const store = await factory.create(prepared.full);
  const server = startServer(store, dataDir);
  let sent = 0;
  let ok = 0;
  /** an answer that refused the write: the trial then tests nothing, and says so */
  let refused: string | undefined;
  try {
    const client = new HttpClient(await server.origin);
    if (kind === 'indicators') {
      await client.login('city@crash.test');
      const { csv, rows } = await indicatorCsv(client);
      if (rows !== prepared.wards) throw new Error(`template has ${rows} rows, not ${prepared.wards}`);
      const started = client.send('POST', '/api/indicators/import', { csv }).then(
        async (r) => {
          if (r.ok) ok++;
          else refused = `HTTP ${r.status} ${(await r.text()).slice(0, 300)}`;
        },
        () => {},
      );
      sent = 1;
      // killed at the moment, or as soon as the import is answered (just after its commit)
      await Promise.race([sleep(moment), started]);
      await killHard(server.child);
      await started;
    } else {
      await client.login('shop@crash.test');
      const premises = await client.send('POST', '/api/premises', {
        name: 'Quán thử sập nguồn',
        taxCode: '0101234567',
        sector: 'restaurant',
        address: '12 Phố Hàng Bông',
        lon: 105.8478,
        lat: 21.0301,
        workers: 10,
        floorAreaM2: 80,
      });
      if (premises.status !== 201) throw new Error(`premises: ${premises.status} ${await premises.text()}`);
      const { id } = await premises.json();
      const answers = Object.fromEntries(QUESTIONNAIRE_2194.criteria.map((c) => [c.id, c.options[0].id]));
      let stop = false;
      // four clients submitting one after another until the server dies
      const burst = Array.from({ length: 4 }, async () => {
        while (!stop) {
          sent++;
          const res = await client
            .send('POST', `/api/premises/${id}/assessments`, {
              answers,
              questionnaireVersion: QUESTIONNAIRE_2194.version,
            })
            .catch(() => undefined);
          if (!res) return;
          if (res.status === 201) ok++;
          else if (res.status !== 429) throw new Error(`assessment: ${res.status} ${await res.text()}`);
        }
      });
      await sleep(moment);
      stop = true;
      await killHard(server.child);
      await Promise.all(burst);
    }
  } finally {
    await killHard(server.child);
  }

  const db = await store.open();
  try {
    if (kind === 'indicators') {
      // the import supersedes the week's rows: before, the demo's; after, 126 more, one audit row
      const entries = await count(db, 'SELECT count(*)::int AS n FROM indicators');
      const current = await count(
        db,
        `SELECT count(*)::int AS n FROM indicators WHERE week = '${WEEK}' AND superseded_at IS NULL AND unit_level = 'ward'`,
      );
      const audits = await count(db, `SELECT count(*)::int AS n FROM audit_log WHERE action = 'indicators.import'`);
      const before = entries === prepared.indicators && audits === 0;
      const after = entries === prepared.indicators + prepared.wards && audits === 1;
      if (refused) return { consistent: false, detail: `the import was refused: ${refused}` };
      return {
        consistent: (before || after) && (ok === 0 || after),
        detail: `indicators ${entries - prepared.indicators >= 0 ? '+' : ''}${entries - prepared.indicators} (${before ? 'before' : after ? 'after' : 'partial'}), ${current} current for ${WEEK}, audit ${audits}, answered ${ok}/${sent}`,
      };
    }
    const assessments = await count(db, 'SELECT count(*)::int AS n FROM assessments');
    const audits = await count(db, `SELECT count(*)::int AS n FROM audit_log WHERE action = 'assessment.submit'`);
    return {
      // every committed assessment has its audit row and none more; every 201 was committed
      consistent: assessments === audits && assessments >= ok,
      detail: `assessments ${assessments}, audit ${audits}, 201s ${ok} of ${sent} sent`,
    };
  } finally {
    await db.close();
    await store.dispose();
  }
}

/** The trial table: case × engine × moment → consistent or not. */
export async function runCrashTrials(options: CrashTrialOptions = {}): Promise<CrashTrialResult[]> {
  const log = options.log ?? console.log;
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  const dataDir = options.dataDir ?? readConfig().dataDir;
  if (!dataDir) throw new Error('crash trials need the Hanoi data directory (SAFEMAP_DATA_DIR)');
  const engines = (options.engines ?? ['postgres', 'pglite']).filter((e) => {
    if (e === 'postgres' && !databaseUrl) log('[crash] PostgreSQL skipped: no DATABASE_URL');
    return e === 'pglite' || databaseUrl;
  });
  const results: CrashTrialResult[] = [];
  for (const engine of engines) {
    const factory = await storeFactory(engine, databaseUrl);
    try {
      const prepared = await prepare(factory, dataDir);
      for (const kind of options.cases ?? CRASH_CASES) {
        for (const moment of options.moments ?? [50, 300, 1000, 3000, 10_000, 120_000]) {
          const started = Date.now();
          let outcome: { consistent: boolean; detail: string };
          try {
            outcome = await trial(kind, moment, factory, prepared, dataDir);
          } catch (error) {
            outcome = { consistent: false, detail: `trial failed: ${(error as Error).message.split('\n')[0]}` };
          }
          results.push({ case: kind, engine, moment, ...outcome });
          log(
            `[crash] ${kind.padEnd(11)} ${engine.padEnd(8)} ${`${moment} ms`.padStart(7)}  ${outcome.consistent ? 'consistent' : 'NOT CONSISTENT'}  ${outcome.detail}  (${((Date.now() - started) / 1000).toFixed(1)} s)`,
          );
        }
      }
    } finally {
      await factory.disposeAll();
    }
  }
  return results;
}

/** The table as Markdown, for reports. */
export function crashTable(results: CrashTrialResult[]): string {
  return [
    '| case | engine | moment | result | database after restart |',
    '| --- | --- | ---: | --- | --- |',
    ...results.map(
      (r) =>
        `| ${r.case} | ${r.engine} | ${r.moment} ms | ${r.consistent ? 'consistent' : '**not consistent**'} | ${r.detail} |`,
    ),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: { engines: { type: 'string' }, cases: { type: 'string' }, moments: { type: 'string' } },
  });
  const results = await runCrashTrials({
    engines: values.engines?.split(',') as CrashEngine[] | undefined,
    cases: values.cases?.split(',') as CrashCase[] | undefined,
    moments: values.moments?.split(',').map(Number),
  });
  console.log(`\n${crashTable(results)}`);
  process.exitCode = results.every((r) => r.consistent) ? 0 : 1;
}
