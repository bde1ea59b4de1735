import { timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
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
  /**
   * The reverse proxies whose `X-Forwarded-For`/`X-Forwarded-Proto` are believed: addresses or
   * CIDR ranges; `true` means loopback (a proxy on the same machine); `false` none.
   */
  trustProxy: TrustProxy;
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

export type TrustProxy = boolean | readonly string[];

/** Loopback, what `SAFEMAP_TRUST_PROXY=1` (or `trustProxy: true`) trusts. */
export const LOOPBACK = ['127.0.0.0/8', '::1'] as const;

const blockLists = new WeakMap<readonly string[], BlockList>();

/** `127.0.0.1`, `::ffff:127.0.0.1` → `127.0.0.1`; brackets and an IPv4 port dropped. */
function bareAddress(raw: string): string {
  const a = raw.trim().replace(/^\[([^\]]+)\](:\d+)?$/, '$1');
  const v4port = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(a);
  return (v4port ? v4port[1] : a).replace(/^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i, '$1');
}

/** Whether `address` is one of the trusted proxies (parsed once per list). */
function isTrusted(address: string, trust: TrustProxy): boolean {
  if (trust === false) return false;
  const list = trust === true ? LOOPBACK : trust;
  let block = blockLists.get(list);
  if (!block) {
    block = new BlockList();
    for (const entry of list) {
      const [net, prefix] = entry.split('/');
      const type = isIP(net) === 6 ? 'ipv6' : 'ipv4';
      if (prefix) block.addSubnet(net, Number(prefix), type);
      else block.addAddress(net, type);
    }
    blockLists.set(list, block);
  }
  const version = isIP(address);
  return version !== 0 && block.check(address, version === 6 ? 'ipv6' : 'ipv4');
}

/** The socket's peer, or undefined for an in-process request (`app.request()` in tests). */
function peerAddress(c: Context): string | undefined {
  try {
    const address = getConnInfo(c).remote.address;
    return address ? bareAddress(address) : undefined;
  } catch {
    return undefined;
  }
}

/** The request came straight from a trusted proxy (in-process requests count as trusted). */
function fromTrustedProxy(c: Context, trust: TrustProxy): boolean {
  if (trust === false) return false;
  const peer = peerAddress(c);
  return peer === undefined || isTrusted(peer, trust);
}

/**
 * The client's address: the socket's peer; or, when that peer is a trusted proxy, the right-most
 * `X-Forwarded-For` hop that is not a trusted proxy. Each proxy appends the address it was
 * reached from, so the entries left of the last untrusted hop are the client's own writing and
 * a forged left-most entry changes nothing.
 */
export function clientIp(c: Context, trust: TrustProxy): string {
  const peer = peerAddress(c);
  if (!fromTrustedProxy(c, trust)) return peer ?? 'unknown';
  const hops = (c.req.header('X-Forwarded-For') ?? '')
    .split(',')
    .map(bareAddress)
    .filter((h) => h.length > 0);
  for (let i = hops.length - 1; i >= 0; i--) if (!isTrusted(hops[i], trust)) return hops[i];
  return hops[0] ?? peer ?? 'unknown';
}

export function setSessionCookie(c: Context, token: string, expiresAt: Date, options: SessionOptions) {
  const overTls =
    new URL(c.req.url).protocol === 'https:' ||
    (fromTrustedProxy(c, options.trustProxy) && c.req.header('X-Forwarded-Proto') === 'https');
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
