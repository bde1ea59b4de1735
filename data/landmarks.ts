import type { Db } from './db.js';
import { importLandmarks } from './import/landmarks.js';

/**
 * Every landmark as a GeoJSON point (a few hundred: one small answer the map keeps). A database
 * imported before landmarks existed gets them from the data directory on first use.
 */
export async function landmarksGeoJson(
  db: Db,
  dataDir: string | undefined,
): Promise<GeoJSON.FeatureCollection<GeoJSON.Point>> {
  const read = () =>
    db.query<{ kind: string; name: string; lon: number; lat: number }>(
      'SELECT kind, name, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM landmarks ORDER BY osm_id',
    );
  let rows = await read();
  if (rows.length === 0 && dataDir) {
    await db.transaction((tx) => importLandmarks(tx, dataDir));
    rows = await read();
  }
  return {
    type: 'FeatureCollection',
    features: rows.map((r) => ({
      type: 'Feature',
      properties: { kind: r.kind, name: r.name },
      geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
    })),
  };
}
