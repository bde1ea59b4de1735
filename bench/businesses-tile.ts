// The businesses layer's cold tile against its floor, in the same run on PostgreSQL: the floor is
// ST_AsMVT over the very rows the tile holds, read from one table that already has every tile
// property as a plain column (no join, no expression): the least any query for these bytes can do.
// Each address is asked of both, interleaved, and their bytes must match.
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { createApp } from '../api/app.js';
import { readConfig } from '../data/config.js';
import { openDatabase } from '../data/db.js';
import { LAYERS, type LayerDefinition } from '../tiles/layers.js';
import { mvtSql } from '../tiles/sql.js';
import { pct } from './stats.js';
import { addresses, prepare } from './tiles.js';

const config = readConfig();
const ms = (x: number) => `${x.toFixed(2)} ms`;
const FLOOR_TABLE = 'bench_businesses_floor';

/** The layer over the floor table: the same properties, each now a column of that name. */
function floorLayer(layer: LayerDefinition): LayerDefinition {
  const { clockVersionSql: _clock, ...rest } = layer;
  return {
    ...rest,
    from: `${FLOOR_TABLE} WHERE true`,
    properties: Object.fromEntries(Object.keys(layer.properties).map((name) => [name, `"${name}"`])),
    id_expr: 'fid',
  };
}

export async function benchBusinessesTile() {
  if (!config.dataDir) throw new Error('this bench needs the Hanoi data directory (SAFEMAP_DATA_DIR)');
  if (!config.databaseUrl) throw new Error('this bench runs on PostgreSQL: set DATABASE_URL (see README)');
  const db = await openDatabase({ databaseUrl: config.databaseUrl });
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 1 });
  const layer = LAYERS.businesses;
  try {
    await prepare(db);
    const at = new Date();
    // the floor's rows: what the layer's own query selects at this clock, materialised
    const props = Object.entries(layer.properties)
      .map(([name, expr]) => `${expr} AS "${name}"`)
      .join(', ');
    await db.exec(`DROP TABLE IF EXISTS ${FLOOR_TABLE}`);
    await db.query(
      `CREATE UNLOGGED TABLE ${FLOOR_TABLE} AS
       SELECT ${layer.id_expr} AS fid, ${props}, geom_3857 FROM ${layer.from}`.replace(/\$4/g, '$1'),
      [at],
    );
    await db.exec(`CREATE INDEX ON ${FLOOR_TABLE} USING gist (geom_3857); ANALYZE ${FLOOR_TABLE}`);
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${FLOOR_TABLE}`);

    const list = addresses();
    const floorSql = mvtSql(floorLayer(layer));
    const layerSql = mvtSql(layer);
    // buffers and plans warm for both queries
    for (const [z, x, y] of list) {
      await pool.query(floorSql, [z, x, y]);
      await pool.query(layerSql, [z, x, y, at]);
    }
    const app = createApp(db, { now: () => at.getTime() });
    const floor: number[] = [];
    const query: number[] = [];
    const cold: number[] = [];
    const zooms: number[] = [];
    let mismatched = 0;
    let features = 0;
    for (const [z, x, y] of list) {
      let t = performance.now();
      const base = (await pool.query<{ mvt: Buffer | null }>(floorSql, [z, x, y])).rows[0].mvt ?? Buffer.alloc(0);
      floor.push(performance.now() - t);
      t = performance.now();
      const mine = (await pool.query<{ mvt: Buffer | null }>(layerSql, [z, x, y, at])).rows[0].mvt ?? Buffer.alloc(0);
      query.push(performance.now() - t);
      t = performance.now();
      const res = await app.request(`/tiles/businesses/${z}/${x}/${y}.mvt`, { headers: { 'Accept-Encoding': 'gzip' } });
      const body = new Uint8Array(await res.arrayBuffer());
      cold.push(performance.now() - t);
      zooms.push(z);
      if (res.status === 200 && res.headers.get('x-cache') !== 'miss') throw new Error('expected a cache miss');
      const served = res.status === 204 ? Buffer.alloc(0) : body;
      if (!base.equals(mine) || (base.length > 0 && !gzipSync(base, { level: 4 }).equals(served))) mismatched++;
      if (base.length > 0) features++;
    }
    const ratio = (xs: number[]) => (pct(xs, 0.5) / pct(floor, 0.5)).toFixed(2);
    console.log(
      `${n.toLocaleString('en')} premises with an assessment; ${list.length} businesses tiles z10–z16 (${features} non-empty)\n` +
        `floor (ST_AsMVT over the tile's rows as plain columns)  median ${ms(pct(floor, 0.5))}  p90 ${ms(pct(floor, 0.9))}\n` +
        `layer query through pg                                median ${ms(pct(query, 0.5))}  p90 ${ms(pct(query, 0.9))}  → ${ratio(query)}×\n` +
        `server cold tile, in process (query + gzip + reply)   median ${ms(pct(cold, 0.5))}  p90 ${ms(pct(cold, 0.9))}  → ${ratio(cold)}× (goal ≤ 1.5×)\n` +
        `bytes differing from the floor's: ${mismatched} of ${list.length}`,
    );
    const byZoom = (xs: number[], z: number) =>
      pct(
        xs.filter((_, i) => zooms[i] === z),
        0.5,
      ).toFixed(1);
    console.log(
      `median by zoom (floor / query / server, ms): ${[...new Set(zooms)]
        .sort((a, b) => a - b)
        .map((z) => `z${z} ${byZoom(floor, z)}/${byZoom(query, z)}/${byZoom(cold, z)}`)
        .join('  ')}`,
    );
  } finally {
    await db.exec(`DROP TABLE IF EXISTS ${FLOOR_TABLE}`).catch(() => {});
    await pool.end();
    await db.close();
  }
}
