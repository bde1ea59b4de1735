import type { Queryable } from './db.js';
import { LAYERS_CHANNEL } from './notify.js';

/**
 * Marks the tile layers a write touched as changed: their version moves on, so tile URLs and
 * cache keys built from it stop matching the old tiles. Call inside the write's transaction: the
 * notification to the other API nodes (data/notify.ts) then leaves at commit, never on rollback.
 */
export async function bumpLayerVersions(db: Queryable, layers: readonly string[]): Promise<void> {
  await db.query(
    `WITH bumped AS (
       UPDATE layer_versions SET version = version + 1, updated_at = now() WHERE layer = ANY($1::text[]) RETURNING layer
     )
     SELECT pg_notify('${LAYERS_CHANNEL}', string_agg(layer, ',' ORDER BY layer)) FROM bumped HAVING count(*) > 0`,
    [layers],
  );
}

/** Marks the boundaries as re-imported: everything derived from them is rebuilt. Call inside the import's transaction. */
export async function bumpBoundariesVersion(db: Queryable): Promise<void> {
  await bumpLayerVersions(db, [BOUNDARIES]);
}

/**
 * Which import of the boundaries the database holds: its own counter (migration 007), which only
 * an import moves. Derived data built from the ward geometry (weights, the grid) is keyed by it.
 */
export async function boundariesVersion(db: Queryable): Promise<number> {
  const [row] = await db.query<{ version: number }>(
    'SELECT version::int AS version FROM layer_versions WHERE layer = $1',
    [BOUNDARIES],
  );
  return row?.version ?? 0;
}

/** The counter row of the boundaries in `layer_versions`; not a tile layer. */
export const BOUNDARIES = 'boundaries';
