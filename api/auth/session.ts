import { timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Account } from '../../data/accounts.js';
import type { Db } from '../../data/db.js';
import { findSession, type LiveSession } from '../../data/sessions.js';
import { ProblemError } from '../problem.js';

export const SESSION_COOKIE = 'safemap_session';
export const CSRF_HEADER = 'X-CSRF-Token';

/** The signed-in person behind a request: their account and the session that proved it. */
export interface Actor extends Account {
  session: Omit<LiveSession, 'account'>;
}

/** Hono variables every route can read. */
export type AppEnv = { Variables: { actor: Actor | null; requestId: string } };

export interface SessionOptions {
  /** `auto`: Secure when the request came over TLS (behind a proxy only with `trustProxy`). */
  cookieSecure: 'auto' | 'always' | 'never';
  /** Believe `X-Forwarded-For`/`X-Forwarded-Proto` (only behind a proxy that sets them). */
  trustProxy: boolean;
  now: () => number;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const sameToken = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/**
 * Reads the session cookie into `actor` and guards writes: a write from another origin is refused,
 * and a write authenticated by the cookie must carry the session's CSRF token in `X-CSRF-Token`,
 * which another site cannot read.
 */
export function sessionMiddleware(db: Db, options: SessionOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const unsafe = UNSAFE.has(c.req.method);
    if (unsafe && crossSite(c))
      throw new ProblemError(403, 'Writes are accepted only from this site.', undefined, 'csrf');
    const token = getCookie(c, SESSION_COOKIE);
    const live = token ? await findSession(db, token, new Date(options.now())) : undefined;
    c.set(
      'actor',
      live ? { ...live.account, session: { tokenHash: live.tokenHash, csrfToken: live.csrfToken } } : null,
    );
    if (unsafe && live) {
      const sent = c.req.header(CSRF_HEADER);
      if (!sent || !sameToken(sent, live.csrfToken)) {
        throw new ProblemError(
          403,
          `A signed-in write must carry the session's ${CSRF_HEADER} header (from /api/auth/session).`,
          undefined,
          'csrf',
        );
      }
    }
    await next();
  };
}

/** Origin or Fetch-Metadata say the request came from another site. */
function crossSite(c: Context): boolean {
  if (c.req.header('Sec-Fetch-Site') === 'cross-site') return true;
  const origin = c.req.header('Origin');
  if (!origin || origin === 'null') return origin === 'null';
  try {
    return new URL(origin).host !== (c.req.header('Host') ?? new URL(c.req.url).host);
  } catch {
    return true;
  }
}

/** The client's address: the socket's, or the proxy's `X-Forwarded-For` when trusted. */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('X-Forwarded-For')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // app.request() in tests has no socket
  }
}

export function setSessionCookie(c: Context, token: string, expiresAt: Date, options: SessionOptions) {
  const overTls =
    new URL(c.req.url).protocol === 'https:' || (options.trustProxy && c.req.header('X-Forwarded-Proto') === 'https');
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: options.cookieSecure === 'always' || (options.cookieSecure === 'auto' && overTls),
    path: '/',
    // relative, so the browser keeps the cookie as long as the session lives even when the
    // server's clock and the browser's disagree (an absolute date could land in its past)
    maxAge: Math.max(0, Math.floor((expiresAt.getTime() - options.now()) / 1000)),
  });
}

export function clearSessionCookie(c: Context) {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}
