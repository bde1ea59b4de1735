import type { Queryable } from './db.js';

/**
 * Marks the tile layers a write touched as changed: their version moves on, so tile URLs and
 * cache keys built from it stop matching the old tiles. Call inside the write's transaction.
 */
export async function bumpLayerVersions(db: Queryable, layers: readonly string[]): Promise<void> {
  await db.query('UPDATE layer_versions SET version = version + 1, updated_at = now() WHERE layer = ANY($1::text[])', [
    layers,
  ]);
}

/**
 * Which import of the boundaries the database holds: the `districts` layer's version, which only
 * an import moves. Derived data built from the ward geometry (weights, grids) is keyed by it.
 */
export async function boundariesVersion(db: Queryable): Promise<number> {
  const [row] = await db.query<{ version: number }>(
    `SELECT version::int AS version FROM layer_versions WHERE layer = 'districts'`,
  );
  return row?.version ?? 0;
}
