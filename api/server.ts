import cluster from 'node:cluster';
import { readConfig } from '../data/config.js';
import { type Db, openDatabase } from '../data/db.js';
import { loadDemoLevels } from '../data/demo/load-demo-levels.js';
import { loadDemoResources } from '../data/demo/resources-scenario.js';
import { importHanoi } from '../data/import/import-hanoi.js';
import { isHanoiDataDir } from '../data/import/read-dataset.js';
import { createApp } from './app.js';
import { listen } from './listen.js';

const started = Date.now();
const config = readConfig();
const log = (line: string) => console.log(`[safemap] ${line}`);

const workers = config.databaseUrl ? config.workers : 1;

/** What the first start does once: the Hanoi data, the demo scenario and resources when empty. */
async function firstStart(db: Db) {
  let [{ n: wards }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM admin_units WHERE level = 'ward'`);
  if (wards === 0) {
    if (config.dataDir && isHanoiDataDir(config.dataDir)) {
      wards = (await importHanoi(db, config.dataDir, (line) => log(line))).wards;
    } else {
      log(
        `No Hanoi data found${config.dataDir ? ` in ${config.dataDir}` : ''}. The map will be empty.\n` +
          '  Set SAFEMAP_DATA_DIR to a folder laid out like ../shared/data (see README, "Data"), then run\n' +
          '  npm run import -- <dir>   or restart.',
      );
    }
  }

  const [{ n: indicatorRows }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM indicators');
  if (indicatorRows === 0 && wards > 0) {
    log('Loading the demo epidemic scenario (16 weeks, flagged demo) so the map shows levels…');
    log(`  ${await loadDemoLevels(db)} ward-weeks of demo indicators and levels loaded.`);
  }

  const [{ n: resourceRows }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM resources');
  if (resourceRows === 0 && wards > 0) {
    log('Placing demo resources (mobile stations, oxygen ATMs, vaccination points; flagged demo)…');
    log(`  ${await loadDemoResources(db, config.dataDir)} demo resources placed.`);
  }

  const [{ n: admins }] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM accounts WHERE role = 'city_admin' AND disabled_at IS NULL`,
  );
  if (admins === 0) log('No city admin yet: create one with  npm run admin:create -- --email <address>');
}

/** Serves the app on the configured port from this process. */
async function serveFrom(db: Db) {
  const app = createApp(db, {
    dataDir: config.dataDir,
    webDist: config.webDist,
    cookieSecure: config.cookieSecure,
    trustProxy: config.trustProxy,
    publicUrl: config.publicUrl,
    tileCacheBytes: config.tileCacheBytes,
  });
  const { server, origin } = await listen(app, config.port);

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      server.close();
      db.close().finally(() => process.exit(0));
    });
  }
  return origin;
}

const open = () => openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dbDir, log });
if (cluster.isPrimary) {
  log(config.databaseUrl ? 'Database: PostgreSQL (DATABASE_URL)' : `Database: embedded PGlite in ${config.dbDir}`);
  const db = await open();
  await firstStart(db);
  if (workers === 1) {
    const origin = await serveFrom(db);
    log(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${origin}`);
  } else {
    // several processes share the port (PostgreSQL only: the embedded engine is one process's)
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
  await serveFrom(await open());
}
