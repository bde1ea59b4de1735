import cluster from 'node:cluster';
import { readConfig } from '../data/config.js';
import { type Db, openDatabase, startingAlone } from '../data/db.js';
import { prepareDerived } from '../data/derived.js';
import { prepareData } from '../data/first-start.js';
import { createApp } from './app.js';
import { listen } from './listen.js';
import { openSharedState } from './shared-state.js';

const started = Date.now();
const config = readConfig();
const log = (line: string) => console.log(`[safemap] ${line}`);

const workers = config.databaseUrl ? config.workers : 1;

/** Serves the app on the configured port from this process. */
async function serveFrom(db: Db) {
  const shared = await openSharedState(db, config);
  log(`Shared state: ${shared.description}`);
  const app = createApp(db, {
    rateLimitStore: shared.rateLimitStore,
    changes: shared.changes,
    dataDir: config.dataDir,
    webDist: config.webDist,
    cookieSecure: config.cookieSecure,
    trustProxy: config.trustProxy,
    publicUrl: config.publicUrl,
    allowedHosts: config.allowedHosts,
    tileCacheBytes: config.tileCacheBytes,
    levelStaleDays: config.levelStaleDays,
    levelCriteria: config.levelCriteria,
    basemap: config.basemap,
  });
  const { server, origin } = await listen(app, config.port);

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      server.close();
      Promise.all([shared.close(), db.close()]).finally(() => process.exit(0));
    });
  }
  return origin;
}

const options = { databaseUrl: config.databaseUrl, readUrl: config.databaseReadUrl, dataDir: config.dbDir, log };
const open = () => openDatabase(options);
if (cluster.isPrimary) {
  log(
    config.databaseUrl
      ? `Database: PostgreSQL (DATABASE_URL${config.databaseReadUrl ? '; public reads from DATABASE_READ_URL' : ''})`
      : `Database: embedded PGlite in ${config.dbDir}`,
  );
  // several nodes started at once on an empty database: one migrates and imports, then the others find it done
  const { db, derived } = await startingAlone(options, async () => {
    const db = await open();
    return { db, ...(await prepareData(db, { dataDir: config.dataDir, log })) };
  });
  if (workers === 1) {
    const origin = await serveFrom(db);
    log(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${origin}`);
    derived.then(
      () => log('Derived data ready (contiguity, low-zoom outlines, coverage grid).'),
      () => {},
    );
  } else {
    // several processes share the port (PostgreSQL only: the embedded engine is one process's);
    // the grid is a table they share, built here once before this connection closes
    await derived.catch(() => {});
    await db.close();
    let stopping = false;
    for (let i = 0; i < workers; i++) cluster.fork();
    cluster.on('exit', (worker, code) => {
      if (stopping) return;
      log(`worker ${worker.process.pid} ended (${code}); starting another`);
      cluster.fork();
    });
    cluster.on('listening', () => {
      if (Object.keys(cluster.workers ?? {}).length === workers)
        log(
          `Ready in ${((Date.now() - started) / 1000).toFixed(1)} s with ${workers} workers: http://localhost:${config.port}`,
        );
    });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        stopping = true;
        for (const w of Object.values(cluster.workers ?? {})) w?.kill(signal);
        setTimeout(() => process.exit(0), 2000).unref();
      });
    }
  }
} else {
  const db = await open();
  await serveFrom(db);
  // the primary built the grid; each worker reads it (and the weights) into its own memory
  prepareDerived(db).catch((error) => log(`Reading derived data failed (analysis will retry): ${error}`));
}
