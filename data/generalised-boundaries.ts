import type { Db, Queryable } from './db.js';
import { boundariesVersion } from './layer-versions.js';

/** The zooms with outlines of their own (migration 016 draws zooms below the first with the first's). */
export const GENERALISED_ZOOMS = [5, 6, 7, 8, 9] as const;

/** Half the Web Mercator world's width, in metres. */
const WORLD_HALF = 20037508.342789244;

/**
 * The snapping grid at zoom z: one screen pixel of a 512-pixel tile, in metres. Its lines fall on
 * tile edges (the world is 2^z × 512 of them wide), so a snapped vertex stays put when ST_AsMVTGeom
 * quantises it to the tile's 4,096 units.
 */
export const pixelM = (z: number) => (2 * WORLD_HALF) / 2 ** z / 512;

/** Whether the stored generalised outlines were built from the boundaries now imported. */
export async function generalisedIsCurrent(db: Queryable): Promise<boolean> {
  const [row] = await db.query<{ ok: boolean }>('SELECT admin_units_generalised_current() AS ok');
  return row.ok;
}

/**
 * Builds the low-zoom outlines of the cities, districts and wards (migration 016) for the
 * boundaries now imported, unless they are current; returns how many it wrote.
 * Each vertex is snapped to the zoom's pixel grid on its own, so shared edges stay shared; what
 * collapses below a pixel goes (ST_MakeValid, polygons only), and a unit smaller than a pixel is left out.
 * Tile layer versions do not move: a low-zoom tile cached from the full outlines before this ran
 * shows the same units, only with more vertices, until the layer's next write.
 */
export async function buildGeneralisedBoundaries(db: Db): Promise<number> {
  if (await generalisedIsCurrent(db)) return 0;
  const version = await boundariesVersion(db);
  // Not current from here until the end: tiles draw the imported outlines meanwhile. One
  // transaction per zoom, not one for all: on the embedded engine a transaction holds every other
  // statement back, and five zooms together outlast the wait a request is allowed.
  await db.query('DELETE FROM admin_units_generalised_state');
  let written = 0;
  for (const zoom of GENERALISED_ZOOMS) {
    written += await db.transaction(async (tx) => {
      await tx.query('DELETE FROM admin_units_generalised WHERE zoom = $1', [zoom]);
      const [{ n }] = await tx.query<{ n: number }>(
        `WITH done AS (
           INSERT INTO admin_units_generalised (zoom, level, code, province_code, geom_3857)
           SELECT $1, level, code, province_code, g
           FROM admin_units,
             LATERAL (SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SnapToGrid(geom_3857, $2)), 3)) AS g) s
           WHERE level IN ('city', 'district', 'ward') AND NOT ST_IsEmpty(g)
           RETURNING 1
         ) SELECT count(*)::int AS n FROM done`,
        [zoom, pixelM(zoom)],
      );
      return n;
    });
  }
  await db.query(
    `INSERT INTO admin_units_generalised_state (singleton, boundaries_version) VALUES (true, $1)
     ON CONFLICT (singleton) DO UPDATE SET boundaries_version = $1, built_at = now()`,
    [version],
  );
  return written;
}
