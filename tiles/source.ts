import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { Db } from '../data/db.js';
import type { LayerDefinition } from './layers.js';
import { clippedSql, EXTENT, mvtSql, propertyNames } from './sql.js';

/** A tile layer: its definition and `getTile`, which answers MVT bytes or null for an empty tile. */
export interface TileSource {
  readonly layer: LayerDefinition;
  getTile(z: number, x: number, y: number): Promise<Uint8Array | null>;
}

/** The source for a layer on this engine: ST_AsMVT on PostgreSQL, SQL clipping + JS encoding on PGlite. */
export function createTileSource(db: Db, layer: LayerDefinition, now: () => number = Date.now): TileSource {
  // only layers that use the clock get it as `$4`: an unused parameter has no type and fails
  const params = (z: number, x: number, y: number) => (layer.clockVersionSql ? [z, x, y, new Date(now())] : [z, x, y]);
  return db.engine === 'postgres' ? postgresSource(db, layer, params) : clippedSource(db, layer, params);
}

type Params = (z: number, x: number, y: number) => unknown[];

function postgresSource(db: Db, layer: LayerDefinition, params: Params): TileSource {
  const sql = mvtSql(layer);
  const bytes = (mvt: Uint8Array | null | undefined) => (mvt && mvt.length > 0 ? new Uint8Array(mvt) : null);
  if (db.read === db) {
    return {
      layer,
      async getTile(z, x, y) {
        const [row] = await db.query<{ mvt: Uint8Array | null }>(sql, params(z, x, y));
        return bytes(row?.mvt);
      },
    };
  }
  // With a replica: the tile is cached under the layer version the primary gave before this build
  // (tiles/service.ts), so it may not be built from older rows. The replica answers with its own
  // version of the layer, read in the same statement (one snapshot); when that is behind what the
  // primary says now, the primary builds the tile. (Layer ids are fixed lower-case names.)
  const versionSql = `SELECT version::int AS version FROM layer_versions WHERE layer = '${layer.id}'`;
  const replicaSql = `SELECT (${versionSql}) AS version, m.mvt FROM (${sql}) m`;
  return {
    layer,
    async getTile(z, x, y) {
      const [primary] = await db.query<{ version: number }>(versionSql);
      const [row] = await db.read.query<{ version: number | null; mvt: Uint8Array | null }>(
        replicaSql,
        params(z, x, y),
      );
      if (row && (row.version ?? 0) >= (primary?.version ?? 0)) return bytes(row.mvt);
      const [fresh] = await db.query<{ mvt: Uint8Array | null }>(sql, params(z, x, y));
      return bytes(fresh?.mvt);
    },
  };
}

type Ring = [number, number][];

function clippedSource(db: Db, layer: LayerDefinition, params: Params): TileSource {
  const sql = clippedSql(layer);
  const names = propertyNames(layer);
  return {
    layer,
    async getTile(z, x, y) {
      const rows = await db.query<Record<string, unknown> & { fid: number; geojson: string }>(sql, params(z, x, y));
      const features = rows.flatMap(
        (row): { id: number; type: 1 | 3; tags: Record<string, unknown>; geometry: unknown }[] => {
          const tags = Object.fromEntries(names.filter((n) => row[n] != null).map((n) => [n, row[n]]));
          const geometry = JSON.parse(row.geojson);
          if (geometry.type === 'Point') return [{ id: row.fid, type: 1, tags, geometry: [geometry.coordinates] }];
          const rings = mvtRings(geometry);
          if (rings.length === 0) return [];
          return [{ id: row.fid, type: 3, tags, geometry: rings }];
        },
      );
      if (features.length === 0) return null;
      return fromGeojsonVt({ [layer.id]: { features } as never }, { version: 2, extent: EXTENT });
    },
  };
}

/** Signed area by the surveyor's formula: positive is clockwise on screen (y down). */
function ringArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += (ring[j][0] - ring[i][0]) * (ring[i][1] + ring[j][1]);
  }
  return sum / 2;
}

/** MVT polygon rings: per polygon the exterior with positive area, then its holes negative. */
function mvtRings(geometry: { type: string; coordinates: unknown }): Ring[] {
  const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as Ring[][];
  const out: Ring[] = [];
  for (const polygon of polygons) {
    polygon.forEach((ring, i) => {
      const area = ringArea(ring);
      if (area === 0) return;
      if (i === 0 && area < 0) ring.reverse();
      if (i > 0 && area > 0) ring.reverse();
      out.push(ring);
    });
  }
  return out;
}
