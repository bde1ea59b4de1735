import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importHanoi } from '../data/import/import-hanoi.js';
import { openTestDb } from '../test/engines.js';
import { createApp } from './app.js';
import { listen } from './listen.js';

const FIXTURE = new URL('../test/fixtures/mini-hanoi/', import.meta.url).pathname;

describe('HTTP surface (PostgreSQL, mini fixture)', () => {
  let db: Awaited<ReturnType<typeof openTestDb>>;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    db = await openTestDb('postgres');
    await importHanoi(db, FIXTURE);
    app = createApp(db, { maxBodyBytes: 64 * 1024 });
  });
  afterAll(() => db?.dispose());

  async function expectProblem(res: Response, status: number, detail: RegExp) {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = await res.json();
    expect(body).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
    expect(body.detail).toMatch(detail);
    return body;
  }

  it.each([
    ['/tiles/wards/abc/1/1.mvt', 400, /z must be a whole number/],
    ['/tiles/wards/30/1/1.mvt', 400, /z must be at most 22/],
    ['/tiles/wards/2/4/1.mvt', 400, /x and y must be below 4/],
    ['/tiles/wards/2/1/1.png', 400, /<y>\.mvt/],
    ['/tiles/roads/2/1/1.mvt', 404, /no tile layer "roads"/],
    ['/tiles/roads.json', 404, /no tile layer "roads"/],
    ['/api/wards/99999', 404, /no ward with code 99999/],
    ['/api/wards/abc', 400, /5 digits/],
    ['/api/wards?limit=0', 400, /query\.limit/],
    ['/api/nothing', 404, /Nothing at GET \/api\/nothing/],
    ['/fonts/Nope/0-255.pbf', 404, /No glyphs/],
  ])('GET %s → %i problem', async (path, status, detail) => {
    await expectProblem(await app.request(path), status, detail);
  });

  it('names the field in validation errors', async () => {
    const body = await expectProblem(await app.request('/tiles/wards/x/1/1.mvt'), 400, /z/);
    expect(body.errors).toEqual([
      { path: 'path.z', message: 'z must be a whole number', code: 'invalid_format', params: { format: 'regex' } },
    ]);
  });

  it('refuses a body over the limit with 413 before reading it all', async () => {
    const res = await app.request('/api/wards', {
      method: 'POST',
      body: 'x'.repeat(10 * 1024 * 1024),
      headers: { 'Content-Type': 'application/json' },
    });
    await expectProblem(res, 413, /larger than 64 KB/);
  });

  it('never asks a GET or HEAD for its body (on Node that builds a whole web Request per request)', async () => {
    // what the body-size limit would touch: a request that counts reads of `body`
    class Counted extends Request {
      bodyReads = 0;
      override get body() {
        this.bodyReads++;
        return super.body;
      }
    }
    for (const method of ['GET', 'HEAD']) {
      const req = new Counted('http://localhost/api/wards', { method });
      expect((await app.request(req)).status).toBe(200);
      expect(req.bodyReads, method).toBe(0);
    }
    const post = new Counted('http://localhost/api/auth/login', {
      method: 'POST',
      body: '{}',
      headers: { 'Content-Type': 'application/json' },
    });
    await app.request(post);
    expect(post.bodyReads).toBeGreaterThan(0);
  });

  it('serves tiles gzip-compressed with an ETag that answers 304', async () => {
    const url = '/tiles/wards/14/13009/7213.mvt';
    const res = await app.request(url, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    const etag = res.headers.get('etag') as string;
    const again = await app.request(url, { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': etag } });
    expect(again.status).toBe(304);
  });

  it('lists only tile layers in versions.json (the boundaries’ counter is not one)', async () => {
    const versions = await (await app.request('/tiles/versions.json')).json();
    expect(Object.keys(versions).sort()).toEqual(['businesses', 'city', 'districts', 'groups', 'resources', 'wards']);
  });

  it('puts the data version in the TileJSON tile URL', async () => {
    const json = await (await app.request('http://localhost/tiles/wards.json')).json();
    expect(json.tiles[0]).toMatch(/^http:\/\/localhost\/tiles\/wards\/\{z\}\/\{x\}\/\{y\}\.mvt\?v=\d+$/);
    expect(json.vector_layers[0].fields).toMatchObject({ code: 'String', population: 'Number' });
  });

  it('describes every route in OpenAPI and renders the docs from local files', async () => {
    const spec = await (await app.request('/api/openapi.json')).json();
    // every route the app answers under /api, /tiles and /fonts is described (docs and the document itself aside)
    const served = new Set(
      app.routes
        .filter((r) => r.method !== 'ALL' && /^\/(api|tiles|fonts)\//.test(r.path))
        .filter((r) => !/^\/api\/(docs|openapi\.json)/.test(r.path))
        .map((r) => r.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')),
    );
    expect([...served].filter((p) => !(p in spec.paths))).toEqual([]);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/accounts',
        '/api/accounts/{id}',
        '/api/audit',
        '/api/auth/login',
        '/api/auth/logout',
        '/api/auth/password',
        '/api/auth/register',
        '/api/auth/session',
        '/api/auth/sessions',
        '/api/auth/sessions/{id}',
        '/api/districts',
        '/api/health',
        '/api/indicators/import',
        '/api/indicators/template.csv',
        '/api/levels',
        '/api/levels.geojson',
        '/api/units/{code}/indicators/{week}',
        '/api/units/{code}/levels',
        '/api/units/{code}/levels/{week}',
        '/api/units/{code}/levels/{week}/decision',
        '/api/premises',
        '/api/resources',
        '/api/resources/import',
        '/api/resources/nearest',
        '/api/resources/search',
        '/api/resources/{id}',
        '/api/resources/{id}/stock',
        '/api/premises/{id}',
        '/api/premises/{id}/draft',
        '/api/premises/{id}/assessments',
        '/api/questionnaire',
        '/api/assessments/{id}/flag',
        '/api/businesses',
        '/api/businesses/{id}',
        '/api/verify/{code}',
        '/api/analysis/hotspots',
        '/api/analysis/hotspots.csv',
        '/api/analysis/hotspots.geojson',
        '/api/analysis/emerging',
        '/api/analysis/coverage',
        '/api/analysis/coverage.csv',
        '/api/analysis/coverage.geojson',
        '/api/analysis/siting',
        '/api/analysis/siting.csv',
        '/api/analysis/siting.geojson',
        '/api/analysis/trend',
        '/api/wards/{code}/contact',
        '/api/wards/{code}/groups',
        '/api/wards',
        '/api/wards.geojson',
        '/api/wards/{code}',
        '/fonts/{fontstack}/{range}',
        '/tiles/{layer}/{z}/{x}/{tile}',
        '/tiles/{name}',
        '/tiles/versions.json',
      ]),
    );
    const html = await (await app.request('/api/docs')).text();
    expect(html).toContain('/api/docs/assets/swagger-ui-bundle.js');
    expect((await app.request('/api/docs/assets/swagger-ui-bundle.js')).status).toBe(200);
  });

  it('gives every JSON and GeoJSON answer a real schema (none is "anything")', async () => {
    const spec = await (await app.request('/api/openapi.json')).json();
    const untyped: string[] = [];
    for (const [path, methods] of Object.entries<Record<string, { responses: Record<string, unknown> }>>(spec.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          const content =
            (response as { content?: Record<string, { schema?: Record<string, unknown> }> }).content ?? {};
          for (const [type, { schema }] of Object.entries(content)) {
            // z.any() documents as an empty schema
            if (!schema || Object.keys(schema).length === 0) untyped.push(`${method} ${path} ${status} ${type}`);
          }
        }
      }
    }
    expect(untyped).toEqual([]);
  });

  it('sends security headers', async () => {
    const res = await app.request('/api/health');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  it('lists wards as GeoJSON and districts as sets of wards', async () => {
    const fc = await (await app.request('/api/wards.geojson')).json();
    expect(fc.features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual(['00070', '00082']);
    const { districts } = await (await app.request('/api/districts')).json();
    expect(districts).toEqual([
      expect.objectContaining({ code: '002', nameVi: 'Hoàn Kiếm', wardCodes: ['00070', '00082'] }),
    ]);
  });

  describe('over a real socket', () => {
    let server: Awaited<ReturnType<typeof listen>>['server'];
    let port: number;
    beforeAll(async () => {
      const served = await listen(app, 0, '127.0.0.1');
      server = served.server;
      port = Number(new URL(served.origin).port);
    });
    afterAll(() => new Promise<void>((resolve) => server?.close(() => resolve())));

    /** Sends raw bytes and reads the whole answer (the server closes after it). */
    const raw = (bytes: Buffer | string) =>
      new Promise<{ status: number; headers: string; body: string }>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
        const chunks: Buffer[] = [];
        socket.on('data', (c) => chunks.push(c));
        socket.on('error', reject);
        socket.on('close', () => {
          const text = Buffer.concat(chunks).toString('latin1');
          const [head, body = ''] = text.split('\r\n\r\n');
          resolve({ status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body });
        });
      });

    it.each([
      ['oversized headers', `GET /api/health HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
      ['a 60 KB query string', `GET /api/wards?q=${'a'.repeat(60_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 414],
      ['a 10 KB URL', `GET /api/wards?q=${'a'.repeat(10_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 414],
      ['raw Latin-1 bytes in the path', Buffer.from('GET /api/\xe9\xe8 HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1'), 400],
      ['not HTTP at all', '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n', 400],
    ])('answers %s with a problem body and Connection: close', async (_, bytes, status) => {
      const res = await raw(bytes);
      expect(res.status).toBe(status);
      expect(res.headers).toContain('content-type: application/problem+json');
      expect(res.headers).toContain('connection: close');
      expect(JSON.parse(res.body)).toMatchObject({ status, type: expect.any(String), detail: expect.any(String) });
    });

    it('keeps a keep-alive connection usable after an early answer to a large body', async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const send = (method: string, path: string, body?: Buffer) =>
        new Promise<{ status: number; connection?: string }>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port, method, path, agent }, (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
          });
          req.on('error', reject);
          if (body) req.setHeader('Content-Type', 'application/json');
          req.end(body);
        });
      try {
        for (const [method, path] of [
          ['POST', '/api/wards'],
          ['POST', '/api/nothing/here'],
          ['PUT', '/api/wards/00070/contact'],
        ]) {
          const early = await send(method, path, Buffer.alloc(300 * 1024, 'x'));
          expect([403, 404, 405, 413]).toContain(early.status);
          expect(early.connection).toBe('close');
          expect((await send('GET', '/api/health')).status).toBe(200);
        }
      } finally {
        agent.destroy();
      }
    });
  });
});
