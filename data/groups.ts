import type { Queryable } from './db.js';
import { foldVietnamese } from './import/normalize.js';
import { bumpLayerVersions } from './layer-versions.js';

/** A residential group (tổ dân phố) to import into a ward. */
export interface GroupInput {
  /** the part after the ward code (`00070-03` → `03`); absent: the next free number */
  suffix?: string;
  name: string;
  population: number;
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon;
}

export interface GroupProblem {
  feature: number;
  field: string;
  code: 'invalid_geometry' | 'outside_ward' | 'duplicate';
  message: string;
}

/** How much of a group may lie outside its ward (digitising slack along the boundary). */
const OUTSIDE_TOLERANCE = 0.02;

/**
 * Checks each group against its ward in the database: valid geometry, at most 2 % of its area
 * outside the ward. Returns every problem; an empty list means the import can go ahead.
 */
export async function checkGroups(db: Queryable, wardCode: string, groups: GroupInput[]): Promise<GroupProblem[]> {
  const rows = await db.query<{ i: number; valid: boolean; outside: number | null }>(
    `SELECT (g.ordinality - 1)::int AS i, ST_IsValid(ST_GeomFromGeoJSON(g.value)) AS valid,
       CASE WHEN ST_IsValid(ST_GeomFromGeoJSON(g.value)) THEN
         ST_Area(ST_Difference(ST_SetSRID(ST_GeomFromGeoJSON(g.value), 4326), w.geom)::geography)
           / nullif(ST_Area(ST_SetSRID(ST_GeomFromGeoJSON(g.value), 4326)::geography), 0)
       END AS outside
     FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY g, admin_units w
     WHERE w.level = 'ward' AND w.code = $1`,
    [wardCode, JSON.stringify(groups.map((g) => g.geometry))],
  );
  const problems: GroupProblem[] = [];
  for (const r of rows) {
    if (!r.valid)
      problems.push({
        feature: r.i,
        field: 'geometry',
        code: 'invalid_geometry',
        message: 'the polygon is not valid (self-intersecting or open)',
      });
    else if ((r.outside ?? 1) > OUTSIDE_TOLERANCE) {
      problems.push({
        feature: r.i,
        field: 'geometry',
        code: 'outside_ward',
        message: `${Math.round((r.outside ?? 1) * 100)}% of it lies outside ward ${wardCode}`,
      });
    }
  }
  const seen = new Set<string>();
  groups.forEach((g, i) => {
    if (!g.suffix) return;
    if (seen.has(g.suffix))
      problems.push({ feature: i, field: 'code', code: 'duplicate', message: `code ${g.suffix} appears twice` });
    seen.add(g.suffix);
  });
  return problems.sort((a, b) => a.feature - b.feature);
}

/** Inserts or replaces groups of a ward (call after checkGroups, inside a transaction); returns their codes. */
export async function saveGroups(tx: Queryable, wardCode: string, groups: GroupInput[]): Promise<string[]> {
  const existing = await tx.query<{ code: string }>(
    `SELECT code FROM admin_units WHERE level = 'group' AND parent_code = $1`,
    [wardCode],
  );
  let next = Math.max(0, ...existing.map((e) => Number(e.code.split('-')[1]) || 0)) + 1;
  const codes: string[] = [];
  for (const g of groups) {
    const code = `${wardCode}-${g.suffix ?? String(next++).padStart(2, '0')}`;
    codes.push(code);
    await tx.query(
      `INSERT INTO admin_units (level, code, province_code, parent_code, name_vi, name_en, full_name_vi, full_name_en,
         search_name, population, population_source, population_estimated, area_km2, geom, geom_3857, valid_from)
       SELECT 'group', $1, w.province_code, w.code, $2, $2, $2 || ', ' || w.full_name_vi, $2 || ', ' || w.full_name_en,
         $3, $4, 'official import', false, ST_Area(g::geography) / 1e6, g, ST_Transform(g, 3857), current_date
       FROM admin_units w, ST_Multi(ST_CollectionExtract(ST_Intersection(
         ST_SetSRID(ST_GeomFromGeoJSON($5), 4326), (SELECT geom FROM admin_units WHERE level = 'ward' AND code = $6)), 3)) g
       WHERE w.level = 'ward' AND w.code = $6
       ON CONFLICT (level, code) DO UPDATE SET name_vi = EXCLUDED.name_vi, name_en = EXCLUDED.name_en,
         full_name_vi = EXCLUDED.full_name_vi, full_name_en = EXCLUDED.full_name_en, search_name = EXCLUDED.search_name,
         population = EXCLUDED.population, area_km2 = EXCLUDED.area_km2, geom = EXCLUDED.geom, geom_3857 = EXCLUDED.geom_3857`,
      [code, g.name, foldVietnamese(g.name), g.population, JSON.stringify(g.geometry), wardCode],
    );
  }
  await bumpLayerVersions(tx, ['groups']);
  return codes;
}

/** A ward's groups with the latest level of each, as GeoJSON. */
export async function groupsOfWard(db: Queryable, wardCode: string) {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT g.code, g.name_vi, g.population, ST_AsGeoJSON(g.geom, 6) AS geometry,
       ST_AsGeoJSON(ST_PointOnSurface(g.geom), 6) AS center, l.level, l.week, l.confirmed
     FROM admin_units g
     LEFT JOIN LATERAL (
       SELECT level, week, confirmed FROM current_levels c
       WHERE c.unit_level = 'group' AND c.unit_code = g.code ORDER BY week DESC LIMIT 1
     ) l ON true
     WHERE g.level = 'group' AND g.parent_code = $1 ORDER BY g.code`,
    [wardCode],
  );
  return {
    type: 'FeatureCollection' as const,
    features: rows.map((r) => ({
      type: 'Feature' as const,
      id: r.code as string,
      properties: {
        code: r.code as string,
        name: r.name_vi as string,
        population: r.population as number,
        level: (r.level as number | null) ?? null,
        week: (r.week as string | null) ?? null,
        confirmed: (r.confirmed as boolean | null) ?? false,
        center: JSON.parse(r.center as string).coordinates as [number, number],
      },
      geometry: JSON.parse(r.geometry as string) as GeoJSON.MultiPolygon,
    })),
  };
}
