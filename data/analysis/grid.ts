import { CELL_M } from '../../domain/analysis/grid-cells.js';
import type { Db, Queryable } from '../db.js';
import { boundariesVersion } from '../layer-versions.js';
import { analysisPool } from '../workers/pool.js';

/** Whether the stored grid was built with this cell size from the boundaries now in the database. */
export async function gridIsCurrent(db: Queryable): Promise<boolean> {
  const version = await boundariesVersion(db);
  const [stored] = await db.query<{ cell_m: number; wards_version: number }>(
    'SELECT cell_m, wards_version::int AS wards_version FROM coverage_grid',
  );
  return !!stored && stored.cell_m === CELL_M && stored.wards_version === version;
}

/** The grid for the current boundaries is not built yet (it is being prepared in the background). */
export class GridNotReady extends Error {
  constructor() {
    super('the coverage grid for the current boundaries is not built yet');
  }
}

/** Resolves when the stored grid is current; GridNotReady otherwise (reads never build it). */
export async function requireCurrentGrid(db: Queryable): Promise<void> {
  if (!(await gridIsCurrent(db))) throw new GridNotReady();
}

/** A background build of the whole city's grid may take minutes on a busy machine; a request may not. */
const GRID_BUILD_TIMEOUT_MS = 15 * 60_000;

/**
 * The grid for coverage: cell centres every `CELL_M` metres (UTM 48N) that fall inside a ward,
 * the ward's population shared evenly among them. Built from the boundaries an import brought
 * (keyed by boundariesVersion), never while answering a request: see data/derived.ts. Returns
 * the number of cells.
 */
export async function ensureGrid(db: Db): Promise<number> {
  const version = await boundariesVersion(db);
  if (await gridIsCurrent(db)) {
    return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM coverage_cells'))[0].n;
  }
  const wards = await db.query<{ code: string; population: number | null; geojson: string }>(
    `SELECT code, population, ST_AsGeoJSON(ST_Transform(geom, 32648), 1) AS geojson
     FROM admin_units WHERE level = 'ward' ORDER BY code`,
  );
  // the point-in-polygon work runs in a worker, so the server answers while a grid is built
  const centres = await analysisPool().run('gridCentres', { wards }, GRID_BUILD_TIMEOUT_MS);
  const cells = wards.flatMap((w, i) =>
    centres[i].map((c, _, mine) => ({
      ward: w.code,
      population: (w.population ?? 0) / mine.length,
      ...c,
    })),
  );
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM coverage_cells');
    for (let start = 0; start < cells.length; start += 5000) {
      const batch = cells.slice(start, start + 5000);
      await tx.query(
        `INSERT INTO coverage_cells (id, ward_code, population, x, y, geom, geog)
         SELECT id, ward, population, x, y, g, g::geography
         FROM unnest($1::int[], $2::text[], $3::float8[], $4::float8[], $5::float8[]) AS c(id, ward, population, x, y),
           LATERAL (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(x, y), 32648), 4326) AS g) p`,
        [
          batch.map((_, i) => start + i + 1),
          batch.map((c) => c.ward),
          batch.map((c) => c.population),
          batch.map((c) => c.x),
          batch.map((c) => c.y),
        ],
      );
    }
    await tx.query(
      `INSERT INTO coverage_grid (singleton, cell_m, wards_version) VALUES (true, $1, $2)
       ON CONFLICT (singleton) DO UPDATE SET cell_m = $1, wards_version = $2, built_at = now()`,
      [CELL_M, version],
    );
  });
  return cells.length;
}
