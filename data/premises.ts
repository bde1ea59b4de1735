import type { Account } from './accounts.js';
import type { Queryable } from './db.js';
import { foldVietnamese } from './import/normalize.js';

export const SECTORS = ['office', 'factory', 'shop_market', 'restaurant', 'school', 'lodging', 'other'] as const;
export type Sector = (typeof SECTORS)[number];

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

export interface Premises extends PremisesInput {
  id: string;
  ownerId: string;
  ward: { code: string; nameVi: string; nameEn: string; districtCode: string | null };
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = `p.id, p.owner_id, p.name, p.tax_code, p.sector, p.address, p.workers, p.floor_area_m2,
  ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat, p.created_at, p.updated_at,
  w.code AS ward_code, w.name_vi AS ward_name_vi, w.name_en AS ward_name_en, w.parent_code AS district_code`;
const FROM = `premises p JOIN admin_units w ON w.level = 'ward' AND w.code = p.ward_code`;

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
    createdAt: new Date(r.created_at as string).toISOString(),
    updatedAt: new Date(r.updated_at as string).toISOString(),
  };
}

export async function getPremises(db: Queryable, id: string): Promise<Premises | undefined> {
  const [row] = await db.query<Record<string, unknown>>(`SELECT ${COLUMNS} FROM ${FROM} WHERE p.id = $1`, [id]);
  return row ? toPremises(row) : undefined;
}

/** Inserts premises in the given ward and returns them. */
export async function insertPremises(db: Queryable, ownerId: string, wardCode: string, p: PremisesInput) {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO premises (owner_id, name, search_name, tax_code, sector, address, ward_code, workers, floor_area_m2, geom)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, ST_SetSRID(ST_MakePoint($10, $11), 4326)) RETURNING id`,
    [
      ownerId,
      p.name,
      foldVietnamese(p.name),
      p.taxCode,
      p.sector,
      p.address,
      wardCode,
      p.workers,
      p.floorAreaM2,
      p.lon,
      p.lat,
    ],
  );
  return getPremises(db, row.id) as Promise<Premises>;
}

export async function updatePremises(db: Queryable, id: string, wardCode: string, p: PremisesInput) {
  await db.query(
    `UPDATE premises SET name = $2, search_name = $3, tax_code = $4, sector = $5, address = $6, ward_code = $7,
       workers = $8, floor_area_m2 = $9, geom = ST_SetSRID(ST_MakePoint($10, $11), 4326), updated_at = now()
     WHERE id = $1`,
    [
      id,
      p.name,
      foldVietnamese(p.name),
      p.taxCode,
      p.sector,
      p.address,
      wardCode,
      p.workers,
      p.floorAreaM2,
      p.lon,
      p.lat,
    ],
  );
  return getPremises(db, id) as Promise<Premises>;
}

/**
 * The premises an account may see: a business its own; a ward officer those in their ward;
 * a district officer those in the district's wards; a city admin all.
 */
export async function listVisiblePremises(
  db: Queryable,
  who: Pick<Account, 'id' | 'role' | 'scope'>,
  opts: { q?: string; wardCode?: string; limit: number; offset: number },
): Promise<Premises[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM ${FROM}
     WHERE CASE $7::text
         WHEN 'business' THEN p.owner_id = $1::uuid
         WHEN 'ward_officer' THEN w.code = $2::text
         WHEN 'district_officer' THEN w.parent_code = $2::text
         WHEN 'city_admin' THEN true
         ELSE false END
       AND ($3::text IS NULL OR strpos(p.search_name, $3) > 0)
       AND ($4::text IS NULL OR w.code = $4)
     ORDER BY p.name, p.id LIMIT $5 OFFSET $6`,
    [
      who.id,
      who.scope?.code ?? null,
      opts.q ? foldVietnamese(opts.q) : null,
      opts.wardCode ?? null,
      opts.limit,
      opts.offset,
      who.role,
    ],
  );
  return rows.map(toPremises);
}
