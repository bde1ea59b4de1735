/**
 * `npm run lint:api`: the OpenAPI document as the server serves it, linted by Redocly
 * (`recommended`) and Spectral (`spectral:oas`). Any error or warning fails.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createApp } from '../api/app.js';
import type { Db } from '../data/db.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../node_modules/.bin/', import.meta.url));

export interface LintResult {
  tool: 'redocly' | 'spectral';
  errors: number;
  warnings: number;
  /** one line per problem: severity, rule, where, message */
  problems: string[];
}

/** The served document; building it reads no data, so no database is opened. */
export async function openApiDocument(): Promise<unknown> {
  const noDb = {
    engine: 'postgres',
    query: () => Promise.reject(new Error('no database while building the OpenAPI document')),
  } as unknown as Db;
  const res = await createApp(noDb).request('/api/openapi.json');
  return res.json();
}

export async function lintOpenApi(): Promise<LintResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'safemap-openapi-'));
  try {
    const spec = join(dir, 'openapi.json');
    writeFileSync(spec, JSON.stringify(await openApiDocument(), null, 2));
    const ruleset = join(dir, 'spectral.yaml');
    writeFileSync(ruleset, 'extends: ["spectral:oas"]\n');
    // both tools exit non-zero when they find errors; their JSON reports say everything
    const output = (p: Promise<{ stdout: string }>) =>
      p.then(
        (r) => r.stdout,
        (e: { stdout?: string }) => {
          if (!e.stdout) throw e;
          return e.stdout;
        },
      );
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
    const [redocly, spectral] = await Promise.all([
      output(
        run(join(BIN, 'redocly'), ['lint', '--extends', 'recommended', '--format', 'json', spec], { env, cwd: dir }),
      ),
      output(run(join(BIN, 'spectral'), ['lint', '-r', ruleset, '-f', 'json', '--quiet', spec], { env, cwd: dir })),
    ]);
    const r = JSON.parse(redocly.slice(redocly.indexOf('{'))) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; severity: string; message: string; location?: { pointer?: string }[] }[];
    };
    const s = JSON.parse(spectral.slice(spectral.indexOf('['))) as {
      code: string;
      severity: number;
      message: string;
      path: string[];
    }[];
    return [
      {
        tool: 'redocly',
        errors: r.totals.errors,
        warnings: r.totals.warnings,
        problems: r.problems.map((p) => `${p.severity} ${p.ruleId} ${p.location?.[0]?.pointer ?? ''}: ${p.message}`),
      },
      {
        tool: 'spectral',
        errors: s.filter((p) => p.severity === 0).length,
        warnings: s.filter((p) => p.severity === 1).length,
        problems: s
          .filter((p) => p.severity <= 1)
          .map((p) => `${p.severity === 0 ? 'error' : 'warning'} ${p.code} ${p.path.join('.')}: ${p.message}`),
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const results = await lintOpenApi();
  let failed = false;
  for (const { tool, errors, warnings, problems } of results) {
    console.log(`${tool}: ${errors} errors, ${warnings} warnings`);
    for (const p of problems) console.log(`  ${p}`);
    failed ||= errors + warnings > 0;
  }
  process.exit(failed ? 1 : 0);
}
