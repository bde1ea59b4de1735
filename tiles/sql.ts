import type { LayerDefinition } from './layers.js';

export const EXTENT = 4096;
export const BUFFER = 64;
/** Half the Web Mercator world's width, in metres. */
const WORLD_HALF = 20037508.342789244;

/** The buffered tile envelope of `$1..$3` (z, x, y). */
const ENVELOPE = `ST_TileEnvelope($1, $2, $3, margin => ${BUFFER}.0 / ${EXTENT})`;

/** Names of a layer's tile properties: its own, plus `count` for thinned point layers. */
export function propertyNames(layer: LayerDefinition): string[] {
  return [...Object.keys(layer.properties), ...(layer.thin ? ['count'] : [])];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The layer's rows touching the buffered tile: `fid`, the properties by name and `geom_3857`.
 * A thinned point layer keeps, below its zoom, one point per cell of `cellPx` screen pixels (the
 * lowest id, so every engine keeps the same one) and counts what the cell held in `count`.
 */
function rowsSql(layer: LayerDefinition): string {
  const props = Object.entries(layer.properties)
    .map(([name, expr]) => `${expr} AS ${quote(name)}`)
    .join(', ');
  const rows = `SELECT ${layer.id_expr} AS fid, ${props}, geom_3857 FROM ${layer.from} AND geom_3857 && ${ENVELOPE}`;
  if (!layer.thin) return rows;
  // cell size in metres: the tile's width / 256 screen pixels × cellPx
  const cell = `(${2 * WORLD_HALF} / 2 ^ $1 / 256 * ${layer.thin.cellPx})`;
  return `SELECT DISTINCT ON (cell) *, count(*) OVER (PARTITION BY cell)::int AS count FROM (
    SELECT r.*, CASE WHEN $1 < ${layer.thin.belowZoom}
      THEN floor(ST_X(geom_3857) / ${cell})::bigint || ':' || floor(ST_Y(geom_3857) / ${cell})::bigint
      ELSE fid::text END AS cell
    FROM (${rows}) r
  ) c ORDER BY cell, fid`;
}

/**
 * The one MVT query shape (PostgreSQL): geometry clipped and quantised by ST_AsMVTGeom, the
 * bounding-box filter on the indexed 3857 column. `$1..$3` are z, x, y; output column `mvt`.
 * ST_AsMVT leaves out rows whose geometry ST_AsMVTGeom clipped away (NULL); a `WHERE geom IS NOT
 * NULL` here was pushed into the subquery and clipped every feature twice.
 */
export function mvtSql(layer: LayerDefinition): string {
  return `SELECT ST_AsMVT(t, '${layer.id}', ${EXTENT}, 'geom', 'fid') AS mvt FROM (
  SELECT ST_AsMVTGeom(geom_3857, ST_TileEnvelope($1, $2, $3), ${EXTENT}, ${BUFFER}, true) AS geom,
    fid, ${propertyNames(layer).map(quote).join(', ')}
  FROM (${rowsSql(layer)}) f
) t`;
}

/**
 * The same features for engines without ST_AsMVT (PGlite): clipped to the buffered tile,
 * moved to tile coordinates (y down) and snapped to the integer grid in SQL; JS only encodes.
 * `$1..$3` are z, x, y; output columns `fid`, `geojson` and the layer's properties.
 */
export function clippedSql(layer: LayerDefinition): string {
  const toTile = (g: string) => `ST_Affine(${g}, env.k, 0, 0, -env.k, -env.x0 * env.k, env.y1 * env.k)`;
  // points inside the buffered tile are kept whole; polygons are clipped, snapped and made valid
  const geometry =
    layer.geometry === 'point'
      ? `ST_AsGeoJSON(ST_SnapToGrid(${toTile('f.geom_3857')}, 1), 0)`
      : `ST_AsGeoJSON(ST_CollectionExtract(ST_MakeValid(ST_SnapToGrid(${toTile(`ST_ClipByBox2D(f.geom_3857, ${ENVELOPE})`)}, 1)), 3), 0)`;
  return `WITH env AS (
  SELECT ST_XMin(e) AS x0, ST_YMax(e) AS y1, ${EXTENT} / (ST_XMax(e) - ST_XMin(e)) AS k
  FROM (SELECT ST_TileEnvelope($1, $2, $3) AS e) s
)
SELECT * FROM (
  SELECT f.fid, ${propertyNames(layer)
    .map((n) => `f.${quote(n)}`)
    .join(', ')}, ${geometry} AS geojson
  FROM (${rowsSql(layer)}) f, env
) g WHERE geojson NOT LIKE '%"coordinates":[]%'`;
}
