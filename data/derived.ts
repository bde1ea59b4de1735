import { ensureGrid, gridIsCurrent } from './analysis/grid.js';
import { wardWeights, warmGrid } from './analysis/queries.js';
import type { Db } from './db.js';
import { buildGeneralisedBoundaries } from './generalised-boundaries.js';
import { boundariesVersion } from './layer-versions.js';
import { VersionedCache } from './versioned-cache.js';

const builds = new VersionedCache<void>();

/**
 * Builds what is derived from the boundaries — the wards' contiguity weights (kept in memory),
 * the outlines generalised for low-zoom tiles and the 250 m population grid of coverage and siting (a table, then, while it is small, its cells in memory) —
 * for the boundaries now in the database. Run after an import and in the background after start, never inside a request.
 * Single-flight per database and version; a build that failed is tried again by the next call.
 */
export async function prepareDerived(db: Db, log: (line: string) => void = () => {}): Promise<void> {
  return builds.get(db, await boundariesVersion(db), async () => {
    await wardWeights(db);
    await buildGeneralisedBoundaries(db);
    if (!(await gridIsCurrent(db))) {
      const started = Date.now();
      log('Building the 250 m population grid for coverage and siting…');
      const cells = await ensureGrid(db);
      log(`  ${cells} cells in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    }
    // what analysis reads of it, read once now so no request waits for it
    await warmGrid(db);
  });
}
