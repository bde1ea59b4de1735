/**
 * An OpenAPI-driven fuzzer for safemap, shared by `npm run fuzz` (scripts/fuzz.ts) and the seeded
 * subset in the test suite (test/fuzz.test.ts). Requests go over a real socket to `listen()`, as a
 * stranger's would, from an anonymous caller, a business account or a city admin (a real session
 * cookie and CSRF token). Every request comes from one seeded PRNG, so a run is reproducible.
 */
import { connect } from 'node:net';
import { createApp } from '../api/app.js';
import { DEFAULT_RATE_LIMITS } from '../api/auth/limits.js';
import { hashPassword } from '../api/auth/password.js';
import { listen } from '../api/listen.js';
import type { Db } from '../data/db.js';
import { prepareDerived } from '../data/derived.js';
import { importHanoi } from '../data/import/import-hanoi.js';
import { seedAccount, TEST_PASSWORD_PARAMS } from './http-client.js';

export type Role = 'anonymous' | 'business' | 'official';
export const ROLES: Role[] = ['anonymous', 'business', 'official'];
const FIXTURE = new URL('./fixtures/mini-hanoi/', import.meta.url).pathname;
const PASSWORD = 'fuzz password 1';

/** sfc32: small, fast, and the same sequence on every machine for a seed. */
export function prng(seed: number) {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)], chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof prng>;

type Schema = Record<string, unknown>;
interface Operation {
  method: string;
  path: string;
  parameters: { name: string; in: string; required?: boolean; schema: Schema }[];
  body?: Schema;
  statuses: Set<string>;
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

export interface Finding {
  kind: '5xx' | 'non-problem' | 'undocumented' | 'schema' | 'network';
  status: number;
  request: string;
  detail: string;
  curl: string;
}

export interface FuzzReport {
  engine: string;
  role: Role;
  requests: number;
  byStatus: Record<number, number>;
  findings: Finding[];
}

interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** how the request was bent: decides which answers are expected besides the documented ones */
  mutation: string;
  op: Operation;
  raw?: Buffer;
}

/** The operations of the document, $refs resolved on demand. */
function operations(doc: Schema): { ops: Operation[]; resolve: (s: Schema | undefined) => Schema } {
  const resolve = (s: Schema | undefined): Schema => {
    let out = s ?? {};
    for (let i = 0; i < 10 && typeof out.$ref === 'string'; i++) {
      out = (out.$ref as string)
        .slice(2)
        .split('/')
        .reduce<Schema>((o, k) => o[k] as Schema, doc);
    }
    return out;
  };
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Schema>>)) {
    for (const [method, op] of Object.entries(methods)) {
      const responses = Object.fromEntries(
        Object.entries(op.responses as Record<string, Schema>).map(([k, v]) => [k, resolve(v)]),
      ) as Operation['responses'];
      ops.push({
        method: method.toUpperCase(),
        path,
        parameters: ((op.parameters as Operation['parameters']) ?? []).map((p) => resolve(p as Schema)) as never,
        body: (resolve(op.requestBody as Schema).content as Record<string, { schema: Schema }> | undefined)?.[
          'application/json'
        ]?.schema,
        statuses: new Set(Object.keys(responses)),
        responses,
      });
    }
  }
  return { ops, resolve };
}

const NASTY_STRINGS = [
  'a\u0000b',
  'ha\u0000noi',
  'a\ud800b',
  '\udc00',
  '\u001b[31m',
  'line\nbreak',
  '\u0085',
  'Hoa\u0300n Kie\u0302\u0301m',
  '\u202eevil',
  '😷'.repeat(50),
  "' OR 1=1 --",
  '../../etc/passwd',
  '%00',
  '',
  ' ',
  '\ufeff',
  '\uffff',
  '<script>alert(1)</script>',
];
const NASTY_NUMBERS = [-1, 0, 1e308, -1e308, 2 ** 53 + 1, 0.5, -0, 1e-300, 99999999999];

/** A value that satisfies the schema as far as cheaply possible (no pattern solving). */
function valueFor(
  schema: Schema,
  rng: Rng,
  resolve: (s: Schema) => Schema,
  pools: Pools,
  name = '',
  depth = 0,
): unknown {
  const s = resolve(schema);
  if (depth > 6) return null;
  if (s.example !== undefined && rng.chance(0.5)) return s.example;
  if (Array.isArray(s.enum)) return rng.pick(s.enum);
  if (s.const !== undefined) return s.const;
  const alt = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (alt) return valueFor(rng.pick(alt), rng, resolve, pools, name, depth + 1);
  if (Array.isArray(s.allOf))
    return Object.assign({}, ...(s.allOf as Schema[]).map((x) => valueFor(x, rng, resolve, pools, name, depth + 1)));
  const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
  const type = types.includes('null') && rng.chance(0.1) ? 'null' : (types.find((t) => t !== 'null') ?? 'object');
  switch (type) {
    case 'null':
      return null;
    case 'boolean':
      return rng.chance(0.5);
    case 'integer':
    case 'number': {
      const lo = Number(s.minimum ?? s.exclusiveMinimum ?? 0);
      const hi = Number(s.maximum ?? s.exclusiveMaximum ?? lo + 100);
      const v = lo + rng.next() * (Math.min(hi, lo + 1e6) - lo);
      return type === 'integer' ? Math.round(v) : Math.round(v * 1e4) / 1e4;
    }
    case 'string':
      return pools.stringFor(name, s, rng);
    case 'array': {
      const items = (s.items ?? {}) as Schema;
      const n = Math.max(Number(s.minItems ?? 0), rng.int(3));
      if (Array.isArray(s.prefixItems))
        return (s.prefixItems as Schema[]).map((p) => valueFor(p, rng, resolve, pools, name, depth + 1));
      return Array.from({ length: n }, () => valueFor(items, rng, resolve, pools, name, depth + 1));
    }
    default: {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const required = new Set((s.required as string[]) ?? []);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(props))
        if (required.has(k) || rng.chance(0.5)) out[k] = valueFor(v, rng, resolve, pools, k, depth + 1);
      return out;
    }
  }
}

interface Pools {
  params: Record<string, string[]>;
  stringFor(name: string, schema: Schema, rng: Rng): string;
}

function makePools(ids: Record<string, string[]>): Pools {
  const params: Record<string, string[]> = {
    code: ['00070', '00082', '002', '01', '99999'],
    week: ['2022-W10', '2021-W40', '2022-W01'],
    id: [...(ids.id ?? []), '00000000-0000-4000-8000-000000000000', '0123456789abcdef'],
    layer: ['wards', 'districts', 'city', 'resources', 'businesses', 'groups'],
    name: ['wards.json', 'resources.json', 'city.json'],
    z: ['0', '10', '14', '22'],
    x: ['0', '13009', '812'],
    tile: ['0.mvt', '7213.mvt', '450.mvt'],
    fontstack: ['Noto Sans Regular', 'Open Sans Bold'],
    range: ['0-255.pbf', '256-511.pbf'],
  };
  const byName: Record<string, string[]> = {
    email: ['lan@example.vn', 'fuzz@example.vn', 'not-an-email'],
    password: [PASSWORD, 'short', 'a long enough password'],
    week: params.week,
    from: params.week,
    to: params.week,
    ward: ['00070', '00082'],
    code: params.code,
    phone: ['024 3825 2222', '0912345678'],
    hotline: ['024 3825 2222'],
    healthStationPhone: ['024 3825 2222'],
    opening_hours: ['Mo-Fr 08:00-17:00', '24/7'],
    openingHours: ['Mo-Fr 08:00-17:00', '24/7'],
    csv: [
      'ward_code,week,population,new_community_cases\n00070,2022-W10,20000,5\n',
      'type,name,lon,lat\ntesting,Trạm y tế,105.85,21.03\n',
    ],
    scopeCode: ['00070', '002', '01'],
    q: ['hoan', 'Hoàn Kiếm', 'tram'],
  };
  return {
    params,
    stringFor(name, schema, rng) {
      if (schema.format === 'uuid') return rng.pick(params.id);
      if (schema.format === 'email') return rng.pick(byName.email);
      if (schema.format === 'date-time') return new Date(Date.UTC(2022, 2, 1 + rng.int(30))).toISOString();
      if (byName[name]) return rng.pick(byName[name]);
      const min = Number(schema.minLength ?? 1);
      return `${'Phường Hàng Bạc '.slice(0, Math.max(min, 3 + rng.int(12)))}${'x'.repeat(Math.max(0, min - 16))}`;
    },
  };
}

/** One bent request: a valid-looking request for an operation, then zero or one mutation. */
function makeRequest(op: Operation, rng: Rng, resolve: (s: Schema) => Schema, pools: Pools): Sent {
  const headers: Record<string, string> = {};
  let mutation = 'none';
  const roll = rng.next();
  const mutate = roll < 0.65;
  const kinds = ['path', 'query', 'header', 'method', ...(op.body ? ['body', 'body', 'body', 'content-type'] : [])];
  const kind = mutate ? rng.pick(kinds) : '';
  const nasty = () => rng.pick(NASTY_STRINGS);

  let path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const param = op.parameters.find((p) => p.in === 'path' && p.name === name);
    let v = rng.pick(pools.params[name] ?? [String(valueFor(param?.schema ?? {}, rng, resolve, pools, name))]);
    if (kind === 'path' && rng.chance(0.5)) {
      v = rng.pick([nasty(), 'x'.repeat(3000), '..', '%2e%2e', '-1', '1e999', 'null', '%ff', '%']);
      mutation = 'path';
      return /^%/.test(v) ? v : encodePart(v);
    }
    return encodePart(v);
  });
  if (kind === 'path' && mutation === 'none') {
    path += rng.pick(['/extra', '/', '//x', '/%00', '/..%2f', `/${'é'}`, '.json', '%20']);
    mutation = 'path';
  }

  const query = new URLSearchParams();
  for (const p of op.parameters.filter((p) => p.in === 'query')) {
    if (!p.required && !rng.chance(0.6)) continue;
    const v = valueFor(p.schema, rng, resolve, pools, p.name);
    query.append(p.name, Array.isArray(v) ? v.join(',') : String(v));
  }
  if (kind === 'query') {
    mutation = 'query';
    const names = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
    const name = names.length > 0 && rng.chance(0.8) ? rng.pick(names) : rng.pick(['zz', '__proto__', 'constructor']);
    const value = rng.pick([nasty(), String(rng.pick(NASTY_NUMBERS)), 'x'.repeat(5000), '', 'NaN', 'true', '[]']);
    if (rng.chance(0.3)) query.append(name, value);
    else query.set(name, value);
  }
  let url = `${path}${query.size > 0 || kind === 'query' ? `?${query.toString()}` : ''}`;
  if (kind === 'query' && rng.chance(0.2)) url = `${path}?q=${'a'.repeat(60_000)}`;

  let body: Buffer | undefined;
  let method = op.method;
  if (op.body) {
    headers['Content-Type'] = 'application/json';
    let value = valueFor(op.body, rng, resolve, pools);
    if (kind === 'body') {
      mutation = 'body';
      value = mutateValue(value, rng);
    }
    let text = JSON.stringify(value);
    if (kind === 'body' && rng.chance(0.15)) {
      text = rng.pick([
        text.slice(0, Math.max(1, rng.int(text.length))),
        `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
        `{"a":${'{"a":'.repeat(3000)}1${'}'.repeat(3001)}`,
        'null',
        '"string"',
        '12',
        '\u0000',
        '{"__proto__":{"polluted":true}}',
      ]);
    }
    body = Buffer.from(text);
    if (kind === 'content-type') {
      mutation = 'content-type';
      headers['Content-Type'] = rng.pick([
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=latin1',
        'application/xml',
        '',
      ]);
      if (!headers['Content-Type']) delete headers['Content-Type'];
    }
  }
  if (kind === 'method') {
    mutation = 'method';
    method = rng.pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].filter((m) => m !== op.method));
    if (method === 'GET' || method === 'OPTIONS') body = undefined;
  }
  let raw: Buffer | undefined;
  if (kind === 'header') {
    mutation = 'header';
    switch (rng.int(7)) {
      case 0:
        headers['X-Pad'] = 'a'.repeat(20_000 + rng.int(40_000));
        break;
      case 1:
        headers.Origin = 'https://evil.example';
        break;
      case 2:
        headers['If-None-Match'] = rng.pick(['*', 'W/"x", "y"', '"', nasty().replace(/[^\x20-\x7e]/g, '?')]);
        break;
      case 3:
        headers.Accept = rng.pick(['text/html', 'application/xml', '*/*;q=0', '']);
        break;
      case 4:
        headers['X-CSRF-Token'] = 'forged';
        break;
      case 5:
        headers.Cookie = rng.pick(['safemap_session=forged', 'safemap_session=', 'a=b; safemap_session=%00']);
        break;
      default:
        // a request line with raw non-ASCII bytes, which only a raw socket can send
        raw = Buffer.concat([
          Buffer.from(`${method} `),
          Buffer.from(`${path}/\xe9\xff`, 'latin1'),
          Buffer.from(' HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'),
        ]);
    }
  }
  return { method, path: url, headers, body, mutation, op, raw };
}

/** Percent-encodes any string: a lone surrogate goes as the bytes Node would send (U+FFFD). */
function encodePart(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return [...Buffer.from(v)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  }
}

/** Wrong types, out-of-range numbers, nasty strings, unknown fields, deep nesting, at one spot. */
function mutateValue(value: unknown, rng: Rng): unknown {
  const replacement = () =>
    rng.pick<unknown>([
      rng.pick(NASTY_STRINGS),
      'x'.repeat(rng.pick([1000, 100_000, 600_000])),
      rng.pick(NASTY_NUMBERS),
      null,
      true,
      [],
      {},
      [1, 'a', null],
      JSON.parse(`${'['.repeat(500)}${']'.repeat(500)}`),
    ]);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length === 0 || rng.chance(0.1)) return { ...obj, [rng.pick(['surprise', 'a\u0000', '__proto__'])]: 1 };
    const k = rng.pick(keys);
    return { ...obj, [k]: rng.chance(0.3) ? mutateValue(obj[k], rng) : replacement() };
  }
  if (Array.isArray(value) && value.length > 0 && rng.chance(0.5)) {
    const copy = [...value];
    copy[rng.int(copy.length)] = mutateValue(copy[rng.int(copy.length)], rng);
    return copy;
  }
  return replacement();
}

/** A curl command that sends the same bytes. */
function curlOf(origin: string, s: Sent, cookie?: string): string {
  if (s.raw)
    return `printf '%s' '${s.raw.toString('base64')}' | base64 -d | nc -q 2 ${new URL(origin).hostname} ${new URL(origin).port}`;
  const q = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
  const parts = ['curl', '-sS', '-i', '-X', s.method, q(`${origin}${s.path}`)];
  const headers = { ...s.headers, ...(cookie && !s.headers.Cookie ? { Cookie: cookie } : {}) };
  for (const [k, v] of Object.entries(headers))
    parts.push('-H', q(`${k}: ${v.length > 200 ? `${v.slice(0, 20)}…(${v.length})` : v}`));
  if (s.body) return `printf '%s' '${s.body.toString('base64')}' | base64 -d | ${parts.join(' ')} --data-binary @-`;
  return parts.join(' ');
}

/** Checks a value against the subset of JSON Schema the document uses; returns the first disagreement. */
function schemaError(value: unknown, schema: Schema, resolve: (s: Schema) => Schema, at = '$'): string | undefined {
  const s = resolve(schema);
  const alt = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (alt)
    return alt.some((a) => !schemaError(value, a, resolve, at)) ? undefined : `${at}: matches none of its variants`;
  if (Array.isArray(s.allOf)) {
    for (const a of s.allOf as Schema[]) {
      const e = schemaError(value, a, resolve, at);
      if (e) return e;
    }
  }
  if (Array.isArray(s.enum) && !s.enum.includes(value)) return `${at}: ${JSON.stringify(value)} not in enum`;
  if (s.const !== undefined && s.const !== value) return `${at}: not ${JSON.stringify(s.const)}`;
  const types = s.type === undefined ? undefined : Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
  if (types) {
    const actual =
      value === null
        ? 'null'
        : Array.isArray(value)
          ? 'array'
          : typeof value === 'number'
            ? Number.isInteger(value)
              ? 'integer'
              : 'number'
            : typeof value;
    const ok = types.includes(actual) || (actual === 'integer' && types.includes('number'));
    if (!ok) return `${at}: ${actual}, documented ${types.join('|')}`;
  }
  if (Array.isArray(value)) {
    const prefix = (s.prefixItems as Schema[] | undefined) ?? [];
    for (let i = 0; i < value.length; i++) {
      const item = prefix[i] ?? (s.items as Schema | undefined);
      if (item && typeof item === 'object') {
        const e = schemaError(value[i], item, resolve, `${at}[${i}]`);
        if (e) return e;
      }
    }
  } else if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    for (const r of (s.required as string[]) ?? []) if (!(r in obj)) return `${at}.${r}: missing`;
    for (const [k, p] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
      if (k in obj && obj[k] !== undefined) {
        const e = schemaError(obj[k], p, resolve, `${at}.${k}`);
        if (e) return e;
      }
    }
  }
  return undefined;
}

/** Answers a bent request may get besides the operation's documented ones. */
function expectedExtra(s: Sent, ops: Operation[]): Set<string> {
  switch (s.mutation) {
    case 'method': {
      const same = ops.find((o) => o.path === s.op.path && o.method === s.method);
      return new Set(['405', ...(same ? same.statuses : [])]);
    }
    case 'path':
      // another segment or a bent parameter may reach another route, or none
      return new Set(['400', '404', '405', '414', ...ops.flatMap((o) => [...o.statuses])]);
    case 'query':
      return new Set(['414']);
    case 'header':
      return new Set(['431', '400', '412']);
    default:
      return new Set();
  }
}

interface Target {
  origin: string;
  close(): Promise<void>;
  /** signs in again (a fuzzed request may have signed the session out) */
  signIn(): Promise<void>;
  cookie?: string;
  csrf?: string;
}

/**
 * Builds the app over `db` (migrated, empty), imports the mini fixture, creates the role's account,
 * listens on a free port and signs in.
 */
export async function prepareTarget(db: Db, role: Role): Promise<Target & { ids: Record<string, string[]> }> {
  const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM admin_units`);
  if (n === 0) {
    await importHanoi(db, FIXTURE);
    await prepareDerived(db);
  }
  const rateLimits = Object.fromEntries(Object.keys(DEFAULT_RATE_LIMITS).map((k) => [k, 1_000_000]));
  const app = createApp(db, { passwordParams: TEST_PASSWORD_PARAMS, rateLimits, maxBodyBytes: 1024 * 1024 });
  const { server, origin } = await listen(app, 0, '127.0.0.1');
  const email = `fuzz-${role}@example.vn`;
  const existing = await db.query<{ id: string }>(`SELECT id FROM accounts WHERE email = $1`, [email]);
  if (role !== 'anonymous' && existing.length === 0) {
    if (role === 'business') await seedAccount(db, email, 'business', null, PASSWORD);
    else await seedAccount(db, email, 'city_admin', { level: 'city', code: '01' }, PASSWORD);
  }
  const target: Target & { ids: Record<string, string[]> } = {
    origin,
    ids: {},
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    async signIn() {
      if (role === 'anonymous') return;
      // a fuzzed request may have disabled the account or changed its password: put them back
      await db.query(`UPDATE accounts SET disabled_at = NULL, password_hash = $2 WHERE email = $1`, [
        email,
        await hashPassword(PASSWORD, TEST_PASSWORD_PARAMS),
      ]);
      const res = await fetch(`${origin}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email, password: PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`sign-in as ${role}: ${res.status} ${await res.text()}`);
      target.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
      target.csrf = (await res.json()).csrfToken;
    },
  };
  await target.signIn();
  const accounts = await db.query<{ id: string }>(`SELECT id::text AS id FROM accounts ORDER BY email`);
  target.ids.id = accounts.map((a) => a.id);
  return target;
}

/** Sends one request; raw ones over a socket of their own. */
async function send(origin: string, s: Sent, target: Target) {
  if (s.raw) {
    const { hostname, port } = new URL(origin);
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => socket.write(s.raw as Buffer));
      const chunks: Buffer[] = [];
      socket.on('data', (c) => chunks.push(c));
      socket.on('error', reject);
      socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    });
    const [head, body = ''] = text.split('\r\n\r\n');
    const type = /\r\ncontent-type: *([^\r\n]*)/i.exec(head)?.[1] ?? '';
    return { status: Number(head.split(' ')[1]), type, body };
  }
  const headers: Record<string, string> = { ...s.headers };
  if (target.cookie && !headers.Cookie) headers.Cookie = target.cookie;
  if (target.csrf && s.method !== 'GET' && !headers['X-CSRF-Token']) headers['X-CSRF-Token'] = target.csrf;
  try {
    const res = await fetch(`${origin}${s.path}`, {
      method: s.method,
      headers,
      body: s.body as Uint8Array<ArrayBuffer> | undefined,
      redirect: 'manual',
    });
    const body = s.method === 'HEAD' ? '' : await res.text();
    return { status: res.status, type: res.headers.get('content-type') ?? '', body };
  } catch (error) {
    // undici refuses some requests itself (a header value it will not send): not the server's answer
    const cause = (error as { cause?: { code?: string } }).cause;
    if (cause?.code === 'UND_ERR_INVALID_ARG' || (!cause && (error as Error).name === 'TypeError')) return undefined;
    // oversized headers: the server answers 431 and closes while undici may still be writing
    if (s.headers['X-Pad'] && /EPIPE|ECONNRESET|UND_ERR_SOCKET/.test(String(cause?.code))) return undefined;
    throw error;
  }
}

/** Runs `requests` seeded requests as `role` against `db`; the report lists every finding. */
export async function fuzz(
  db: Db,
  options: { role: Role; requests: number; seed: number; log?: (line: string) => void },
): Promise<FuzzReport> {
  const target = await prepareTarget(db, options.role);
  try {
    const doc = (await (await fetch(`${target.origin}/api/openapi.json`)).json()) as Schema;
    const { ops, resolve } = operations(doc);
    const pools = makePools(target.ids);
    const rng = prng(options.seed ^ (ROLES.indexOf(options.role) * 0x9e3779b1));
    const report: FuzzReport = { engine: db.engine, role: options.role, requests: 0, byStatus: {}, findings: [] };
    for (let i = 0; i < options.requests; i++) {
      const op = rng.pick(ops);
      const s = makeRequest(op, rng, resolve, pools);
      const res = await send(target.origin, s, target).catch((error: Error) => {
        // a connection the server dropped without an answer is a finding too
        report.findings.push({
          kind: 'network',
          status: 0,
          request: `${s.method} ${s.path.slice(0, 200)} (${s.mutation})`,
          detail: String(error.cause ?? error),
          curl: curlOf(target.origin, s, target.cookie),
        });
        return undefined;
      });
      if (!res) continue;
      report.requests++;
      report.byStatus[res.status] = (report.byStatus[res.status] ?? 0) + 1;
      const record = (kind: Finding['kind'], detail: string) => {
        const finding = {
          kind,
          status: res.status,
          request: `${s.method} ${s.path.length > 200 ? `${s.path.slice(0, 200)}…` : s.path} (${s.mutation})`,
          detail: detail.slice(0, 500),
          curl: curlOf(target.origin, s, target.cookie),
        };
        report.findings.push(finding);
        options.log?.(`${kind} ${finding.status} ${finding.request}: ${finding.detail}`);
      };
      const isProblem = /^application\/problem\+json/.test(res.type);
      if (res.status >= 500) record('5xx', res.body);
      if (res.status >= 400 && !isProblem) record('non-problem', `${res.type}: ${res.body.slice(0, 200)}`);
      else if (res.status >= 400) {
        try {
          const e = schemaError(JSON.parse(res.body), { $ref: '#/components/schemas/Problem' }, resolve);
          if (e) record('schema', `problem body: ${e}`);
        } catch {
          record('non-problem', `not JSON: ${res.body.slice(0, 200)}`);
        }
      }
      const status = String(res.status);
      if (!op.statuses.has(status) && !expectedExtra(s, ops).has(status))
        record('undocumented', `${status} not documented for ${op.method} ${op.path}: ${res.body.slice(0, 200)}`);
      else if (s.mutation !== 'method' && s.mutation !== 'path' && res.status < 300 && /json/.test(res.type)) {
        const schema = op.responses[status]?.content?.[res.type.split(';')[0]]?.schema;
        if (schema) {
          try {
            const e = schemaError(JSON.parse(res.body), schema, resolve);
            if (e) record('schema', `${op.method} ${op.path} ${status}: ${e}`);
          } catch {
            record('schema', `${op.method} ${op.path} ${status}: not JSON`);
          }
        }
      }
      if (res.status === 401 && options.role !== 'anonymous') await target.signIn();
    }
    return report;
  } finally {
    await target.close();
  }
}

/** Totals and findings as lines for a person. */
export function formatReport(r: FuzzReport): string {
  const count = (k: Finding['kind']) => r.findings.filter((f) => f.kind === k).length;
  const lines = [
    `${r.engine} ${r.role}: ${r.requests} requests; ${Object.entries(r.byStatus)
      .map(([s, n]) => `${s}×${n}`)
      .join(
        ' ',
      )}; 5xx ${count('5xx')}, non-problem ${count('non-problem')}, undocumented ${count('undocumented')}, schema ${count('schema')}`,
  ];
  for (const f of r.findings) lines.push(`  [${f.kind}] ${f.status} ${f.request}\n    ${f.detail}\n    ${f.curl}`);
  return lines.join('\n');
}
