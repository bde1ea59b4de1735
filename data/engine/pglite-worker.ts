import { readFileSync, writeFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';

/** What the main thread asks of the engine's thread (data/engine/pglite.ts), one call at a time. */
export type Call =
  /** `dataDir` absent: in memory; `loadDataDir`: a dump (tar.gz file) to start from */
  | { op: 'open'; dataDir?: string; loadDataDir?: string }
  | { op: 'query'; sql: string; params?: unknown[] }
  | { op: 'exec'; sql: string }
  /** writes the data directory as a gzipped tarball (a template tests clone) */
  | { op: 'dump'; file: string }
  | { op: 'close' };

/** The answer to call `id`: rows (query), nothing (the others), or the error's own fields. */
export interface Reply {
  id: number;
  rows?: unknown[];
  error?: { message: string } & Record<string, string | number | boolean>;
}

let pg: PGlite | undefined;

async function run(call: Call): Promise<unknown[] | undefined> {
  if (call.op === 'open') {
    const loadDataDir = call.loadDataDir ? new Blob([readFileSync(call.loadDataDir)]) : undefined;
    pg = await PGlite.create(call.dataDir, { extensions: { postgis }, loadDataDir });
    return;
  }
  if (!pg) throw new Error('the embedded database is not open');
  switch (call.op) {
    case 'query':
      return (await pg.query(call.sql, call.params)).rows;
    case 'exec':
      await pg.exec(call.sql);
      return;
    case 'dump':
      writeFileSync(call.file, Buffer.from(await (await pg.dumpDataDir('gzip')).arrayBuffer()));
      return;
    case 'close':
      await pg.close();
      return;
  }
}

/**
 * An Error loses its own fields when cloned to another thread, and the app reads them (`code`
 * '23505', `constraint`, `detail`): they travel as a plain object, the values that clone safely.
 */
function errorFields(error: unknown): Reply['error'] {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields: Reply['error'] = { message: error.message };
  for (const [key, value] of Object.entries(error)) {
    if (['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
  }
  return fields;
}

parentPort?.on('message', async ({ id, call }: { id: number; call: Call }) => {
  try {
    parentPort?.postMessage({ id, rows: await run(call) } satisfies Reply);
  } catch (error) {
    parentPort?.postMessage({ id, error: errorFields(error) } satisfies Reply);
  }
});
