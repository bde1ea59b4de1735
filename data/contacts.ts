import type { UnitRef } from './accounts.js';
import type { Queryable } from './db.js';

/** Whom citizens of a unit call and where its health station is; kept by its officials. */
export interface UnitContact {
  hotline: string | null;
  healthStationName: string | null;
  healthStationAddress: string | null;
  healthStationPhone: string | null;
  noteVi: string | null;
  noteEn: string | null;
  updatedAt: string | null;
}

export const EMPTY_CONTACT: UnitContact = {
  hotline: null,
  healthStationName: null,
  healthStationAddress: null,
  healthStationPhone: null,
  noteVi: null,
  noteEn: null,
  updatedAt: null,
};

export async function getContact(db: Queryable, unit: UnitRef): Promise<UnitContact> {
  const [r] = await db.query<Record<string, unknown>>('SELECT * FROM unit_contacts WHERE level = $1 AND code = $2', [
    unit.level,
    unit.code,
  ]);
  if (!r) return EMPTY_CONTACT;
  return {
    hotline: r.hotline as string | null,
    healthStationName: r.health_station_name as string | null,
    healthStationAddress: r.health_station_address as string | null,
    healthStationPhone: r.health_station_phone as string | null,
    noteVi: r.note_vi as string | null,
    noteEn: r.note_en as string | null,
    updatedAt: new Date(r.updated_at as string).toISOString(),
  };
}

/** Replaces the unit's contact (absent fields become empty) and returns it. */
export async function putContact(
  db: Queryable,
  unit: UnitRef,
  c: Omit<UnitContact, 'updatedAt'>,
  accountId: string,
): Promise<UnitContact> {
  await db.query(
    `INSERT INTO unit_contacts (level, code, hotline, health_station_name, health_station_address,
       health_station_phone, note_vi, note_en, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (level, code) DO UPDATE SET hotline = $3, health_station_name = $4, health_station_address = $5,
       health_station_phone = $6, note_vi = $7, note_en = $8, updated_by = $9, updated_at = now()`,
    [
      unit.level,
      unit.code,
      c.hotline,
      c.healthStationName,
      c.healthStationAddress,
      c.healthStationPhone,
      c.noteVi,
      c.noteEn,
      accountId,
    ],
  );
  return getContact(db, unit);
}
