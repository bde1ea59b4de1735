import { randomUUID } from 'node:crypto';
import type { WeeklySchedule } from '../../domain/opening-hours/schedule.js';
import { type TravelMode, travelTimes } from '../../domain/travel/travel.js';
import { prepared, type Queryable } from '../db.js';
import { foldVietnamese, searchMatchSql, searchRankSql, searchTerms } from '../import/normalize.js';
import { bumpLayerVersions } from '../layer-versions.js';
import { openStateAt, weeklySchedule } from './opening-hours.js';

import type { ResourceType } from './types.js';

export { RESOURCE_TYPES, type ResourceType } from './types.js';
export type ResourceStatus = 'open' | 'closed' | 'temporarily_closed';

export interface ResourceInput {
  type: ResourceType;
  name: string;
  address: string;
  lon: number;
  lat: number;
  phone: string | null;
  openingHours: string;
  services: Record<string, unknown>;
  capacity: number | null;
  stock: Record<string, unknown>;
  status: ResourceStatus;
  demo?: boolean;
  source?: string;
}

export interface Resource extends ResourceInput {
  id: string;
  demo: boolean;
  source: string;
  wardCode: string | null;
  stockUpdatedAt: string | null;
  updatedAt: string;
}

/** What a citizen sees in the nearest list: the place, how far, and whether it is open now. */
export interface NearbyResource extends Resource {
  distanceM: number;
  /** estimated minutes on foot, by motorbike and by car (domain/travel: speeds and detour factor) */
  travelMinutes: Record<TravelMode, number>;
  schedule: WeeklySchedule | null;
  openNow: boolean;
  openUnknown: boolean;
  nextChange: string | null;
}

const COLUMNS = `r.id, r.type, r.name, r.address, r.ward_code, r.phone, r.opening_hours, r.services, r.capacity,
  r.stock, r.stock_updated_at, r.status, r.demo, r.source, r.updated_at, ST_X(r.geom) AS lon, ST_Y(r.geom) AS lat`;

type Row = Record<string, unknown>;

export function toResource(r: Row): Resource {
  return {
    id: r.id as string,
    type: r.type as ResourceType,
    name: r.name as string,
    address: r.address as string,
    lon: r.lon as number,
    lat: r.lat as number,
    wardCode: (r.ward_code as string | null) ?? null,
    phone: (r.phone as string | null) ?? null,
    openingHours: r.opening_hours as string,
    services: (r.services as Record<string, unknown>) ?? {},
    capacity: (r.capacity as number | null) ?? null,
    stock: (r.stock as Record<string, unknown>) ?? {},
    stockUpdatedAt: r.stock_updated_at ? new Date(r.stock_updated_at as string).toISOString() : null,
    status: r.status as ResourceStatus,
    demo: r.demo as boolean,
    source: r.source as string,
    updatedAt: new Date(r.updated_at as string).toISOString(),
  };
}

/** What a resource is found by: its name, then its address, folded. */
const searchName = (r: { name: string; address: string }) => foldVietnamese(`${r.name} ${r.address}`);

/**
 * Inserts resources in one statement; each one's ward is the ward containing its point.
 * `stockUpdatedAt` per row (ISO) or now. Returns the new ids, in input order.
 */
export async function insertResources(
  db: Queryable,
  rows: (ResourceInput & { stockUpdatedAt?: string })[],
): Promise<string[]> {
  if (rows.length === 0) return [];
  const records = rows.map((r) => ({
    id: randomUUID(),
    type: r.type,
    name: r.name,
    search_name: searchName(r),
    address: r.address,
    phone: r.phone,
    opening_hours: r.openingHours,
    services: r.services,
    capacity: r.capacity,
    stock: r.stock,
    stock_updated_at: r.stockUpdatedAt ?? new Date().toISOString(),
    status: r.status,
    demo: r.demo ?? false,
    source: r.source ?? '',
    lon: r.lon,
    lat: r.lat,
  }));
  await db.query(
    `WITH input AS (
       SELECT x.*, ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326) AS pt
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, type text, name text, search_name text, address text, phone text,
         opening_hours text, services jsonb, capacity int, stock jsonb, stock_updated_at timestamptz, status text,
         demo boolean, source text, lon float8, lat float8)
     ), placed AS (
       SELECT input.*, ward_at(input.pt) AS ward_code FROM input
     )
     INSERT INTO resources (id, type, name, search_name, address, ward_code, phone, opening_hours, services, capacity,
       stock, stock_updated_at, status, demo, source, geom, geog, geom_3857)
     SELECT id, type, name, search_name, address, ward_code, phone, opening_hours, services, capacity, stock,
       stock_updated_at, status, demo, source, pt, pt::geography, ST_Transform(pt, 3857)
     FROM placed`,
    [JSON.stringify(records)],
  );
  await bumpLayerVersions(db, ['resources']);
  return records.map((r) => r.id);
}

/** The hours as a week in Hanoi time, or null for a stored value the parser refuses. */
export function scheduleOf(openingHours: string, now: Date): WeeklySchedule | null {
  try {
    return weeklySchedule(openingHours, now);
  } catch {
    return null;
  }
}

export async function getResource(db: Queryable, id: string): Promise<Resource | undefined> {
  const [row] = await db.query<Row>(`SELECT ${COLUMNS} FROM resources r WHERE r.id = $1`, [id]);
  return row ? toResource(row) : undefined;
}

export interface NearestQuery {
  lon: number;
  lat: number;
  types?: ResourceType[];
  /** a stock item that must be above zero: `oxygen_cylinders`, or a vaccine under `doses` */
  hasStock?: string;
  radiusM?: number;
  openNow?: boolean;
  limit: number;
  now: Date;
}

/**
 * The nearest resources to a point, nearest first, by distance on the sphere in metres.
 * The order comes from the GiST index on `geog` (KNN `<->`); permanently closed places are left
 * out; "open now" is judged in JS from the hours, so more candidates are read when it filters.
 */
export async function nearestResources(db: Queryable, q: NearestQuery): Promise<NearbyResource[]> {
  const candidates = q.openNow ? Math.min(500, q.limit * 8) : q.limit;
  const rows = await db.query<Row>(nearestStatement(q), [
    q.lon,
    q.lat,
    q.types && q.types.length > 0 ? q.types : null,
    q.radiusM ?? null,
    q.hasStock ?? null,
    candidates,
  ]);
  const out: NearbyResource[] = [];
  for (const row of rows) {
    const r = toResource(row);
    const state = r.status === 'open' ? openStateAt(r.openingHours, q.now) : undefined;
    const openNow = state?.open ?? false;
    if (q.openNow && !openNow) continue;
    const distanceM = Math.round((row.distance_m as number) * 10) / 10;
    out.push({
      ...r,
      distanceM,
      travelMinutes: travelTimes(distanceM),
      schedule: scheduleOf(r.openingHours, q.now),
      openNow,
      openUnknown: state?.unknown ?? false,
      nextChange: state?.nextChange ?? null,
    });
    if (out.length === q.limit) break;
  }
  return out;
}

/** The one nearest-first query: $1 lon, $2 lat, $3 types or null, $4 radius m or null, $5 stock item or null, $6 limit. */
export const nearestSql = `
SELECT ${COLUMNS}, ST_Distance(r.geog, p.g, false) AS distance_m
FROM resources r, (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography AS g) p
WHERE r.status <> 'closed'
  AND ($3::text[] IS NULL OR r.type = ANY($3::text[]))
  AND ($4::float8 IS NULL OR ST_DWithin(r.geog, p.g, $4::float8, false))
  AND ($5::text IS NULL OR coalesce((r.stock ->> $5)::numeric, (r.stock -> 'doses' ->> $5)::numeric, 0) > 0)
ORDER BY r.geog <-> p.g
LIMIT $6`;

/**
 * The same statement kept prepared (data/db.ts `prepared`) for the common ask, nearest of every
 * type: with a type, a radius or a stock item PostgreSQL plans each call. A generic plan walks the
 * distance index and filters, where a plan for the values can use the radius or the type's index:
 * a rare item within 2 km scanned all 100,000 places (250 ms instead of 2 ms).
 */
const preparedNearestSql = prepared(`${nearestSql}\n-- prepared`);

/** The nearest statement for a query's filters. */
export const nearestStatement = (q: { types?: readonly string[]; radiusM?: number; hasStock?: string }): string =>
  !q.types?.length && q.radiusM == null && q.hasStock == null ? preparedNearestSql : nearestSql;

/** Resources inside a bounding box, as GeoJSON features (for the map's list and exports). */
export async function resourcesInBbox(
  db: Queryable,
  bbox: [number, number, number, number],
  types: ResourceType[] | undefined,
  limit: number,
) {
  const rows = await db.query<Row>(
    `SELECT ${COLUMNS} FROM resources r
     WHERE r.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326) AND ($5::text[] IS NULL OR r.type = ANY($5::text[]))
     ORDER BY r.id LIMIT $6`,
    [...bbox, types && types.length > 0 ? types : null, limit],
  );
  return rows.map(toResource);
}

/** Replaces a resource's editable fields (not its stock) and re-derives its ward from the point. */
export async function updateResource(db: Queryable, id: string, r: ResourceInput): Promise<void> {
  await db.query(
    `WITH pt AS (SELECT ST_SetSRID(ST_MakePoint($9, $10), 4326) AS g)
     UPDATE resources SET type = $2, name = $3, search_name = $4, address = $5, phone = $6, opening_hours = $7,
       services = $8, geom = pt.g, geog = pt.g::geography, geom_3857 = ST_Transform(pt.g, 3857),
       ward_code = ward_at(pt.g),
       capacity = $11, status = $12, updated_at = now()
     FROM pt WHERE id = $1`,
    [
      id,
      r.type,
      r.name,
      searchName(r),
      r.address,
      r.phone,
      r.openingHours,
      JSON.stringify(r.services),
      r.lon,
      r.lat,
      r.capacity,
      r.status,
    ],
  );
  await bumpLayerVersions(db, ['resources']);
}

/**
 * Sets the stock now on hand; its time is the time of this update. Locks the row first and returns
 * the stock it replaced (undefined: no such resource), so parallel reports are applied one after
 * another (last writer wins) and each audit row's "before" is the report it replaced. Call inside
 * the write's transaction.
 */
export async function updateStock(
  tx: Queryable,
  id: string,
  stock: Record<string, unknown>,
  at: Date,
): Promise<{ before: Record<string, unknown> } | undefined> {
  const [old] = await tx.query<{ stock: Record<string, unknown> | null }>(
    'SELECT stock FROM resources WHERE id = $1 FOR UPDATE',
    [id],
  );
  if (!old) return undefined;
  await tx.query('UPDATE resources SET stock = $2, stock_updated_at = $3, updated_at = now() WHERE id = $1', [
    id,
    JSON.stringify(stock),
    at,
  ]);
  await bumpLayerVersions(tx, ['resources']);
  return { before: old.stock ?? {} };
}

/** Resources whose name or address holds every term of `q` (data/import/normalize.ts searchTerms):
 * `oxy` finds `ATM ô xy`, `tyt` a `Trạm y tế`, `le dai hanh` the places on Phố Lê Đại Hành. */
export async function searchResources(db: Queryable, q: string, limit: number): Promise<Resource[]> {
  const terms = searchTerms(q);
  if (terms.length === 0) return [];
  const rows = await db.query<Row>(
    `SELECT ${COLUMNS} FROM resources r WHERE r.status <> 'closed' AND ${searchMatchSql('r.search_name', '$1')}
     ORDER BY ${searchRankSql('r.search_name', '$1')}, r.name LIMIT $2`,
    [terms, limit],
  );
  return rows.map(toResource);
}
