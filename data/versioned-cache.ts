import type { Queryable } from './db.js';

/** The version of the data a value was built from: a counter row, or several joined (`3.17`). */
export type DataVersion = number | string;

interface Entry<V> {
  version: DataVersion;
  value: Promise<V>;
}

/**
 * The one cache of values derived from the database (contiguity weights, the city's outline box,
 * the wards' GeoJSON): an entry is kept with the data version it was built from and is good
 * exactly while that version holds, so it needs no clock and no expiry. Builds are single-flight
 * (callers asking at once share one build), and a build that fails is dropped at once, so the
 * next call tries again instead of inheriting the failure.
 *
 * Keys are strings, or objects (a `Db`) held weakly so a closed database takes its entries along.
 */
export class VersionedCache<V> {
  private readonly named = new Map<string, Entry<V>>();
  private readonly held = new WeakMap<object, Entry<V>>();

  /** The value for `key` built from data at `version`: the cached one, or `build()`'s. */
  get(key: string | object, version: DataVersion, build: () => Promise<V>): Promise<V> {
    const cached = this.entry(key);
    if (cached && cached.version === version) return cached.value;
    const entry: Entry<V> = { version, value: build() };
    this.set(key, entry);
    entry.value.catch(() => {
      if (this.entry(key) === entry) this.delete(key);
    });
    return entry.value;
  }

  /** Forgets `key`, so the next `get` builds again whatever the version. */
  delete(key: string | object): void {
    if (typeof key === 'string') this.named.delete(key);
    else this.held.delete(key);
  }

  private entry(key: string | object) {
    return typeof key === 'string' ? this.named.get(key) : this.held.get(key);
  }

  private set(key: string | object, entry: Entry<V>) {
    if (typeof key === 'string') this.named.set(key, entry);
    else this.held.set(key, entry);
  }
}

const byDb = new WeakMap<object, VersionedCache<unknown>>();

/**
 * The version of some layers' data: their rows of `layer_versions` (which every write to them
 * bumps) joined, `groups:3,wards:17`. Also what ETags of answers built from them are made of.
 */
export async function layersVersion(db: Queryable, layers: readonly string[]): Promise<string> {
  const [{ version }] = await db.query<{ version: string | null }>(
    `SELECT string_agg(layer || ':' || version, ',' ORDER BY layer) AS version FROM layer_versions
     WHERE layer = ANY($1::text[])`,
    [layers],
  );
  return version ?? '';
}

/**
 * A value read from `db` that depends only on some layers' data: built once per version of those
 * layers, like the tiles. One cheap statement reads the versions (none when the caller has just
 * read them: `version`); the heavy reads and serialising run once per write.
 */
export async function cachedByLayers<V>(
  db: Queryable,
  key: string,
  layers: readonly string[],
  build: () => Promise<V>,
  version?: string,
): Promise<V> {
  const current = version ?? (await layersVersion(db, layers));
  const cache = byDb.get(db) ?? new VersionedCache<unknown>();
  byDb.set(db, cache);
  return cache.get(key, current, build) as Promise<V>;
}
