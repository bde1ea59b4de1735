import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { Compression, PMTiles, TileType } from 'pmtiles';
import { ByteLru } from '../cache.js';
import { LocalFileSource } from './file-source.js';

const GZIP_CACHE_BYTES = 32 * 1024 * 1024;

/** The vector tile schemas the web style can draw. */
export type BasemapSchema = 'protomaps' | 'openmaptiles';

export interface VectorLayer {
  id: string;
  description: string;
  minzoom: number;
  maxzoom: number;
  fields: Record<string, string>;
}

/** What the TileJSON and the web app need to know about the archive. */
export interface BasemapInfo {
  file: string;
  format: 'pmtiles' | 'mbtiles';
  schema: BasemapSchema;
  /** changes with the file (mtime and size): part of every tile URL */
  version: string;
  name: string;
  description: string;
  minzoom: number;
  maxzoom: number;
  bounds: [number, number, number, number];
  center: [number, number, number];
  attribution: string;
  vector_layers: VectorLayer[];
}

/** A tile as stored: `gzip` says whether the bytes are gzip-compressed. */
export interface StoredTile {
  data: Uint8Array;
  gzip: boolean;
}

export interface Basemap {
  info: BasemapInfo;
  /** z/x/y in the XYZ scheme; null when the archive has no such tile */
  getTile(z: number, x: number, y: number): Promise<StoredTile | null>;
  close(): Promise<void>;
}

/** An archive that cannot be served: the message names the file and says why. */
export class BasemapError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'BasemapError';
  }
}

/** Opens a PMTiles (.pmtiles) or MBTiles (.mbtiles) archive and checks that it holds vector tiles of a known schema. */
export async function openBasemap(file: string): Promise<Basemap> {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(file);
  } catch (error) {
    throw new BasemapError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  if (!stat.isFile()) throw new BasemapError(file, 'is not a file');
  const version = createHash('sha1').update(`${stat.mtimeMs}:${stat.size}`).digest('hex').slice(0, 12);
  try {
    return file.toLowerCase().endsWith('.mbtiles') ? openMbtiles(file, version) : await openPmtiles(file, version);
  } catch (error) {
    if (error instanceof BasemapError) throw error;
    throw new BasemapError(
      file,
      `is not a readable ${file.toLowerCase().endsWith('.mbtiles') ? 'MBTiles' : 'PMTiles'} archive (${(error as Error).message})`,
    );
  }
}

async function openPmtiles(file: string, version: string): Promise<Basemap> {
  const source = await LocalFileSource.open(file);
  try {
    const archive = new PMTiles(source);
    const header = await archive.getHeader();
    if (header.tileType !== TileType.Mvt) throw new BasemapError(file, 'holds no vector (MVT) tiles');
    const metadata = ((await archive.getMetadata()) ?? {}) as Record<string, unknown>;
    const info = describe(file, 'pmtiles', version, {
      ...metadata,
      minzoom: header.minZoom,
      maxzoom: header.maxZoom,
      bounds: [header.minLon, header.minLat, header.maxLon, header.maxLat],
      center: [header.centerLon, header.centerLat, header.centerZoom],
    });
    if (header.tileCompression !== Compression.Gzip && header.tileCompression !== Compression.None)
      throw new BasemapError(
        file,
        `tiles are compressed with an unsupported method (${Compression[header.tileCompression]})`,
      );
    // the library hands tiles out decompressed: gzip each once and keep it
    const cache = new ByteLru<StoredTile & { bytes: number }>(GZIP_CACHE_BYTES);
    return {
      info,
      async getTile(z, x, y) {
        const key = `${z}/${x}/${y}`;
        const cached = cache.get(key);
        if (cached) return cached;
        const found = await archive.getZxy(z, x, y);
        if (!found) return null;
        const data = new Uint8Array(gzipSync(new Uint8Array(found.data), { level: 4 }));
        const tile = { data, gzip: true, bytes: data.length + 64 };
        cache.set(key, tile);
        return tile;
      },
      close: () => source.close(),
    };
  } catch (error) {
    await source.close();
    throw error;
  }
}

function openMbtiles(file: string, version: string): Basemap {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT name, value FROM metadata').all() as { name: string; value: string }[];
    const meta: Record<string, unknown> = {};
    for (const { name, value } of rows) meta[name] = value;
    if (meta.format !== 'pbf') throw new BasemapError(file, `holds "${meta.format}" tiles, not vector tiles (pbf)`);
    // OpenMapTiles-style MBTiles keep vector_layers in the `json` row
    const json = typeof meta.json === 'string' ? (JSON.parse(meta.json) as Record<string, unknown>) : {};
    const numbers = (v: unknown) => (typeof v === 'string' ? v.split(',').map(Number) : undefined);
    const info = describe(file, 'mbtiles', version, {
      ...meta,
      ...json,
      minzoom: Number(meta.minzoom ?? 0),
      maxzoom: Number(meta.maxzoom ?? 14),
      bounds: numbers(meta.bounds),
      center: numbers(meta.center),
    });
    const select = db.prepare<[number, number, number], { tile_data: Buffer }>(
      'SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?',
    );
    return {
      info,
      async getTile(z, x, y) {
        // MBTiles rows count from the south (TMS)
        const row = select.get(z, x, 2 ** z - 1 - y);
        if (!row) return null;
        const data = new Uint8Array(row.tile_data);
        return { data, gzip: data[0] === 0x1f && data[1] === 0x8b };
      },
      close: async () => {
        db.close();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

const HANOI_BOUNDS: [number, number, number, number] = [105.28, 20.56, 106.02, 21.39];

/** TileJSON fields from the archive's metadata, and which schema its layers follow. */
function describe(
  file: string,
  format: BasemapInfo['format'],
  version: string,
  meta: Record<string, unknown>,
): BasemapInfo {
  const layers = Array.isArray(meta.vector_layers) ? (meta.vector_layers as Partial<VectorLayer>[]) : [];
  const ids = new Set(layers.map((l) => l.id));
  const schema: BasemapSchema | undefined =
    ids.has('roads') && ids.has('earth') ? 'protomaps' : ids.has('transportation') ? 'openmaptiles' : undefined;
  if (!schema)
    throw new BasemapError(
      file,
      `its layers (${[...ids].join(', ') || 'none listed'}) are neither the Protomaps basemap schema nor OpenMapTiles`,
    );
  const minzoom = Number(meta.minzoom ?? 0);
  const maxzoom = Number(meta.maxzoom ?? 14);
  const bounds = validBounds(meta.bounds) ?? HANOI_BOUNDS;
  const center = Array.isArray(meta.center) && meta.center.length === 3 ? (meta.center as number[]) : undefined;
  return {
    file,
    format,
    schema,
    version,
    name: String(meta.name ?? 'basemap'),
    description: String(meta.description ?? ''),
    minzoom,
    maxzoom,
    bounds,
    center: center?.every(Number.isFinite)
      ? [center[0], center[1], center[2]]
      : [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, Math.min(maxzoom, 12)],
    attribution: attribution(meta),
    vector_layers: layers.map((l) => ({
      id: String(l.id),
      description: String(l.description ?? ''),
      minzoom: Number(l.minzoom ?? minzoom),
      maxzoom: Number(l.maxzoom ?? maxzoom),
      fields: Object.fromEntries(Object.entries(l.fields ?? {}).map(([k, v]) => [k, String(v)])),
    })),
  };
}

function validBounds(value: unknown): [number, number, number, number] | undefined {
  if (!Array.isArray(value) || value.length !== 4 || !value.every(Number.isFinite)) return undefined;
  const [w, s, e, n] = value as number[];
  return w < e && s < n ? [w, s, e, n] : undefined;
}

/**
 * The basemap's credit: the archive's own attribution (tags stripped) or the tool that built it,
 * always with "© OpenStreetMap contributors" (ODbL requires it).
 */
function attribution(meta: Record<string, unknown>): string {
  const own = typeof meta.attribution === 'string' ? meta.attribution.replace(/<[^>]*>/g, '').trim() : '';
  const text = `${meta.name ?? ''} ${meta.description ?? ''} ${meta.generator ?? ''}`.toLowerCase();
  const tool = ['tilemaker', 'planetiler', 'protomaps', 'tippecanoe', 'openmaptiles'].find((t) => text.includes(t));
  const builtWith = tool ? `${tool[0].toUpperCase()}${tool.slice(1)}` : undefined;
  const parts = [
    own || undefined,
    builtWith && !own.toLowerCase().includes(tool ?? '') ? `tạo bằng/built with ${builtWith}` : undefined,
  ];
  const credit = parts.filter(Boolean).join(' · ');
  const osm = /openstreetmap/i.test(own) ? '' : '© OpenStreetMap contributors';
  return `Bản đồ nền/Basemap: ${[osm, credit].filter(Boolean).join(' · ')}`;
}

/** Tile bytes as the client can take them: gzip as stored when it accepts gzip, else decompressed. */
export function tileBody(tile: StoredTile, acceptsGzip: boolean): { body: Uint8Array; gzip: boolean } {
  if (!tile.gzip || acceptsGzip) return { body: tile.data, gzip: tile.gzip };
  return { body: new Uint8Array(gunzipSync(tile.data)), gzip: false };
}
