import type { RiskClass } from '../domain/rules/assessment/score.js';
import type { Sector } from '../domain/rules/assessment/sectors.js';
import type { Account } from './accounts.js';
import type { Queryable } from './db.js';
import { foldVietnamese } from './import/normalize.js';

export interface PremisesInput {
  name: string;
  taxCode: string;
  sector: Sector;
  address: string;
  lon: number;
  lat: number;
  workers: number;
  floorAreaM2: number;
}

/** The assessment that counts now, as a list or a badge shows it. */
export interface LatestAssessment {
  id: string;
  points: number;
  riskIndex: number;
  riskClass: RiskClass;
  submittedAt: string;
  validUntil: string;
  /** `expired` once valid-until has passed: never shown as safe */
  status: 'valid' | 'expired';
  certificateCode: string;
  flagged: boolean;
}

export interface Premises extends PremisesInput {
  id: string;
  ownerId: string;
  ward: { code: string; nameVi: string; nameEn: string; districtCode: string | null };
  /** the ward's level in the latest week with levels; null without figures */
  level: { level: number; week: string; confirmed: boolean } | null;
  latest: LatestAssessment | null;
  createdAt: string;
  updatedAt: string;
}

/** Days before valid-until from which an assessment counts as expiring (officials' filter). */
export const EXPIRING_DAYS = 7;

export type PremisesState = 'valid' | 'expiring' | 'expired' | 'none' | 'flagged';

// `$1` is always the clock (timestamptz) against which validity is judged
const COLUMNS = `p.id, p.owner_id, p.name, p.tax_code, p.sector, p.address, p.workers, p.floor_area_m2,
  ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat, p.created_at, p.updated_at,
  w.code AS ward_code, w.name_vi AS ward_name_vi, w.name_en AS ward_name_en, w.parent_code AS district_code,
  lv.lv_level, lv.lv_week, lv.lv_confirmed,
  la.id AS a_id, la.points::float8 AS a_points, la.risk_index::float8 AS a_risk_index, la.risk_class AS a_class,
  la.submitted_at AS a_submitted_at, la.valid_until AS a_valid_until, la.certificate_code AS a_code,
  la.flagged_at IS NOT NULL AS a_flagged, la.valid_until <= $1::timestamptz AS a_expired`;
const FROM = `premises p JOIN admin_units w ON w.level = 'ward' AND w.code = p.ward_code
  LEFT JOIN latest_ward_levels lv ON lv.unit_code = p.ward_code
  LEFT JOIN latest_assessments la ON la.premises_id = p.id`;

function toPremises(r: Record<string, unknown>): Premises {
  return {
    id: r.id as string,
    ownerId: r.owner_id as string,
    name: r.name as string,
    taxCode: r.tax_code as string,
    sector: r.sector as Sector,
    address: r.address as string,
    lon: r.lon as number,
    lat: r.lat as number,
    workers: r.workers as number,
    floorAreaM2: r.floor_area_m2 as number,
    ward: {
      code: r.ward_code as string,
      nameVi: r.ward_name_vi as string,
      nameEn: r.ward_name_en as string,
      districtCode: (r.district_code as string | null) ?? null,
    },
    level:
      r.lv_level == null
        ? null
        : { level: r.lv_level as number, week: r.lv_week as string, confirmed: r.lv_confirmed as boolean },
    latest:
      r.a_id == null
        ? null
        : {
            id: r.a_id as string,
            points: r.a_points as number,
            riskIndex: r.a_risk_index as number,
            riskClass: r.a_class as RiskClass,
            submittedAt: new Date(r.a_submitted_at as string).toISOString(),
            validUntil: new Date(r.a_valid_until as string).toISOString(),
            status: r.a_expired ? 'expired' : 'valid',
            certificateCode: r.a_code as string,
            flagged: r.a_flagged as boolean,
          },
    createdAt: new Date(r.created_at as string).toISOString(),
    updatedAt: new Date(r.updated_at as string).toISOString(),
  };
}

export async function getPremises(db: Queryable, id: string, now: Date): Promise<Premises | undefined> {
  const [row] = await db.query<Record<string, unknown>>(`SELECT ${COLUMNS} FROM ${FROM} WHERE p.id = $2`, [now, id]);
  return row ? toPremises(row) : undefined;
}

/** The values of `$2`…`$11` in both writes: name, search name, tax code, sector, address, ward, workers, area, lon, lat. */
const premisesValues = (wardCode: string, p: PremisesInput) => [
  p.name,
  foldVietnamese(`${p.name} ${p.address}`), // found by name or street
  p.taxCode,
  p.sector,
  p.address,
  wardCode,
  p.workers,
  p.floorAreaM2,
  p.lon,
  p.lat,
];

/** Inserts premises in the given ward and returns them. */
export async function insertPremises(db: Queryable, ownerId: string, wardCode: string, p: PremisesInput, now: Date) {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO premises (owner_id, name, search_name, tax_code, sector, address, ward_code, workers, floor_area_m2, geom)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, ST_SetSRID(ST_MakePoint($10, $11), 4326)) RETURNING id`,
    [ownerId, ...premisesValues(wardCode, p)],
  );
  return getPremises(db, row.id, now) as Promise<Premises>;
}

export async function updatePremises(db: Queryable, id: string, wardCode: string, p: PremisesInput, now: Date) {
  await db.query(
    `UPDATE premises SET name = $2, search_name = $3, tax_code = $4, sector = $5, address = $6, ward_code = $7,
       workers = $8, floor_area_m2 = $9, geom = ST_SetSRID(ST_MakePoint($10, $11), 4326), updated_at = now()
     WHERE id = $1`,
    [id, ...premisesValues(wardCode, p)],
  );
  return getPremises(db, id, now) as Promise<Premises>;
}

/**
 * The premises an account may see: a business its own; a ward officer those in their ward;
 * a district officer those in the district's wards; a city admin all. Officials filter by the
 * latest assessment's class and state.
 */
export async function listVisiblePremises(
  db: Queryable,
  who: Pick<Account, 'id' | 'role' | 'scope'>,
  opts: {
    q?: string;
    wardCode?: string;
    riskClass?: RiskClass;
    state?: PremisesState;
    now: Date;
    limit: number;
    offset: number;
  },
): Promise<Premises[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM ${FROM}
     WHERE CASE $8::text
         WHEN 'business' THEN p.owner_id = $2::uuid
         WHEN 'ward_officer' THEN w.code = $3::text
         WHEN 'district_officer' THEN w.parent_code = $3::text
         WHEN 'city_admin' THEN true
         ELSE false END
       AND ($4::text IS NULL OR strpos(p.search_name, $4) > 0)
       AND ($5::text IS NULL OR w.code = $5)
       AND ($9::text IS NULL OR la.risk_class = $9)
       AND CASE $10::text
         WHEN 'none' THEN la.id IS NULL
         WHEN 'valid' THEN la.valid_until > $1::timestamptz
         WHEN 'expiring' THEN la.valid_until > $1::timestamptz
           AND la.valid_until <= $1::timestamptz + make_interval(days => ${EXPIRING_DAYS})
         WHEN 'expired' THEN la.valid_until <= $1::timestamptz
         WHEN 'flagged' THEN la.flagged_at IS NOT NULL
         ELSE true END
     ORDER BY p.name, p.id LIMIT $6 OFFSET $7`,
    [
      opts.now,
      who.id,
      who.scope?.code ?? null,
      opts.q ? foldVietnamese(opts.q) : null,
      opts.wardCode ?? null,
      opts.limit,
      opts.offset,
      who.role,
      opts.riskClass ?? null,
      opts.state ?? null,
    ],
  );
  return rows.map(toPremises);
}
