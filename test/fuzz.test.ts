import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestDb, type TestDb } from './engines.js';
import { formatReport, fuzz, ROLES } from './fuzz-harness.js';

/** The seeded subset of `npm run fuzz`: 2,000+ requests per engine, spread over the three callers. */
const PER_ROLE = 700;
const SEED = 17;

describe.each(ENGINES)('fuzzing the HTTP surface (%s, seed 17)', (engine) => {
  let db: TestDb;
  // a first PGlite template takes minutes on a busy machine
  beforeAll(async () => {
    db = await openTestDb(engine);
  }, 600_000);
  afterAll(() => db?.dispose());

  it.each(ROLES)(
    'as %s: no 5xx, no error without a problem body, no undocumented status',
    async (role) => {
      const report = await fuzz(db, { role, requests: PER_ROLE, seed: SEED });
      console.log(formatReport(report));
      expect(report.requests).toBeGreaterThan(PER_ROLE * 0.95);
      // the fuzz reached past validation: some requests succeeded, some were refused
      expect(Object.keys(report.byStatus).some((s) => s.startsWith('2'))).toBe(true);
      expect(Object.keys(report.byStatus).some((s) => s === '400' || s === '422')).toBe(true);
      expect(report.findings.map((f) => `[${f.kind}] ${f.status} ${f.request}: ${f.detail}\n${f.curl}`)).toEqual([]);
    },
    600_000,
  );
});
