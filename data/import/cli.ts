import { readConfig } from '../config.js';
import { openDatabase } from '../db.js';
import { prepareDerived } from '../derived.js';
import { importHanoi } from './import-hanoi.js';
import { ImportError } from './read-dataset.js';

// npm run import -- [<data dir>]
const config = readConfig();
const dir = process.argv[2] ?? config.dataDir;
if (!dir) {
  console.error('No data directory: pass one (npm run import -- <dir>) or set SAFEMAP_DATA_DIR.');
  process.exit(2);
}
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dbDir, log: console.log });
try {
  await importHanoi(db, dir, console.log);
  // what is derived from the boundaries is built now, not on the first analysis request
  await prepareDerived(db, console.log);
} catch (error) {
  console.error(error instanceof ImportError ? `Import refused, nothing changed: ${error.message}` : error);
  process.exitCode = 1;
} finally {
  await db.close();
}
