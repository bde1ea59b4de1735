import { gzipSync } from 'node:zlib';
import type { Db } from '../data/db.js';
import { ByteLru } from './cache.js';
import { ifNoneMatchHits } from './conditional.js';
import { LAYERS, type LayerDefinition, layerFields } from './layers.js';
import { createTileSource, type TileSource } from './source.js';

/** A built tile: raw and gzip bytes, ready to send. */
export interface Tile {
  raw: Uint8Array;
  gzip: Uint8Array;
  version: string;
  bytes: number;
}

export const acceptsGzip = (acceptEncoding: string | undefined) => acceptEncoding?.includes('gzip') ?? false;

/**
 * Status, headers and body of a tile response: one rule for the Hono route and the fast path.
 * `tile` is null for an empty tile and for a zoom outside the layer's TileJSON range: both 204.
 */
export function tileReply(
  layer: LayerDefinition,
  at: { z: number; x: number; y: number },
  tile: Tile | null,
  hit: boolean,
  request: { acceptEncoding?: string; ifNoneMatch?: string },
): { status: 200 | 204 | 304; headers: Record<string, string>; body: Uint8Array | null } {
  const headers: Record<string, string> = {
    'Cache-Control': `public, max-age=${layer.maxAgeS}`,
    Vary: 'Accept-Encoding',
    'X-Cache': hit ? 'hit' : 'miss',
    'X-Content-Type-Options': 'nosniff',
  };
  if (!tile) return { status: 204, headers, body: null };
  const gzip = acceptsGzip(request.acceptEncoding);
  headers.ETag = `"${layer.id}-${tile.version}-${at.z}-${at.x}-${at.y}${gzip ? '-gz' : ''}"`;
  if (ifNoneMatchHits(request.ifNoneMatch, headers.ETag)) return { status: 304, headers, body: null };
  headers['Content-Type'] = 'application/vnd.mapbox-vector-tile';
  if (gzip) headers['Content-Encoding'] = 'gzip';
  return { status: 200, headers, body: gzip ? tile.gzip : tile.raw };
}

const HANOI_BOUNDS = [105.28, 20.56, 106.03, 21.39];
const VERSION_TTL_MS = 1000;
/** How old a version reading the hit fast path may use while a fresh one is on its way. */
const STALE_OK_MS = 3000;

/**
 * Tiles for every layer, cached by (layer, data version, z, x, y). A write that bumps a layer's
 * row in `layer_versions` makes its old tiles unreachable; the LRU then drops them.
 *
 * The cache is per process. A shared cache (Redis, memcached) would sit behind the same key —
 * the key already names the data version, so nodes can share entries without coordination —
 * by replacing `ByteLru`'s get/set; nothing else here depends on where the bytes live.
 */
export class TileService {
  private sources = new Map<string, TileSource>();
  private cache: ByteLru<Tile | { empty: true; bytes: number }>;
  private versions: { at: number; clockAt: number; byLayer: Map<string, string> } = {
    at: 0,
    clockAt: 0,
    byLayer: new Map(),
  };

  /** `now` is the clock that layers with `clockVersionSql` judge validity against (tests move it). */
  constructor(
    private readonly db: Db,
    cacheBytes = 64 * 1024 * 1024,
    private readonly now: () => number = Date.now,
  ) {
    for (const layer of Object.values(LAYERS)) this.sources.set(layer.id, createTileSource(db, layer, now));
    this.cache = new ByteLru(cacheBytes);
  }

  layer(id: string): LayerDefinition | undefined {
    return this.sources.get(id)?.layer;
  }

  /**
   * Current data version of each layer (re-read at most once a second, of real or injected time).
   * A layer whose features change as time passes (expiry) adds what its `clockVersionSql` says.
   * One reading at a time: concurrent requests share it instead of each querying the database.
   */
  async layerVersions(): Promise<Map<string, string>> {
    const { age, clockMoved } = this.readingAge();
    if (age <= VERSION_TTL_MS && !clockMoved) return this.versions.byLayer;
    this.reading ??= this.readVersions(this.now()).finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  /** How old the version reading is in real time, and whether the injected clock has moved since. */
  private readingAge() {
    const age = Date.now() - this.versions.at;
    // the injected clock jumped (tests move it): further than real time went, or back
    const moved = this.now() - this.versions.clockAt;
    return { age, clockMoved: moved > age + VERSION_TTL_MS || moved < -VERSION_TTL_MS };
  }

  private reading: Promise<Map<string, string>> | undefined;
  /** moves on each invalidation: a reading begun before a write must not be kept as fresh */
  private generation = 0;

  private async readVersions(clock: number): Promise<Map<string, string>> {
    const generation = this.generation;
    const startedAt = Date.now();
    const rows = await this.db.query<{ layer: string; version: number }>(
      'SELECT layer, version::int AS version FROM layer_versions',
    );
    const byLayer = new Map<string, string>();
    for (const r of rows) {
      // the table also counts data that is not a tile layer (the boundaries' imports)
      if (!this.sources.has(r.layer)) continue;
      const sql = this.sources.get(r.layer)?.layer.clockVersionSql;
      const [tick] = sql ? await this.db.query<{ n: number }>(sql, [new Date(clock)]) : [];
      byLayer.set(r.layer, tick ? `${r.version}.${tick.n}` : String(r.version));
    }
    // the injected clock as it reads now, had it run with real time while the database answered
    const clockAt = clock + (Date.now() - startedAt);
    if (generation === this.generation) this.versions = { at: Date.now(), clockAt, byLayer };
    return byLayer;
  }

  /** Drops the remembered versions so the next request sees a write at once. */
  invalidateVersions(): void {
    this.versions.at = 0;
    this.generation++;
    this.reading = undefined;
  }

  /**
   * The tile (null when no feature touches it) and whether it came from the cache. A miss builds
   * it once: raw and gzip bytes are kept, so a hit costs no database and no compression.
   */
  async getTile(layerId: string, z: number, x: number, y: number): Promise<{ tile: Tile | null; hit: boolean }> {
    const source = this.sources.get(layerId);
    if (!source) throw new Error(`unknown layer ${layerId}`);
    const version = (await this.layerVersions()).get(layerId) ?? '0';
    const key = `${layerId}/${version}/${z}/${x}/${y}`;
    const cached = this.cache.get(key);
    if (cached) return { tile: 'empty' in cached ? null : cached, hit: true };
    const raw = await source.getTile(z, x, y);
    if (!raw) {
      this.cache.set(key, { empty: true, bytes: 64 });
      return { tile: null, hit: false };
    }
    // level 4: within ~3 % of level 6's size on tiles, at half its time on large ones
    const gzip = gzipSync(raw, { level: 4 });
    const tile = { raw, gzip, version, bytes: raw.length + gzip.length + 128 };
    this.cache.set(key, tile);
    return { tile, hit: false };
  }

  /**
   * A cached tile without waiting, or undefined when that needs the database (a miss, versions
   * too old, or a write by this process since they were read): the synchronous fast path for
   * hits (tiles/fast-path.ts).
   */
  peek(layerId: string, z: number, x: number, y: number): { tile: Tile | null } | undefined {
    const { age, clockMoved } = this.readingAge();
    if (age > VERSION_TTL_MS || clockMoved) {
      // re-read in the background; meanwhile a reading at most a few seconds old still answers,
      // unless this process wrote since (invalidation zeroes `at`) or the clock jumped
      this.layerVersions().catch(() => {});
      if (this.versions.at === 0 || age > STALE_OK_MS || clockMoved) return undefined;
    }
    const version = this.versions.byLayer.get(layerId);
    if (version === undefined) return undefined;
    const cached = this.cache.get(`${layerId}/${version}/${z}/${x}/${y}`);
    if (!cached) return undefined;
    return { tile: 'empty' in cached ? null : cached };
  }

  /** Every layer's current data version: what the web polls to know when to refetch tiles. */
  async versionTable(): Promise<Record<string, string>> {
    return Object.fromEntries(await this.layerVersions());
  }

  /** TileJSON 3.0 for a layer, with the data version in the tile URL so caches never mix versions. */
  async tileJson(layerId: string, origin: string) {
    const layer = this.layer(layerId);
    if (!layer) return undefined;
    const version = (await this.layerVersions()).get(layerId) ?? '0';
    return {
      tilejson: '3.0.0',
      name: layer.id,
      description: layer.description,
      version,
      scheme: 'xyz',
      tiles: [`${origin}/tiles/${layer.id}/{z}/{x}/{y}.mvt?v=${version}`],
      minzoom: layer.minzoom,
      maxzoom: layer.maxzoom,
      bounds: HANOI_BOUNDS,
      center: [105.8542, 21.0285, 12],
      attribution: ATTRIBUTION,
      vector_layers: [
        {
          id: layer.id,
          description: layer.description,
          minzoom: layer.minzoom,
          maxzoom: layer.maxzoom,
          fields: layerFields(layer),
        },
      ],
    };
  }
}

export const ATTRIBUTION =
  'Ranh giới/Boundaries: sapnhap.bando.com.vn via vietnamese-provinces-database (MIT) · Dân số/Population: GSO 2019 Census · Phông chữ/Fonts: Noto Sans (OFL) · © OpenStreetMap contributors';
