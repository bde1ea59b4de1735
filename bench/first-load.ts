// First load of the citizen page, against the landed build measured in the same run:
// - Lighthouse 12.2.3, mobile preset (its default, simulated throttling: 4× CPU, 150 ms RTT,
//   1.6 Mbit/s), median of 3 runs: performance, accessibility, FCP, LCP, TBT and bytes transferred;
// - where the blocking time comes from, from each run's own trace: the main thread's tasks that the
//   4× slowdown makes long, as observed, how much of them the main thread spent handing frames to the
//   compositor (`Commit`), which waits for the GPU process, and how busy the GPU process was
//   (`GPUTask`). With no graphics card (as here) Chromium draws WebGL on the CPU (SwiftShader);
// - first-load JS (gzip): the scripts index.html loads before the first render, and all the scripts the
//   citizen page fetched in the Lighthouse run, MapLibre's worker apart, with what they are made of.
// Each build is served by its own tree's real server (`api/server.ts`, embedded engine, fresh database,
// the Hanoi data of this tree's configuration, so both maps draw the same wards).
//   npm run bench -- first-load [--baseline <commit>] [--baseline-dist <dir>] [--dist <dir>] [--reports <dir>]
// Default baseline: the commit before the first-load work (cd06cf4). --reports keeps each Lighthouse
// report as <dir>/<label>-<run>.json.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { readConfig } from '../data/config.js';
import { CPU_SLOWDOWN, longTasks, type Tasks } from './main-thread.js';
import { pageScriptOwners } from './page-scripts.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LIGHTHOUSE = join(ROOT, 'node_modules/.bin/lighthouse');
const CHROME = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RUNS = 3;
const DEFAULT_BASELINE = 'cd06cf4';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const msOf = (x: number) => `${x.toFixed(0)} ms`;

interface Figures {
  performance: number;
  accessibility: number;
  fcp: number;
  lcp: number;
  tbt: number;
  bytes: number;
  /** observed main-thread time in the tasks that the slowdown makes long (over 50 ms once 4× slower) */
  longTasks: number;
  /** of `longTasks`, handing frames to the compositor, which waits for the GPU process */
  gpuWait: number;
  /** observed time the GPU process was busy */
  gpuBusy: number;
  /** blocking time of those tasks slowed down 4× (Lighthouse's own TBT counts only between FCP and TTI) */
  tbtEstimate: number;
  /** the same without their wait for the GPU */
  tbtWithoutGpuWait: number;
  /** gzip bytes of the scripts index.html loads before the first render */
  entryJs: number;
  /** gzip bytes of every script the page fetched in the median run, MapLibre's worker apart */
  pageJs: number;
  pageScripts: string[];
}

/** A tree to measure: the working tree, or a worktree of `commit` (with this tree's node_modules). */
function tree(commit: string | undefined): { dir: string; dispose(): void } {
  if (!commit) return { dir: ROOT, dispose() {} };
  const dir = mkdtempSync(join(tmpdir(), 'safemap-baseline-'));
  execFileSync('git', ['worktree', 'add', '--detach', dir, commit], { cwd: ROOT, stdio: 'ignore' });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return {
    dir,
    dispose: () => execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: ROOT, stdio: 'ignore' }),
  };
}

/** A build with hidden source maps (no comment in the scripts), so the page's scripts can be taken apart. */
function build(dir: string): string {
  const out = mkdtempSync(join(tmpdir(), 'safemap-dist-'));
  execFileSync(
    'npx',
    ['vite', 'build', '--logLevel', 'error', '--sourcemap', 'hidden', '--outDir', out, '--emptyOutDir'],
    { cwd: dir, stdio: 'inherit' },
  );
  return out;
}

/** The scripts index.html loads before the first render: its module script and modulepreloads. */
function entryScripts(dist: string): string[] {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  return [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\/?([^"]+\.js)"/g)].map(
    (m) => m[1],
  );
}
const gzipOf = (dist: string, file: string) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;

async function serve(dir: string, dist: string, dataDir: string, port: number): Promise<ChildProcess> {
  const db = mkdtempSync(join(tmpdir(), 'safemap-bench-db-'));
  const child = spawn('npx', ['tsx', 'api/server.ts'], {
    cwd: dir,
    env: {
      ...process.env,
      PORT: String(port),
      SAFEMAP_DB_DIR: db,
      SAFEMAP_WEB_DIST: dist,
      SAFEMAP_DATA_DIR: dataDir,
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  child.on('exit', () => rmSync(db, { recursive: true, force: true }));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      if (/Ready in/.test(d.toString())) resolve();
    });
    child.once('exit', (code) => reject(new Error(`server in ${dir} ended (${code})`)));
  });
  return child;
}

interface LighthouseRun {
  categories: Record<string, { score: number }>;
  runtimeError?: { code: string; message: string };
  audits: Record<
    string,
    { numericValue: number; details?: { items?: { url: string; resourceType?: string; transferSize?: number }[] } }
  >;
}
/**
 * One Lighthouse run. On a busy machine Lighthouse may end with a runtime error (a DevTools protocol
 * timeout) after measuring the page: it still writes the report and its scores, and that run counts;
 * a run without a performance score is repeated, twice at most.
 */
function lighthouse(url: string, out: string, attempt = 1): { run: LighthouseRun } & Tasks {
  for (const file of [`${out}.json`, `${out}-0.trace.json`, `${out}-0.devtoolslog.json`]) rmSync(file, { force: true });
  try {
    execFileSync(
      LIGHTHOUSE,
      [
        url,
        '--output=json',
        `--output-path=${out}.json`,
        '--save-assets',
        '--only-categories=performance,accessibility',
        '--quiet',
        `--chrome-path=${CHROME}`,
        '--chrome-flags=--headless --no-sandbox --disable-gpu',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CHROME_PATH: CHROME } },
    );
  } catch (e) {
    // the report says what went wrong, when there is one; else Lighthouse's last words
    if (!existsSync(`${out}.json`))
      console.log(
        `    (Lighthouse: ${String((e as { stderr?: Buffer }).stderr)
          .trim()
          .split('\n')
          .pop()})`,
      );
  }
  const run: LighthouseRun | undefined = existsSync(`${out}.json`)
    ? JSON.parse(readFileSync(`${out}.json`, 'utf8'))
    : undefined;
  if (typeof run?.categories.performance.score !== 'number' || !existsSync(`${out}-0.trace.json`)) {
    if (attempt < 3) return lighthouse(url, out, attempt + 1);
    throw new Error(`Lighthouse measured nothing at ${url}: ${run?.runtimeError?.message ?? 'no report'}`);
  }
  if (run.runtimeError) console.log(`    (Lighthouse: ${run.runtimeError.code}, after measuring the page)`);
  const seen = longTasks(`${out}-0.trace.json`);
  // the trace and log are large: only the report is kept
  rmSync(`${out}-0.trace.json`, { force: true });
  rmSync(`${out}-0.devtoolslog.json`, { force: true });
  return { run, ...seen };
}

async function measure(label: string, dir: string, dist: string, dataDir: string, port: number): Promise<Figures> {
  const server = await serve(dir, dist, dataDir, port);
  const reports = arg('reports') ?? mkdtempSync(join(tmpdir(), 'safemap-lighthouse-'));
  mkdirSync(reports, { recursive: true });
  try {
    // one visit first, so the server's own first-request work is not in the figures
    await fetch(`http://127.0.0.1:${port}/`);
    const runs: ReturnType<typeof lighthouse>[] = [];
    for (let i = 0; i < RUNS; i++) {
      runs.push(lighthouse(`http://127.0.0.1:${port}/`, join(reports, `${label}-${i + 1}`)));
      const { run, tasks } = runs[i];
      const value = (audit: string) => run.audits[audit].numericValue;
      console.log(
        `  ${label}: run ${i + 1}/${RUNS} performance ${Math.round(run.categories.performance.score * 100)}, ` +
          `FCP ${s(value('first-contentful-paint'))}, LCP ${s(value('largest-contentful-paint'))}, ` +
          `TBT ${msOf(value('total-blocking-time'))}, long tasks ${msOf(tasks.reduce((a, t) => a + t.task, 0))} observed`,
      );
    }
    const m = (f: (r: LighthouseRun) => number) => median(runs.map((r) => f(r.run)));
    const mt = (f: (t: { task: number; gpu: number }) => number) =>
      median(runs.map((r) => r.tasks.reduce((sum, t) => sum + f(t), 0)));
    const perf = runs.map((r) => r.run.categories.performance.score);
    const mid = runs[perf.indexOf(median(perf))].run;
    const assets = new Set(readdirSync(join(dist, 'assets')));
    const scripts = [
      ...new Set(
        (mid.audits['network-requests'].details?.items ?? [])
          .filter((r) => r.resourceType === 'Script')
          .map((r) => new URL(r.url).pathname.replace(/^\/assets\//, ''))
          .filter((f) => assets.has(f) && !f.startsWith('maplibre-gl-worker')),
      ),
    ];
    return {
      performance: m((r) => r.categories.performance.score * 100),
      accessibility: m((r) => r.categories.accessibility.score * 100),
      fcp: m((r) => r.audits['first-contentful-paint'].numericValue),
      lcp: m((r) => r.audits['largest-contentful-paint'].numericValue),
      tbt: m((r) => r.audits['total-blocking-time'].numericValue),
      bytes: m((r) => r.audits['total-byte-weight'].numericValue),
      longTasks: mt((t) => t.task),
      gpuWait: mt((t) => t.gpu),
      gpuBusy: median(runs.map((r) => r.gpuBusy)),
      tbtEstimate: mt((t) => Math.max(0, t.task * CPU_SLOWDOWN - 50)),
      tbtWithoutGpuWait: mt((t) => Math.max(0, (t.task - t.gpu) * CPU_SLOWDOWN - 50)),
      entryJs: entryScripts(dist).reduce((sum, f) => sum + gzipOf(dist, f), 0),
      pageJs: scripts.reduce((sum, f) => sum + gzipOf(dist, `assets/${f}`), 0),
      pageScripts: scripts.map((f) => join(dist, 'assets', f)),
    };
  } finally {
    if (server.pid) process.kill(-server.pid, 'SIGTERM');
    if (!arg('reports')) rmSync(reports, { recursive: true, force: true });
  }
}

export async function benchFirstLoad() {
  if (!existsSync(CHROME)) throw new Error(`Lighthouse needs Chromium at ${CHROME}`);
  const { dataDir } = readConfig();
  if (!dataDir) throw new Error('the Hanoi data is needed (SAFEMAP_DATA_DIR): an empty map measures nothing');
  const baselineDist = arg('baseline-dist');
  const base = tree(baselineDist ? undefined : (arg('baseline') ?? DEFAULT_BASELINE));
  try {
    const before = await measure('landed', base.dir, baselineDist ?? build(base.dir), dataDir, 8971);
    const after = await measure('this', ROOT, arg('dist') ?? build(ROOT), dataDir, 8972);
    const rows: [string, (f: Figures) => number, (x: number) => string][] = [
      ['performance', (f) => f.performance, (x) => `${x.toFixed(0)}/100`],
      ['accessibility', (f) => f.accessibility, (x) => `${x.toFixed(0)}/100`],
      ['FCP', (f) => f.fcp, s],
      ['LCP', (f) => f.lcp, s],
      ['TBT', (f) => f.tbt, msOf],
      ['bytes transferred', (f) => f.bytes, kb],
      ['tasks long at 4×, observed time', (f) => f.longTasks, msOf],
      ['  of which waiting for the GPU (Commit)', (f) => f.gpuWait, msOf],
      ['GPU process busy, observed', (f) => f.gpuBusy, msOf],
      ['blocking time of those tasks at 4×', (f) => f.tbtEstimate, msOf],
      ['  the same without the wait for the GPU', (f) => f.tbtWithoutGpuWait, msOf],
      ['entry JS (gzip)', (f) => f.entryJs, kb],
      ['citizen-page JS (gzip, no worker)', (f) => f.pageJs, kb],
    ];
    console.log(`\nLighthouse ${RUNS} runs, mobile preset, median   landed → this (ratio)`);
    for (const [name, get, fmt] of rows) {
      const a = get(before);
      const b = get(after);
      console.log(`  ${name.padEnd(38)} ${fmt(a).padStart(9)} → ${fmt(b).padStart(9)}  (${(b / a).toFixed(2)}×)`);
    }
    console.log('\nthis: citizen-page JS (gzip) by what it is made of');
    for (const [owner, bytes] of pageScriptOwners(after.pageScripts).slice(0, 8))
      console.log(`  ${owner.padEnd(38)} ${kb(bytes).padStart(9)}`);
  } finally {
    base.dispose();
  }
}
