import { CSRF_HEADER, SESSION_COOKIE } from './auth/session.js';

/**
 * What the OpenAPI document says about every operation that the route files need not repeat:
 * operationId, tag, description, security and the problem answers every request can get (a bad
 * URL, headers too large, a busy server, and for writes the body, CSRF and rate-limit answers).
 * Applied once when /api/openapi.json is built, so a new route is documented completely by
 * the same rule as the others.
 */

export const OPENAPI_INFO = {
  openapi: '3.1.0',
  info: {
    title: 'safemap API',
    version: '0.1.0',
    description: 'Bản đồ an toàn COVID-19 Hà Nội — COVID-19 safety map and resource locator for Hanoi',
    license: { name: 'MIT', identifier: 'MIT' },
    contact: { name: 'safemap' },
  },
  servers: [{ url: '/', description: 'The server this document came from' }],
};

/** Tag of each first path segment (after /api), with what the tag covers. */
const TAGS: Record<string, { tag: string; description: string }> = {
  health: { tag: 'health', description: 'Sức khỏe máy chủ — server health and data counts' },
  auth: { tag: 'auth', description: 'Đăng nhập và phiên — sign-in, registration and sessions' },
  accounts: { tag: 'accounts', description: 'Tài khoản cán bộ và nhật ký — official accounts and the audit log' },
  audit: { tag: 'accounts', description: '' },
  wards: { tag: 'wards', description: 'Phường, xã và quận — wards, districts and ward contacts' },
  districts: { tag: 'wards', description: '' },
  premises: { tag: 'premises', description: 'Cơ sở kinh doanh và tự đánh giá — premises and self-assessments' },
  questionnaire: { tag: 'premises', description: '' },
  assessments: { tag: 'premises', description: '' },
  businesses: { tag: 'businesses', description: 'Cơ sở công khai và chứng nhận — published premises and certificates' },
  verify: { tag: 'businesses', description: '' },
  analysis: { tag: 'analysis', description: 'Phân tích không gian — hot spots, coverage, siting and trends' },
  levels: { tag: 'levels', description: 'Cấp độ dịch — epidemic levels, indicators and decisions' },
  units: { tag: 'levels', description: '' },
  indicators: { tag: 'levels', description: '' },
  resources: { tag: 'resources', description: 'Nơi hỗ trợ — testing, vaccination, oxygen and other resources' },
  tiles: { tag: 'tiles', description: 'Ô bản đồ vector — vector tiles and TileJSON' },
  fonts: { tag: 'tiles', description: '' },
  basemap: { tag: 'tiles', description: '' },
  landmarks: { tag: 'tiles', description: '' },
  other: { tag: 'other', description: 'Khác — other' },
};

type Responses = Record<string, unknown>;
interface Operation {
  operationId?: string;
  tags?: string[];
  summary?: string;
  description?: string;
  security?: Record<string, string[]>[];
  responses: Responses;
  requestBody?: unknown;
}
interface Document {
  paths?: Record<string, Record<string, Operation>>;
  components?: Record<string, Record<string, unknown>>;
  tags?: { name: string; description: string }[];
}

const problemRef = (name: string) => ({ $ref: `#/components/responses/${name}` });
const problemResponse = (description: string, retryAfter = false) => ({
  description,
  ...(retryAfter
    ? {
        headers: {
          'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } },
        },
      }
    : {}),
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** The answers any request can get from the server itself, before or around its route. */
const COMMON: Record<string, [string, ReturnType<typeof problemResponse>]> = {
  400: ['BadRequest', problemResponse('Malformed request: a path or query value that breaks its rule, bad JSON')],
  401: ['NotSignedIn', problemResponse('Not signed in')],
  403: ['Forbidden', problemResponse('Forbidden: outside your role or scope, or a write without the CSRF token')],
  404: ['NotFound', problemResponse('Not found')],
  405: ['MethodNotAllowed', problemResponse('Method not allowed on this path (the Allow header lists those that are)')],
  409: ['Conflict', problemResponse('Conflict with the current state')],
  413: ['TooLarge', problemResponse('Request body too large')],
  414: ['UriTooLong', problemResponse('URL too long')],
  415: ['UnsupportedMediaType', problemResponse('The body is not application/json')],
  422: ['InvalidInput', problemResponse('Invalid input; `errors` names each field')],
  429: ['TooManyRequests', problemResponse('Too many requests from you; wait as Retry-After says', true)],
  431: ['HeadersTooLarge', problemResponse('Request headers too large')],
  503: ['Busy', problemResponse('The server is busy; try again as Retry-After says', true)],
};

const WRITE = new Set(['post', 'put', 'patch', 'delete']);

/** `get /api/wards/{code}/contact` → `getWardsByCodeContact`. */
function operationId(method: string, path: string): string {
  const words = path
    .split('/')
    .filter((s) => s && s !== 'api')
    .map((s) => {
      const param = /^\{(\w+)\}$/.exec(s);
      return param ? `by-${param[1]}` : s;
    })
    .join('-')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return method + words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/** Adds what every operation must say (see above) to a generated document, in place. */
export function applyOpenApiMeta<T>(document: T): T {
  const doc = document as Document;
  const used = new Set<string>();
  for (const [path, operations] of Object.entries(doc.paths ?? {})) {
    const first =
      path
        .split('/')
        .filter((s) => s && s !== 'api')[0]
        ?.split('.')[0] ?? '';
    for (const [method, op] of Object.entries(operations)) {
      const write = WRITE.has(method);
      const signedIn = '401' in op.responses;
      op.operationId ??= operationId(method, path);
      op.tags ??= [TAGS[first]?.tag ?? 'other'];
      used.add(op.tags[0]);
      op.security ??= signedIn ? [write ? { session: [], csrf: [] } : { session: [] }] : [];
      const who = signedIn
        ? `Needs a signed-in session (cookie \`${SESSION_COOKIE}\`)${write ? ` and its \`${CSRF_HEADER}\` header` : ''}.`
        : write
          ? `Open to anyone; a signed-in caller sends its \`${CSRF_HEADER}\` header.`
          : 'Public.';
      op.description ??= `${op.summary ?? ''}. ${who}`.replace(/^\. /, '');
      const statuses = ['400', '414', '431', '503'];
      if (write) statuses.push('403', '413', '429');
      if (op.requestBody) statuses.push('415', '422');
      for (const status of statuses) op.responses[status] ??= problemRef(COMMON[status][0]);
      op.responses = Object.fromEntries(Object.entries(op.responses).sort(([a], [b]) => a.localeCompare(b)));
    }
  }
  doc.tags = Object.values(TAGS)
    .filter((t) => t.description && used.has(t.tag))
    .map((t) => ({ name: t.tag, description: t.description }));
  doc.components ??= {};
  doc.components.securitySchemes = {
    session: {
      type: 'apiKey',
      in: 'cookie',
      name: SESSION_COOKIE,
      description: 'The session cookie set by POST /api/auth/login (HttpOnly, SameSite=Lax).',
    },
    csrf: {
      type: 'apiKey',
      in: 'header',
      name: CSRF_HEADER,
      description: "The session's CSRF token (from sign-in or GET /api/auth/session), required on signed-in writes.",
    },
  };
  fixSchemas(doc);
  // only the shared answers some operation refers to: an unused component is a lint warning
  const referenced = JSON.stringify(doc.paths);
  doc.components.responses = Object.fromEntries(
    Object.values(COMMON)
      .filter(([name]) => referenced.includes(`"#/components/responses/${name}"`))
      .map(([name, response]) => [name, response]),
  );
  return document;
}

/**
 * Two things the generator gets wrong, put right in every schema: zod tuples (`[lon, lat]`)
 * document as `prefixItems` only, which Spectral reads as an array of anything (give them `items`
 * and close them with `maxItems`); a nullable named schema documents as `allOf: [$ref, {type:
 * [object, null]}]`, which no null satisfies (make it `anyOf: [$ref, {type: null}]`).
 */
function fixSchemas(value: unknown): void {
  if (Array.isArray(value)) for (const v of value) fixSchemas(v);
  else if (value && typeof value === 'object') {
    const schema = value as Record<string, unknown>;
    const all = schema.allOf as Record<string, unknown>[] | undefined;
    if (
      all?.length === 2 &&
      typeof all[0].$ref === 'string' &&
      Object.keys(all[1]).length === 1 &&
      Array.isArray(all[1].type) &&
      (all[1].type as string[]).includes('null')
    ) {
      delete schema.allOf;
      schema.anyOf = [all[0], { type: 'null' }];
    }
    if (schema.type === 'array' && Array.isArray(schema.prefixItems) && !('items' in schema)) {
      const prefix = schema.prefixItems as unknown[];
      schema.items = prefix.every((p) => JSON.stringify(p) === JSON.stringify(prefix[0])) ? prefix[0] : {};
      schema.maxItems ??= prefix.length;
    }
    for (const v of Object.values(schema)) fixSchemas(v);
  }
}
