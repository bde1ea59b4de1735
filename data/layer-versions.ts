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
