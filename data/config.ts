import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Settings read from the environment, with the defaults the README states. */
export function readConfig(env: NodeJS.ProcessEnv = process.env) {
  const sharedData = fileURLToPath(new URL('../../shared/data', import.meta.url));
  return {
    port: Number(env.PORT ?? 8080),
    databaseUrl: env.DATABASE_URL || undefined,
    /**
     * `redis://host:port/db` (Redis or Valkey): rate limits counted there, shared by every API node.
     * Without it they are counted in PostgreSQL (DATABASE_URL), else in the process's memory.
     */
    redisUrl: env.REDIS_URL || undefined,
    dbDir: env.SAFEMAP_DB_DIR ?? `${PROJECT_ROOT}.safemap/db`,
    /** Absent when neither SAFEMAP_DATA_DIR nor ../shared/data exists. */
    dataDir: env.SAFEMAP_DATA_DIR ?? (existsSync(sharedData) ? sharedData : undefined),
    /** The built web app (SAFEMAP_WEB_DIST lets parallel work build and test its own copy). */
    webDist: env.SAFEMAP_WEB_DIST || `${PROJECT_ROOT}dist/web`,
    /** Session cookie `Secure` flag: `auto` (when the request came over TLS), `always` or `never`. */
    cookieSecure: (['always', 'never'].includes(env.SAFEMAP_COOKIE_SECURE ?? '')
      ? env.SAFEMAP_COOKIE_SECURE
      : 'auto') as 'auto' | 'always' | 'never',
    /**
     * The reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed: SAFEMAP_TRUSTED_PROXIES
     * (addresses and CIDR ranges, comma-separated), else loopback when SAFEMAP_TRUST_PROXY is 1/true, else none.
     */
    trustProxy: trustedProxies(env),
    /**
     * A streaming replica of DATABASE_URL (`postgres://…`) for safe public reads: levels, tiles,
     * nearest, wards. Writes, transactions and signed-in people's reads stay on the primary.
     */
    databaseReadUrl: env.DATABASE_URL ? env.DATABASE_READ_URL || undefined : undefined,
    /** Server processes sharing the port (PostgreSQL only; `auto`: one per CPU). */
    workers: env.SAFEMAP_WORKERS === 'auto' ? availableParallelism() : Math.max(1, Number(env.SAFEMAP_WORKERS || 1)),
    /** Memory for built tiles, in bytes (SAFEMAP_TILE_CACHE_MB, default 64). */
    tileCacheBytes: Number(env.SAFEMAP_TILE_CACHE_MB || 64) * 1024 * 1024,
    /** Where QR codes, certificate pages and TileJSON point (`https://safemap.hanoi.gov.vn`); the Host header is then never read. */
    publicUrl: env.SAFEMAP_PUBLIC_URL?.replace(/\/+$/, '') || undefined,
    /** Without a public URL, the Host names links may be built on (comma-separated); default loopback. */
    allowedHosts: (env.SAFEMAP_ALLOWED_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean),
    /** A ward's latest level is drawn stale when its week is more than this many days behind the city's newest. */
    levelStaleDays: Math.max(0, Number(env.SAFEMAP_LEVEL_STALE_DAYS || 14)),
    /** The basemap archive, .pmtiles or .mbtiles (default: the first in `<data directory>/basemap/`). */
    basemap: env.SAFEMAP_BASEMAP || undefined,
    /** `1-2`: levels from criteria 1 and 2 only (Hanoi's practice, Notice 768/TB-UBND); default all criteria. */
    levelCriteria: (env.SAFEMAP_LEVEL_CRITERIA === '1-2' ? '1-2' : 'all') as 'all' | '1-2',
  };
}

/** `false`, `true` (loopback) or the configured list; a malformed entry stops the start, never trusts silently. */
function trustedProxies(env: NodeJS.ProcessEnv): boolean | string[] {
  const list = (env.SAFEMAP_TRUSTED_PROXIES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of list) {
    const [address, prefix, extra] = entry.split('/');
    const version = isIP(address);
    const max = version === 6 ? 128 : 32;
    if (!version || extra !== undefined || (prefix !== undefined && !(/^\d+$/.test(prefix) && Number(prefix) <= max)))
      throw new Error(`SAFEMAP_TRUSTED_PROXIES: "${entry}" is not an address or CIDR range (10.0.0.0/8, ::1)`);
  }
  if (list.length > 0) return list;
  return env.SAFEMAP_TRUST_PROXY === '1' || env.SAFEMAP_TRUST_PROXY === 'true';
}
