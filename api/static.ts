import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { type Context, Hono } from 'hono';
import { notModified } from './conditional.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

interface Variant {
  body: Uint8Array;
  etag: string;
}
interface StaticFile {
  type: string;
  /** hashed names under /assets/ never change: cached for a year; anything else is revalidated */
  immutable: boolean;
  identity: Variant;
  /** the build's own brotli and gzip copies (vite.config.ts), when it made them */
  br?: Variant;
  gzip?: Variant;
}

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));

/** Every file of the built app, read once: requests never wait on the disk (or on a thread pool busy hashing). */
function loadDist(dist: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const all = new Set(walk(dist));
  for (const file of all) {
    if (file.endsWith('.br') || file.endsWith('.gz')) continue;
    const path = `/${relative(dist, file).split(sep).join('/')}`;
    const raw = readFileSync(file);
    const hash = createHash('sha256').update(raw).digest('base64url').slice(0, 22);
    const variant = (suffix: string, tag: string): Variant | undefined =>
      all.has(`${file}${suffix}`) ? { body: readFileSync(`${file}${suffix}`), etag: `"${hash}-${tag}"` } : undefined;
    files.set(path, {
      type: TYPES[extname(file)] ?? 'application/octet-stream',
      immutable: path.startsWith('/assets/'),
      identity: { body: raw, etag: `"${hash}"` },
      br: variant('.br', 'br'),
      gzip: variant('.gz', 'gz'),
    });
  }
  return files;
}

/** The encodings the request accepts (q > 0), lower-cased. */
function accepted(header: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) out.add(name);
  }
  return out;
}

/**
 * The built web app, from memory: each file precompressed (brotli, else gzip, by Accept-Encoding, with
 * `Vary: Accept-Encoding`), hashed assets cached for a year as immutable, everything else (index.html,
 * the service worker, the manifest) revalidated by ETag. A navigation to any other page path gets the
 * single-page app, which reads its view from the URL.
 */
export function staticRoutes(dist: string) {
  const files = loadDist(dist);
  const index = files.get('/index.html');
  const app = new Hono();

  const send = (c: Context, file: StaticFile) => {
    const encodings = accepted(c.req.header('Accept-Encoding'));
    const [encoding, variant] =
      file.br && encodings.has('br')
        ? ['br', file.br]
        : file.gzip && (encodings.has('gzip') || encodings.has('x-gzip'))
          ? ['gzip', file.gzip]
          : [undefined, file.identity];
    c.header('Cache-Control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (file.br || file.gzip) c.header('Vary', 'Accept-Encoding');
    if (notModified(c, variant.etag)) return c.body(null, 304);
    c.header('Content-Type', file.type);
    if (encoding) c.header('Content-Encoding', encoding);
    c.header('Content-Length', String(variant.body.byteLength));
    return c.body(variant.body as Uint8Array<ArrayBuffer>, 200);
  };

  app.on(['GET', 'HEAD'], '*', (c, next) => {
    const file = files.get(c.req.path === '/' ? '/index.html' : c.req.path);
    if (file) return send(c, file);
    // a navigation (a person's browser asking for a page) on a path that is not the API's, the
    // tiles', the fonts' or the certificate pages' own; anything else goes on (to a 404)
    if (
      !index ||
      /^\/(api|tiles|fonts|certificate|verify|assets)(\/|$)/.test(c.req.path) ||
      /\.[a-z0-9]+$/i.test(c.req.path) ||
      !/\btext\/html\b/.test(c.req.header('Accept') ?? '')
    )
      return next();
    return send(c, index);
  });
  return app;
}
