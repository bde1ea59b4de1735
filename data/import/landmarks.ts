import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Queryable } from '../db.js';

const FOLDER = 'osm-health-pois';

/**
 * Imports the named hospitals and pharmacies of `osm-health-pois` as landmarks, replacing the
 * previous set; call inside the import's transaction. Unnamed points are not landmarks.
 * Answers how many were imported (0 when the folder is absent).
 */
export async function importLandmarks(tx: Queryable, dir: string): Promise<number> {
  const folder = join(dir, FOLDER);
  if (!existsSync(folder)) return 0;
  const rows: { id: string; kind: string; name: string; lon: number; lat: number }[] = [];
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.geojson'))) {
    const fc = JSON.parse(readFileSync(join(folder, file), 'utf8')) as GeoJSON.FeatureCollection;
    for (const f of fc.features) {
      const p = (f.properties ?? {}) as Record<string, string>;
      const name = p.name?.trim();
      const kind = p.amenity === 'pharmacy' ? 'pharmacy' : p.healthcare ? 'hospital' : undefined;
      if (!name || !kind || f.geometry?.type !== 'Point') continue;
      const [lon, lat] = f.geometry.coordinates;
      rows.push({ id: p.osm_id ?? p['@id'] ?? `${file}#${rows.length}`, kind, name, lon, lat });
    }
  }
  await tx.query('DELETE FROM landmarks');
  await tx.query(
    `INSERT INTO landmarks (osm_id, kind, name, geom)
     SELECT r.id, r.kind, r.name, ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326)
     FROM jsonb_to_recordset($1::jsonb) AS r(id text, kind text, name text, lon float8, lat float8)
     ON CONFLICT (osm_id) DO NOTHING`,
    [JSON.stringify(rows)],
  );
  return rows.length;
}
