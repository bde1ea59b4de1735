import type { Deployment } from '../../deploy/cluster.js';
import { tileOf } from '../../tiles/tile-math.js';
import { decodeTile } from '../decode-tile.js';
import { Client } from '../http-client.js';

/** A browser-like client (session cookie, CSRF token) of one origin: the proxy or a single node. */
export const clientOf = (origin: string) => new Client({ request: (path, init) => fetch(origin + path, init) });

export interface WardPlace {
  code: string;
  /** its latest week with a level, and that level */
  week: string;
  level: number;
  /** the z12 tile holding its point on surface */
  tile: string;
}

/** Wards with their latest level, read straight from the primary. */
export async function wardsWithLevels(deployment: Deployment, count: number): Promise<WardPlace[]> {
  const rows = await deployment.postgres.sql<{ code: string; week: string; level: number; lon: number; lat: number }>(
    'primary',
    `SELECT u.code, l.week, l.level, ST_X(ST_PointOnSurface(u.geom)) AS lon, ST_Y(ST_PointOnSurface(u.geom)) AS lat
     FROM admin_units u JOIN current_levels l ON l.unit_level = 'ward' AND l.unit_code = u.code
     WHERE u.level = 'ward'
       AND l.week = (SELECT max(week) FROM current_levels WHERE unit_level = 'ward' AND unit_code = u.code)
     ORDER BY u.code LIMIT $1`,
    [count],
  );
  return rows.map((r) => {
    const [z, x, y] = tileOf(r.lon, r.lat, 12);
    return { code: r.code, week: r.week, level: r.level, tile: `/tiles/wards/${z}/${x}/${y}.mvt` };
  });
}

/** Another level than `level` (1–4). */
export const otherLevel = (level: number) => (level % 4) + 1;

/** The level the wards tile at `origin + path` shows for `ward`, with the answer's cache headers. */
export async function tileLevel(origin: string, path: string, ward: string) {
  const res = await fetch(origin + path, { headers: { 'Accept-Encoding': 'gzip' } });
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
  const feature = decodeTile(bytes).wards?.find((f) => f.properties.code === ward);
  return {
    level: feature?.properties.level as number | undefined,
    cache: res.headers.get('x-cache-status'),
    cacheControl: res.headers.get('cache-control'),
  };
}

/** The wards layer's data version a node (or the proxy) puts in tile URLs now. */
export async function wardsVersion(origin: string): Promise<string> {
  const json = (await (await fetch(`${origin}/tiles/wards.json`)).json()) as { version: string };
  return json.version;
}
