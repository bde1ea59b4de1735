import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { createApp } from '../api/app.js';
import { openDatabase } from '../data/db.js';
import { LAYERS } from '../tiles/layers.js';
import { TileService } from '../tiles/service.js';
import { createTileSource } from '../tiles/source.js';
import { mvtSql } from '../tiles/sql.js';

const url = 'postgres://postgres@/bench?host=/tmp/pgb';
const db = await openDatabase({ databaseUrl: url });
const pool = new pg.Pool({ connectionString: url, max: 1 });
const sql = mvtSql(LAYERS.wards);
const list: [number, number, number][] = [];
for (let i = 0; i < 300; i++) {
  const z = 10 + (i % 7);
  const n = 2 ** z;
  list.push([
    z,
    Math.floor(((105.75 + ((i * 0.0007) % 0.15) + 180) / 360) * n),
    Math.floor(
      ((1 - Math.log(Math.tan((21.0 * Math.PI) / 180) + 1 / Math.cos((21.0 * Math.PI) / 180)) / Math.PI) / 2) * n,
    ),
  ]);
}
const uniq = [...new Map(list.map((t) => [t.join('/'), t])).values()];
for (const t of uniq) await pool.query(sql, t);
const med = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f: number[] = [],
  d: number[] = [],
  g: number[] = [],
  a: number[] = [],
  src: number[] = [],
  svc: number[] = [];
const source = createTileSource(db, LAYERS.wards);
const service = new TileService(db);
await service.layerVersions();
const app = createApp(db);
let sizes = 0;
for (const t of uniq) {
  let s = performance.now();
  const r = await pool.query(sql, t);
  f.push(performance.now() - s);
  s = performance.now();
  await db.query(sql, t);
  d.push(performance.now() - s);
  const buf = r.rows[0].mvt as Buffer;
  sizes += buf.length;
  s = performance.now();
  gzipSync(buf, { level: 6 });
  g.push(performance.now() - s);
  s = performance.now();
  await source.getTile(...t);
  src.push(performance.now() - s);
  s = performance.now();
  await service.getTile('wards', ...t);
  svc.push(performance.now() - s);
  s = performance.now();
  await (
    await app.request(`/tiles/wards/${t[0]}/${t[1]}/${t[2]}.mvt`, { headers: { 'Accept-Encoding': 'gzip' } })
  ).arrayBuffer();
  a.push(performance.now() - s);
}
console.log({
  n: uniq.length,
  floor: med(f),
  dbAdapter: med(d),
  gzip: med(g),
  appCold: med(a),
  source: med(src),
  service: med(svc),
  avgKB: sizes / uniq.length / 1024,
});
await pool.end();
await db.close();
{
  const db2 = await openDatabase({ databaseUrl: url });
  const app2 = createApp(db2);
  const w: number[] = [];
  for (const t of uniq)
    await (
      await app2.request(`/tiles/wards/${t[0]}/${t[1]}/${t[2]}.mvt`, { headers: { 'Accept-Encoding': 'gzip' } })
    ).arrayBuffer();
  for (let k = 0; k < 5; k++)
    for (const t of uniq) {
      const s = performance.now();
      await (
        await app2.request(`/tiles/wards/${t[0]}/${t[1]}/${t[2]}.mvt`, { headers: { 'Accept-Encoding': 'gzip' } })
      ).arrayBuffer();
      w.push(performance.now() - s);
    }
  const { Hono } = await import('hono');
  const bare = new Hono().get('/tiles/:l/:z/:x/:t', (c) => c.body(new Uint8Array(10)));
  const b: number[] = [];
  for (let k = 0; k < 300; k++) {
    const s = performance.now();
    await (await bare.request('/tiles/wards/1/2/3.mvt')).arrayBuffer();
    b.push(performance.now() - s);
  }
  console.log({ warmApp: med(w), bareHono: med(b) });
  await db2.close();
}
{
  const db3 = await openDatabase({ databaseUrl: url });
  const app3 = createApp(db3);
  const svc3 = new TileService(db3);
  const c1: number[] = [],
    c2: number[] = [],
    c0: number[] = [];
  for (const t of uniq) {
    const s = performance.now();
    await svc3.getTile('wards', ...t);
    c1.push(performance.now() - s);
  }
  for (const t of uniq) {
    const s = performance.now();
    await (
      await app3.request(`/tiles/wards/${t[0]}/${t[1]}/${t[2]}.mvt`, { headers: { 'Accept-Encoding': 'gzip' } })
    ).arrayBuffer();
    c2.push(performance.now() - s);
  }
  const pool3 = new pg.Pool({ connectionString: url, max: 1 });
  for (const t of uniq) {
    const s = performance.now();
    await pool3.query(sql, t);
    c0.push(performance.now() - s);
  }
  console.log({ floorSep: med(c0), serviceColdSep: med(c1), appColdSep: med(c2) });
  await pool3.end();
  await db3.close();
}
