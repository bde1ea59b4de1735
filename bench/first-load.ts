// First load of the citizen page, against the landed build measured in the same run:
// - Lighthouse 12.2.3, mobile preset (its default throttling), median of 3 runs: performance, accessibility,
//   FCP, LCP, TBT and bytes transferred;
// - first-load JS (gzip): the scripts index.html loads before the first render, and all the scripts the
//   citizen page fetched in the Lighthouse run, MapLibre's worker apart.
// Each build is served by its own tree's real server (`api/server.ts`, embedded engine, fresh database).
//   npm run bench -- first-load [--baseline <commit>] [--baseline-dist <dir>] [--dist <dir>]
// Default baseline: the commit before the first-load work (cd06cf4).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

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

interface Figures {
  performance: number;
  accessibility: number;
  fcp: number;
  lcp: number;
  tbt: number;
  bytes: number;
  /** gzip bytes of the scripts index.html loads before the first render */
  entryJs: number;
  /** gzip bytes of every script the page fetched in the median run, MapLibre's worker apart */
  pageJs: number;
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

function build(dir: string): string {
  const out = mkdtempSync(join(tmpdir(), 'safemap-dist-'));
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error', '--outDir', out, '--emptyOutDir'], {
    cwd: dir,
    stdio: 'inherit',
  });
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

async function serve(dir: string, dist: string, port: number): Promise<ChildProcess> {
  const db = mkdtempSync(join(tmpdir(), 'safemap-bench-db-'));
  const child = spawn('npx', ['tsx', 'api/server.ts'], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), SAFEMAP_DB_DIR: db, SAFEMAP_WEB_DIST: dist, DATABASE_URL: '' },
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
  audits: Record<
    string,
    { numericValue: number; details?: { items?: { url: string; resourceType?: string; transferSize?: number }[] } }
  >;
}

function lighthouse(url: string): LighthouseRun {
  const out = execFileSync(
    LIGHTHOUSE,
    [
      url,
      '--output=json',
      '--output-path=stdout',
      '--only-categories=performance,accessibility',
      '--quiet',
      `--chrome-path=${CHROME}`,
      '--chrome-flags=--headless --no-sandbox --disable-gpu',
    ],
    { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CHROME_PATH: CHROME } },
  );
  return JSON.parse(out.toString());
}

async function measure(label: string, dir: string, dist: string, port: number): Promise<Figures> {
  const server = await serve(dir, dist, port);
  try {
    // one visit first, so the server's own first-request work is not in the figures
    await fetch(`http://127.0.0.1:${port}/`);
    const runs: LighthouseRun[] = [];
    for (let i = 0; i < RUNS; i++) {
      runs.push(lighthouse(`http://127.0.0.1:${port}/`));
      console.log(
        `  ${label}: run ${i + 1}/${RUNS} performance ${Math.round(runs[i].categories.performance.score * 100)}`,
      );
    }
    const m = (f: (r: LighthouseRun) => number) => median(runs.map(f));
    const perf = runs.map((r) => r.categories.performance.score);
    const mid = runs[perf.indexOf(median(perf))];
    const assets = new Set(readdirSync(join(dist, 'assets')));
    const scripts = (mid.audits['network-requests'].details?.items ?? [])
      .filter((r) => r.resourceType === 'Script')
      .map((r) => new URL(r.url).pathname.replace(/^\/assets\//, ''))
      .filter((f) => assets.has(f) && !f.startsWith('maplibre-gl-worker'));
    return {
      performance: m((r) => r.categories.performance.score * 100),
      accessibility: m((r) => r.categories.accessibility.score * 100),
      fcp: m((r) => r.audits['first-contentful-paint'].numericValue),
      lcp: m((r) => r.audits['largest-contentful-paint'].numericValue),
      tbt: m((r) => r.audits['total-blocking-time'].numericValue),
      bytes: m((r) => r.audits['total-byte-weight'].numericValue),
      entryJs: entryScripts(dist).reduce((sum, f) => sum + gzipOf(dist, f), 0),
      pageJs: [...new Set(scripts)].reduce((sum, f) => sum + gzipOf(dist, `assets/${f}`), 0),
    };
  } finally {
    if (server.pid) process.kill(-server.pid, 'SIGTERM');
  }
}

export async function benchFirstLoad() {
  if (!existsSync(CHROME)) throw new Error(`Lighthouse needs Chromium at ${CHROME}`);
  const baselineDist = arg('baseline-dist');
  const base = tree(baselineDist ? undefined : (arg('baseline') ?? DEFAULT_BASELINE));
  try {
    const before = await measure('landed', base.dir, baselineDist ?? build(base.dir), 8971);
    const after = await measure('this', ROOT, arg('dist') ?? build(ROOT), 8972);
    const rows: [string, (f: Figures) => number, (x: number) => string][] = [
      ['performance', (f) => f.performance, (x) => `${x.toFixed(0)}/100`],
      ['accessibility', (f) => f.accessibility, (x) => `${x.toFixed(0)}/100`],
      ['FCP', (f) => f.fcp, s],
      ['LCP', (f) => f.lcp, s],
      ['TBT', (f) => f.tbt, (x) => `${x.toFixed(0)} ms`],
      ['bytes transferred', (f) => f.bytes, kb],
      ['entry JS (gzip)', (f) => f.entryJs, kb],
      ['citizen-page JS (gzip, no worker)', (f) => f.pageJs, kb],
    ];
    console.log(`\nLighthouse ${RUNS} runs, mobile preset, median   landed → this (ratio)`);
    for (const [name, get, fmt] of rows) {
      const a = get(before);
      const b = get(after);
      console.log(`  ${name.padEnd(36)} ${fmt(a).padStart(9)} → ${fmt(b).padStart(9)}  (${(b / a).toFixed(2)}×)`);
    }
  } finally {
    base.dispose();
  }
}
