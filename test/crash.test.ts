import { describe, expect, inject, it } from 'vitest';
import { CRASH_CASES, crashTable, runCrashTrials } from '../scripts/crash-trials.js';
import { ENGINES, HANOI_DATA_DIR } from './engines.js';

/**
 * kill -9 of the real server (or the import CLI) in the middle of each kind of write, on both
 * engines: after a restart the database opens and holds all of the write or none of it, with one
 * audit row per committed write. The fast subset: one moment per case; `npm run fuzz -- --crash`
 * (scripts/crash-trials.ts) runs the full table.
 */
describe.skipIf(!HANOI_DATA_DIR)('crash consistency', () => {
  it.each(ENGINES)(
    'holds all-before or all-after on %s',
    async (engine) => {
      const results = await runCrashTrials({
        engines: [engine],
        cases: CRASH_CASES,
        moments: [400],
        databaseUrl: inject('databaseUrl'),
        dataDir: HANOI_DATA_DIR,
        log: () => {},
      });
      console.log(crashTable(results));
      expect(results).toHaveLength(CRASH_CASES.length);
      expect(results.filter((r) => !r.consistent)).toEqual([]);
    },
    900_000,
  );
});
