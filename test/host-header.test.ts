import type { Server } from 'node:http';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppOptions, createApp } from '../api/app.js';
import { listen } from '../api/listen.js';
import { importHanoi } from '../data/import/import-hanoi.js';
import { QUESTIONNAIRE_2194 } from '../domain/rules/assessment/questionnaire-2194.js';
import { HANOI_DATA_DIR, openTestDb, pointInWard, type TestDb } from './engines.js';
import { seedAccount } from './http-client.js';
import { decodeQrPng } from './qr.js';

const CODE = 'HN-ABCDE-FGHJK';

/** A GET over a real socket with the Host header we choose (fetch will not let us set it). */
function getWithHost(port: number, path: string, host: string) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>(
    (resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, headers: { Host: host } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      });
      req.on('error', reject);
      req.end();
    },
  );
}

/**
 * The Host header is the client's to write: what the server puts in links others will follow (QR
 * codes, certificate pages, TileJSON) must come from configuration, or from a Host on the list.
 */
describe.skipIf(!HANOI_DATA_DIR)('public URLs never come from an untrusted Host', () => {
  let db: TestDb;
  const servers: Server[] = [];
  const serve = async (options: AppOptions) => {
    const { server } = await listen(createApp(db, options), 0, '127.0.0.1');
    servers.push(server);
    return (server.address() as { port: number }).port;
  };

  beforeAll(async () => {
    db = await openTestDb('postgres');
    await importHanoi(db, HANOI_DATA_DIR as string);
    const owner = await seedAccount(db, 'host@test.vn', 'business', null, 'host header password 1');
    const [lon, lat] = await pointInWard(db, '00070');
    await db.query(
      `WITH p AS (
         INSERT INTO premises (owner_id, name, search_name, tax_code, sector, address, ward_code, workers, floor_area_m2, geom)
         VALUES ($1, 'Quán Host', 'quan host', '0101234567', 'restaurant', 'Phố Huế', '00070', 5, 50,
           ST_SetSRID(ST_MakePoint($2, $3), 4326)) RETURNING id)
       INSERT INTO assessments (premises_id, questionnaire_id, questionnaire_version, answers, points, risk_index,
         risk_class, submitted_at, valid_until, certificate_code)
       SELECT id, '2194', $4, '{}', 30, 10, 'very_low', now(), now() + interval '90 days', $5 FROM p`,
      [owner.id, lon, lat, QUESTIONNAIRE_2194.version, CODE],
    );
  });
  afterAll(async () => {
    for (const s of servers) s.close();
    await db?.dispose();
  });

  const PATHS = ['/tiles/wards.json', `/certificate/${CODE}`, `/certificate/${CODE}/qr.png`];

  it('without SAFEMAP_PUBLIC_URL refuses an unknown Host with a problem, never reflecting it', async () => {
    const port = await serve({});
    for (const path of PATHS) {
      const res = await getWithHost(port, path, 'evil.example');
      expect(res.status, path).toBe(400);
      expect(res.headers['content-type'], path).toMatch(/^application\/problem\+json/);
      expect(res.headers['cache-control'] ?? '', path).not.toMatch(/public/);
      expect(res.body.toString(), path).not.toContain('evil.example');
      expect(JSON.parse(res.body.toString()).errors[0].path).toBe('header.host');
    }
  });

  it('without SAFEMAP_PUBLIC_URL builds links on a loopback Host, and keeps its QR code out of shared caches', async () => {
    const port = await serve({});
    const host = `localhost:${port}`;
    const tilejson = JSON.parse((await getWithHost(port, '/tiles/wards.json', host)).body.toString());
    expect(tilejson.tiles[0]).toMatch(new RegExp(`^http://${host}/tiles/wards/\\{z\\}/`));
    const qr = await getWithHost(port, `/certificate/${CODE}/qr.png`, host);
    expect(qr.status).toBe(200);
    expect(decodeQrPng(qr.body)).toBe(`http://${host}/verify/${CODE}`);
    expect(qr.headers['cache-control']).toMatch(/^private/);
  });

  it('with SAFEMAP_PUBLIC_URL uses it whatever the Host says, and only then lets shared caches keep the QR code', async () => {
    const port = await serve({ publicUrl: 'https://safemap.hanoi.example' });
    const tilejson = JSON.parse((await getWithHost(port, '/tiles/wards.json', 'evil.example')).body.toString());
    expect(tilejson.tiles[0]).toMatch(/^https:\/\/safemap\.hanoi\.example\/tiles\/wards\//);
    const page = await getWithHost(port, `/certificate/${CODE}`, 'evil.example');
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain(`https://safemap.hanoi.example/verify/${CODE}`);
    expect(page.body.toString()).not.toContain('evil.example');
    const qr = await getWithHost(port, `/certificate/${CODE}/qr.png`, 'evil.example');
    expect(decodeQrPng(qr.body)).toBe(`https://safemap.hanoi.example/verify/${CODE}`);
    expect(qr.headers['cache-control']).toMatch(/^public/);
  });

  it('SAFEMAP_ALLOWED_HOSTS replaces the loopback default', async () => {
    const port = await serve({ allowedHosts: ['map.phuong.example'] });
    const ok = await getWithHost(port, '/tiles/wards.json', `map.phuong.example:${port}`);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body.toString()).tiles[0]).toMatch(new RegExp(`^http://map\\.phuong\\.example:${port}/`));
    expect((await getWithHost(port, '/tiles/wards.json', `localhost:${port}`)).status).toBe(400);
  });
});
