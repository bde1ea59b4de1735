import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { type Db, readsOnPrimary } from '../data/db.js';
import type { ChangeFeed } from '../data/notify.js';
import type { RiskClass } from '../domain/rules/assessment/score.js';
import { TileService } from '../tiles/service.js';
import type { AuthDeps } from './auth/deps.js';
import { createLimiters, DEFAULT_RATE_LIMITS, type RateLimitSettings, writeLimit } from './auth/limits.js';
import { PASSWORD_PARAMS, type ScryptParams } from './auth/password.js';
import { MemoryRateLimitStore, type RateLimitStore } from './auth/rate-limit.js';
import { type AppEnv, type SessionOptions, sessionMiddleware } from './auth/session.js';
import { compress } from './compress.js';
import { applyOpenApiMeta, OPENAPI_INFO } from './openapi-meta.js';
import { onError, problemResponse } from './problem.js';
import { accountRoutes } from './routes/accounts.js';
import { analysisRoutes } from './routes/analysis.js';
import { assessmentRoutes } from './routes/assessments.js';
import { authRoutes } from './routes/auth.js';
import { basemapRoutes } from './routes/basemap.js';
import { businessRoutes } from './routes/businesses.js';
import { certificateRoutes } from './routes/certificates.js';
import { docsRoutes } from './routes/docs.js';
import { fontRoutes } from './routes/fonts.js';
import { groupRoutes } from './routes/groups.js';
import { healthRoutes } from './routes/health.js';
import { indicatorRoutes } from './routes/indicators.js';
import { levelRoutes } from './routes/levels.js';
import { premisesRoutes } from './routes/premises.js';
import { resourceRoutes } from './routes/resources.js';
import { tileRoutes } from './routes/tiles.js';
import { wardContactRoutes } from './routes/ward-contacts.js';
import { wardRoutes } from './routes/wards.js';
import { staticRoutes } from './static.js';
import { urlTextErrors } from './text.js';

export interface AppOptions {
  /** Where the public datasets are (fonts are served from its `fonts/`). */
  dataDir?: string;
  /** The built web app; absent or missing: only the API, tiles and fonts are served. */
  webDist?: string;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
  /** The clock of sessions and rate limits, in ms since the epoch (tests move it). */
  now?: () => number;
  /** scrypt cost; tests lower it, production keeps the default. */
  passwordParams?: ScryptParams;
  rateLimits?: Partial<RateLimitSettings>;
  /** Where rate-limit hits are counted; default this process's memory (api/shared-state.ts opens a shared one). */
  rateLimitStore?: RateLimitStore;
  /** Other processes' writes, heard as they commit (api/shared-state.ts); without it tiles re-read versions once a second. */
  changes?: ChangeFeed;
  cookieSecure?: SessionOptions['cookieSecure'];
  trustProxy?: SessionOptions['trustProxy'];
  /** Days a self-assessment stays valid, by risk class (default: domain/rules/assessment/validity.ts). */
  assessmentValidDays?: Record<RiskClass, number>;
  /** The public address QR codes, certificate pages and TileJSON point to (default: the request's, if its Host is allowed). */
  publicUrl?: string;
  /** Without `publicUrl`, the Host names links may be built from (default: loopback). */
  allowedHosts?: string[];
  /** `1-2`: compute levels from criteria 1 and 2 only, as Hanoi did under Notice 768/TB-UBND (default: all criteria). */
  levelCriteria?: 'all' | '1-2';
  /** A ward's latest level is stale when its week is more than this many days behind the city's newest (default 14). */
  levelStaleDays?: number;
  /** Memory for built tiles (raw + gzip), in bytes; least recently used go first. */
  tileCacheBytes?: number;
  /** The basemap archive (SAFEMAP_BASEMAP); default: the first in `<dataDir>/basemap/`. */
  basemap?: string;
}

/** The whole HTTP surface of safemap over one database; tests call `app.request()`. */
export function createApp(db: Db, options: AppOptions = {}) {
  const now = options.now ?? Date.now;
  const rateLimitStore = options.rateLimitStore ?? new MemoryRateLimitStore();
  const tiles = new TileService(db, options.tileCacheBytes, now, options.changes);
  const session: SessionOptions = {
    cookieSecure: options.cookieSecure ?? 'auto',
    trustProxy: options.trustProxy ?? false,
    now,
  };
  const auth: AuthDeps = {
    db,
    session,
    limiters: createLimiters({ ...DEFAULT_RATE_LIMITS, ...options.rateLimits }, now, rateLimitStore),
    passwordParams: options.passwordParams ?? PASSWORD_PARAMS,
  };
  const app = new OpenAPIHono<AppEnv>();
  app.onError(onError);
  // the one text rule (api/text.ts) for the URL, before any route reads a path segment or query value
  app.use('*', async (c, next) => {
    const errors = urlTextErrors(c.req.url.slice(c.req.url.indexOf('/', c.req.url.indexOf('//') + 2)));
    if (errors.length === 0) return next();
    return problemResponse(c, 400, errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors, 'validation-error');
  });
  // Tiles first: public, read-only bytes with their own caching headers; the middleware below
  // (request ids, CSP, body limits, sessions) has nothing to do for them and would only add latency.
  app.route('/', basemapRoutes(db, options));
  app.route('/', tileRoutes(tiles, options));
  app.use('*', requestId());
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        // MapLibre runs its workers from blob: URLs and sets inline styles on map elements
        workerSrc: ["'self'", 'blob:'],
        childSrc: ["'self'", 'blob:'],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'strict-origin-when-cross-origin',
      xContentTypeOptions: true,
    }),
  );
  const limitBody = bodyLimit({
    maxSize: options.maxBodyBytes ?? 1024 * 1024,
    onError: (c) =>
      problemResponse(
        c,
        413,
        `The request body is larger than ${Math.round((options.maxBodyBytes ?? 1024 * 1024) / 1024)} KB.`,
      ),
  });
  // GET and HEAD carry no body; asking Node's request for one builds a whole web Request (~6 % of CPU at 32 clients)
  app.use('*', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)));
  app.use('/api/*', compress());

  app.use('/api/*', sessionMiddleware(db, session), writeLimit(auth.limiters, session.trustProxy));
  // Read-your-writes with a replica (DATABASE_READ_URL): every write needs a session, so a
  // signed-in person's reads all go to the primary and show their own writes however far the
  // replica lags; the anonymous public, who wrote nothing, reads from the replica.
  app.use('/api/*', (c, next) => (c.get('actor') ? readsOnPrimary(next) : next()));
  // A write through this process may have bumped layer versions: the next tile request sees it at once.
  app.use('/api/*', async (c, next) => {
    await next();
    if (c.req.method !== 'GET' && c.res.ok) tiles.invalidateVersions();
  });

  const routes = app
    .route('/', healthRoutes(db))
    .route('/', authRoutes(auth))
    .route('/', accountRoutes(auth))
    .route('/', wardRoutes(db.read))
    .route('/', wardContactRoutes(db))
    .route('/', premisesRoutes(db, now))
    .route('/', assessmentRoutes(db, now, options.assessmentValidDays))
    .route('/', businessRoutes(db, now))
    .route('/', analysisRoutes(db))
    .route('/', levelRoutes(db.read, rateLimitStore, options.levelStaleDays, session.trustProxy))
    .route('/', indicatorRoutes(db, { criteria12Only: options.levelCriteria === '1-2' }))
    .route('/', groupRoutes(db))
    .route('/', resourceRoutes(db, now))
    .route('/', fontRoutes(options.dataDir));
  app.route('/', docsRoutes());
  app.route('/', certificateRoutes(db, now, options));
  app.get('/api/openapi.json', (c) => c.json(applyOpenApiMeta(app.getOpenAPI31Document(OPENAPI_INFO))));

  if (options.webDist && existsSync(join(options.webDist, 'index.html'))) app.route('/', staticRoutes(options.webDist));
  let allowed: ReturnType<typeof allowedMethods> | undefined;
  app.notFound((c) => {
    allowed ??= allowedMethods(app.routes);
    const allow = allowed(c.req.path);
    if (allow.length > 0) {
      c.header('Allow', allow.join(', '));
      return problemResponse(c, 405, `${c.req.method} is not allowed on ${c.req.path}; use ${allow.join(' or ')}.`);
    }
    return problemResponse(c, 404, `Nothing at ${c.req.method} ${c.req.path}.`);
  });
  return Object.assign(routes, { tiles });
}

export type AppType = ReturnType<typeof createApp>;

/** The methods the app's own routes (not middleware or the web app's catch-all) answer on a path. */
function allowedMethods(routes: readonly { method: string; path: string }[]) {
  const table = routes
    .filter((r) => r.method !== 'ALL' && r.path !== '*' && r.path !== '/*')
    .map((r) => ({
      method: r.method,
      re: new RegExp(
        `^${r.path
          .split('/')
          .map((seg) => {
            const param = /^:\w+(?:\{(.+)\})?$/.exec(seg);
            if (param) return param[1] ? `(?:${param[1]})` : '[^/]+';
            return seg === '*' ? '.*' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          })
          .join('/')}$`,
      ),
    }));
  return (path: string) => {
    const methods = new Set(table.filter((r) => r.re.test(path)).map((r) => r.method));
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  };
}
