import type { Queryable } from './db.js';
import { searchMatchSql, searchRankSql, searchTerms } from './import/normalize.js';

export interface WardSummary {
  code: string;
  nameVi: string;
  nameEn: string;
  fullNameVi: string;
  fullNameEn: string;
  population: number | null;
  populationEstimated: boolean;
  areaKm2: number | null;
  district: { code: string; nameVi: string; nameEn: string } | null;
  /** A point inside the ward, [lon, lat]: where its label and panel anchor go. */
  center: [number, number];
}

export interface WardDetail extends WardSummary {
  populationSource: string | null;
  densityPerKm2: number | null;
  bbox: [number, number, number, number];
  geometry: GeoJSON.MultiPolygon;
}

const SUMMARY_COLUMNS = `w.code, w.name_vi, w.name_en, w.full_name_vi, w.full_name_en, w.population,
  w.population_estimated, w.area_km2, d.code AS district_code, d.name_vi AS district_name_vi,
  d.name_en AS district_name_en, ST_AsGeoJSON(ST_PointOnSurface(w.geom), 6) AS center`;
const FROM_WARDS = `admin_units w LEFT JOIN admin_units d ON d.level = 'district' AND d.code = w.parent_code
  WHERE w.level = 'ward'`;

type Row = Record<string, unknown>;

function toSummary(r: Row): WardSummary {
  return {
    code: r.code as string,
    nameVi: r.name_vi as string,
    nameEn: r.name_en as string,
    fullNameVi: r.full_name_vi as string,
    fullNameEn: r.full_name_en as string,
    population: (r.population as number | null) ?? null,
    populationEstimated: r.population_estimated as boolean,
    areaKm2: r.area_km2 == null ? null : Math.round((r.area_km2 as number) * 100) / 100,
    district: r.district_code
      ? { code: r.district_code as string, nameVi: r.district_name_vi as string, nameEn: r.district_name_en as string }
      : null,
    center: JSON.parse(r.center as string).coordinates,
  };
}

/**
 * Wards whose names contain `q`, ignoring case and diacritics (`hoan kiem` finds `Hoàn Kiếm`);
 * names that start with the query come first. Without `q`, all wards by name.
 */
export async function listWards(
  db: Queryable,
  opts: { q?: string; district?: string; limit?: number } = {},
): Promise<WardSummary[]> {
  const params: unknown[] = [];
  let where = '';
  let order = 'w.name_vi';
  if (opts.q) {
    params.push(searchTerms(opts.q));
    where += ` AND ${searchMatchSql('w.search_name', '$1')}`;
    order = `${searchRankSql('w.search_name', '$1')}, w.name_vi`;
  }
  if (opts.district) {
    params.push(opts.district);
    where += ` AND w.parent_code = $${params.length}`;
  }
  params.push(opts.limit ?? 200);
  const rows = await db.query<Row>(
    `SELECT ${SUMMARY_COLUMNS} FROM ${FROM_WARDS}${where} ORDER BY ${order} LIMIT $${params.length}`,
    params,
  );
  return rows.map(toSummary);
}

/** One ward with its geometry, or undefined. */
export async function getWard(db: Queryable, code: string): Promise<WardDetail | undefined> {
  const [r] = await db.query<Row>(
    `SELECT ${SUMMARY_COLUMNS}, w.population_source,
       ST_XMin(w.geom) AS x0, ST_YMin(w.geom) AS y0, ST_XMax(w.geom) AS x1, ST_YMax(w.geom) AS y1
     FROM ${FROM_WARDS} AND w.code = $1`,
    [code],
  );
  if (!r) return undefined;
  const summary = toSummary(r);
  return {
    ...summary,
    populationSource: (r.population_source as string | null) ?? null,
    densityPerKm2: summary.population && summary.areaKm2 ? Math.round(summary.population / summary.areaKm2) : null,
    bbox: [r.x0, r.y0, r.x1, r.y1].map((v) => Math.round((v as number) * 1e6) / 1e6) as WardDetail['bbox'],
    geometry: (await wardGeometries(db, [code])).get(code) as GeoJSON.MultiPolygon,
  };
}

/**
 * The one way a ward's outline becomes GeoJSON: `admin_units.geom_geojson` (migration 013), a
 * MultiPolygon to 6 decimals, snap-rounded so it stays valid, outer rings counter-clockwise; by
 * code, all wards when `codes` is absent.
 */
export async function wardGeometries(
  db: Queryable,
  codes?: readonly string[],
): Promise<Map<string, GeoJSON.MultiPolygon>> {
  const rows = await db.query<{ code: string; geometry: string }>(
    `SELECT code, geom_geojson AS geometry FROM admin_units
     WHERE level = 'ward' AND ($1::text[] IS NULL OR code = ANY($1::text[])) ORDER BY code`,
    [codes ?? null],
  );
  return new Map(rows.map((r) => [r.code, JSON.parse(r.geometry)]));
}

/** A feature of an export as GeoJSON texts: its id (the ward code, also the key the next batch starts after), properties and geometry. */
export interface FeatureText {
  key: string;
  properties: string;
  /** ASCII: numbers and brackets */
  geometry: string;
}

/**
 * Wards as GeoJSON features (their summary without the label point as properties), at most
 * `limit` by code after `after`: /api/wards.geojson reads them a batch at a time. Built in SQL
 * from the stored outline, so none is snap-rounded, parsed or serialised again per request.
 */
export async function wardFeatures(db: Queryable, after: string | null, limit: number): Promise<FeatureText[]> {
  return db.query<FeatureText>(
    `SELECT w.code AS key, w.geom_geojson AS geometry, json_build_object(
         'code', w.code, 'nameVi', w.name_vi, 'nameEn', w.name_en, 'fullNameVi', w.full_name_vi,
         'fullNameEn', w.full_name_en, 'population', w.population, 'populationEstimated', w.population_estimated,
         'areaKm2', round(w.area_km2::numeric, 2)::float8,
         'district', CASE WHEN d.code IS NOT NULL THEN json_build_object('code', d.code, 'nameVi', d.name_vi, 'nameEn', d.name_en) END
       )::text AS properties
     FROM ${FROM_WARDS} AND ($1::text IS NULL OR w.code > $1) ORDER BY w.code LIMIT $2`,
    [after, limit],
  );
}

/** Every ward with its former district: what scopes and reports are built from. */
export async function wardDirectory(db: Queryable) {
  const rows = await db.query<{
    code: string;
    name_vi: string;
    name_en: string;
    district_code: string | null;
    district_name_vi: string | null;
  }>(
    `SELECT w.code, w.name_vi, w.name_en, d.code AS district_code, d.name_vi AS district_name_vi
     FROM ${FROM_WARDS} ORDER BY w.code`,
  );
  return rows.map((r) => ({
    code: r.code,
    nameVi: r.name_vi,
    nameEn: r.name_en,
    districtCode: r.district_code,
    districtNameVi: r.district_name_vi,
  }));
}

export interface DistrictSummary {
  code: string;
  nameVi: string;
  nameEn: string;
  fullNameVi: string;
  population: number | null;
  wardCodes: string[];
}

/** The 30 former districts, each the named set of its wards. */
export async function listDistricts(db: Queryable): Promise<DistrictSummary[]> {
  const rows = await db.query<Row>(
    `SELECT d.code, d.name_vi, d.name_en, d.full_name_vi, d.population,
       (SELECT array_agg(w.code ORDER BY w.code) FROM admin_units w WHERE w.level = 'ward' AND w.parent_code = d.code) AS ward_codes
     FROM admin_units d WHERE d.level = 'district' ORDER BY d.name_vi`,
  );
  return rows.map((r) => ({
    code: r.code as string,
    nameVi: r.name_vi as string,
    nameEn: r.name_en as string,
    fullNameVi: r.full_name_vi as string,
    population: (r.population as number | null) ?? null,
    wardCodes: (r.ward_codes as string[] | null) ?? [],
  }));
}

/** The ward each point [lon, lat] falls in (`ward_at` in the database), null outside Hanoi, in input order. */
export async function wardsAt(db: Queryable, points: [number, number][]): Promise<(string | null)[]> {
  const rows = await db.query<{ i: number; code: string | null }>(
    `SELECT (p.ordinality - 1)::int AS i,
       ward_at(ST_SetSRID(ST_MakePoint((p.value->>0)::float8, (p.value->>1)::float8), 4326)) AS code
     FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY p`,
    [JSON.stringify(points)],
  );
  const out: (string | null)[] = points.map(() => null);
  for (const r of rows) out[r.i] = r.code;
  return out;
}

/** Whether a ward with this code exists. */
export async function wardExists(db: Queryable, code: string): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM admin_units WHERE level = 'ward' AND code = $1`, [code])).length > 0;
}

/** A point inside the ward [lon, lat] (where searches from the ward start), or undefined. */
export async function wardOrigin(db: Queryable, code: string): Promise<[number, number] | undefined> {
  const [w] = await db.query<{ lon: number; lat: number }>(
    `SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM admin_units
     WHERE level = 'ward' AND code = $1`,
    [code],
  );
  return w ? [w.lon, w.lat] : undefined;
}
