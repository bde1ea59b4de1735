import type { Db } from './db.js';
import { loadDemoLevels } from './demo/load-demo-levels.js';
import { loadDemoResources } from './demo/resources-scenario.js';
import { prepareDerived } from './derived.js';
import { importHanoi } from './import/import-hanoi.js';
import { isHanoiDataDir } from './import/read-dataset.js';

/** How many rows the start looks at to decide what to load. */
async function startCounts(db: Db) {
  const [row] = await db.query<{ wards: number; indicators: number; resources: number; admins: number }>(
    `SELECT (SELECT count(*)::int FROM admin_units WHERE level = 'ward') AS wards,
       (SELECT count(*)::int FROM indicators) AS indicators,
       (SELECT count(*)::int FROM resources) AS resources,
       (SELECT count(*)::int FROM accounts WHERE role = 'city_admin' AND disabled_at IS NULL) AS admins`,
  );
  return row;
}

/**
 * What a start does with the data: on an empty database the Hanoi data, the demo scenario and
 * the demo resources; then what is derived from the boundaries (weights, the coverage grid).
 * When this start imported the boundaries it waits for the derived data, so the first analysis
 * request finds it; otherwise it is built (if it is missing at all) in the background, and
 * `derived` says when that is done.
 */
export async function prepareData(
  db: Db,
  options: { dataDir?: string; log: (line: string) => void },
): Promise<{ derived: Promise<void> }> {
  const { dataDir, log } = options;
  const counts = await startCounts(db);
  let wards = counts.wards;
  let imported = false;
  if (wards === 0) {
    if (dataDir && isHanoiDataDir(dataDir)) {
      wards = (await importHanoi(db, dataDir, log)).wards;
      imported = true;
    } else {
      log(
        `No Hanoi data found${dataDir ? ` in ${dataDir}` : ''}. The map will be empty.\n` +
          '  Set SAFEMAP_DATA_DIR to a folder laid out like ../shared/data (see README, "Data"), then run\n' +
          '  npm run import -- <dir>   or restart.',
      );
    }
  }
  if (counts.indicators === 0 && wards > 0) {
    log('Loading the demo epidemic scenario (16 weeks, flagged demo) so the map shows levels…');
    log(`  ${await loadDemoLevels(db)} ward-weeks of demo indicators and levels loaded.`);
  }
  if (counts.resources === 0 && wards > 0) {
    log('Placing demo resources (mobile stations, oxygen ATMs, vaccination points; flagged demo)…');
    log(`  ${await loadDemoResources(db, dataDir)} demo resources placed.`);
  }
  if (counts.admins === 0) log('No city admin yet: create one with  npm run admin:create -- --email <address>');

  const derived = wards > 0 ? prepareDerived(db, log) : Promise.resolve();
  if (imported) await derived;
  else derived.catch((error) => log(`Building derived data failed (analysis will retry): ${error}`));
  return { derived };
}
