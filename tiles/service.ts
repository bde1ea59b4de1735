import { gzipSync } from 'node:zlib';
import type { Db } from '../data/db.js';
import { ByteLru } from './cache.js';
import { LAYERS, type LayerDefinition, layerFields } from './layers.js';
import { createTileSource, type TileSource } from './source.js';

/** A built tile: raw and gzip bytes, ready to send. */
export interface Tile {
  raw: Uint8Array;
  gzip: Uint8Array;
  version: string;
  bytes: number;
}

const HANOI_BOUNDS = [105.28, 20.56, 106.03, 21.39];
const VERSION_TTL_MS = 1000;

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
   * A layer whose features change as time passes (expiry) adds what its `clockVersionSql` counts.
   */
  async layerVersions(): Promise<Map<string, string>> {
    const clock = this.now();
    if (Date.now() - this.versions.at > VERSION_TTL_MS || Math.abs(clock - this.versions.clockAt) > VERSION_TTL_MS) {
      const rows = await this.db.query<{ layer: string; version: number }>(
        'SELECT layer, version::int AS version FROM layer_versions',
      );
      const byLayer = new Map<string, string>();
      for (const r of rows) {
        const sql = this.sources.get(r.layer)?.layer.clockVersionSql;
        const [tick] = sql ? await this.db.query<{ n: number }>(sql, [new Date(clock)]) : [];
        byLayer.set(r.layer, tick ? `${r.version}.${tick.n}` : String(r.version));
      }
      this.versions = { at: Date.now(), clockAt: clock, byLayer };
    }
    return this.versions.byLayer;
  }

  /** Drops the remembered versions so the next request sees a write at once. */
  invalidateVersions(): void {
    this.versions.at = 0;
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
    const gzip = gzipSync(raw, { level: 6 });
    const tile = { raw, gzip, version, bytes: raw.length + gzip.length + 128 };
    this.cache.set(key, tile);
    return { tile, hit: false };
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
