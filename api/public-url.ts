import type { Context } from 'hono';
import { ProblemError } from './problem.js';

/** Where absolute links the server hands out (QR codes, certificate pages, TileJSON) point. */
export interface PublicUrlOptions {
  /** `SAFEMAP_PUBLIC_URL`: when set, every absolute link uses it and the Host header is never read. */
  publicUrl?: string;
  /** `SAFEMAP_ALLOWED_HOSTS`: host names a request may name when `publicUrl` is unset. */
  allowedHosts?: readonly string[];
}

/** Loopback names: a fresh checkout answers on them without any setting. */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** The host names a request may name (the configured list, or loopback), compared without the port. */
const allowedHostSet = (allowedHosts: readonly string[] | undefined) =>
  new Set((allowedHosts?.length ? allowedHosts : LOOPBACK_HOSTS).map((h) => h.trim().toLowerCase()));

/**
 * The origin absolute links are built on: the configured public URL, or the request's own origin
 * when its Host is an allowed one. Any other Host is refused (400) rather than reflected, so no
 * cache can keep a link to a stranger's site. `fromRequest` says which: an answer derived from the
 * request must not be stored by shared caches.
 */
export function publicOrigin(c: Context, options: PublicUrlOptions): { origin: string; fromRequest: boolean } {
  if (options.publicUrl) return { origin: options.publicUrl, fromRequest: false };
  const url = new URL(c.req.url);
  if (!allowedHostSet(options.allowedHosts).has(url.hostname.toLowerCase())) {
    throw new ProblemError(
      400,
      "The request's Host is not one this server answers for (the operator sets SAFEMAP_PUBLIC_URL or SAFEMAP_ALLOWED_HOSTS).",
      [{ path: 'header.host', message: 'not an allowed host', code: 'host_not_allowed' }],
    );
  }
  return { origin: url.origin, fromRequest: true };
}
