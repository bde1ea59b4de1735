import type { LayerDefinition } from './layers.js';

export const EXTENT = 4096;
export const BUFFER = 64;

function selectList(layer: LayerDefinition): string {
  return Object.entries(layer.properties)
    .map(([name, expr]) => `${expr} AS "${name.replace(/"/g, '""')}"`)
    .join(', ');
}

/**
 * The one MVT query shape (PostgreSQL): geometry clipped and quantised by ST_AsMVTGeom, the
 * bounding-box filter on the indexed 3857 column. `$1..$3` are z, x, y; output column `mvt`.
 */
export function mvtSql(layer: LayerDefinition): string {
  return `SELECT ST_AsMVT(t, '${layer.id}', ${EXTENT}, 'geom', 'fid') AS mvt FROM (
  SELECT ST_AsMVTGeom(geom_3857, ST_TileEnvelope($1, $2, $3), ${EXTENT}, ${BUFFER}, true) AS geom,
    ${layer.id_expr} AS fid, ${selectList(layer)}
  FROM ${layer.from}
    AND geom_3857 && ST_TileEnvelope($1, $2, $3, margin => ${BUFFER}.0 / ${EXTENT})
) t WHERE geom IS NOT NULL`;
}

/**
 * The same features for engines without ST_AsMVT (PGlite): clipped to the buffered tile,
 * moved to tile coordinates (y down) and
 * snapped to the integer grid in SQL; JS only encodes. `$1..$3` are z, x, y; output columns
 * `fid`, `geojson` and the layer's properties.
 */
export function clippedSql(layer: LayerDefinition): string {
  // points inside the buffered tile are kept whole; polygons are clipped, snapped and made valid
  const geometry =
    layer.geometry === 'point'
      ? 'ST_AsGeoJSON(ST_SnapToGrid(ST_Affine(geom_3857, env.k, 0, 0, -env.k, -env.x0 * env.k, env.y1 * env.k), 1), 0)'
      : `ST_AsGeoJSON(ST_CollectionExtract(ST_MakeValid(ST_SnapToGrid(ST_Affine(
      ST_ClipByBox2D(geom_3857, env.clip),
      env.k, 0, 0, -env.k, -env.x0 * env.k, env.y1 * env.k), 1)), 3), 0)`;
  return `WITH env AS (
  SELECT ST_XMin(e) AS x0, ST_YMax(e) AS y1, ${EXTENT} / (ST_XMax(e) - ST_XMin(e)) AS k,
    ST_TileEnvelope($1, $2, $3, margin => ${BUFFER}.0 / ${EXTENT}) AS clip
  FROM (SELECT ST_TileEnvelope($1, $2, $3) AS e) s
)
SELECT * FROM (
  SELECT ${layer.id_expr} AS fid, ${selectList(layer)},
    ${geometry} AS geojson
  FROM ${layer.from.replace(' WHERE ', ', env WHERE ')}
    AND geom_3857 && env.clip
) f WHERE geojson NOT LIKE '%"coordinates":[]%'`;
}
