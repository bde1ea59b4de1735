import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { brotliCompress, constants, createBrotliCompress, createGzip, gzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';

/** Below this an answer goes as it is: the encoding's framing would eat most of the saving. */
export const MIN_COMPRESS_BYTES = 1024;

const COMPRESSIBLE = /^\s*(?:application\/(?:[\w.-]+\+)?json|text\/(?:csv|plain))\s*(?:;|$)/i;
const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;
// for answers made per request: brotli's default (11) takes seconds on a megabyte, 5 a few ms
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } };
const GZIP = { level: 6 };
const whole = { br: promisify(brotliCompress), gzip: promisify(gzip) };

export type Encoding = 'br' | 'gzip';

/**
 * The encoding to answer with by RFC 9110 §12.5.3 Accept-Encoding: the accepted (q > 0) one with
 * the highest q, brotli on a tie; `*` stands for any not named; undefined: identity.
 */
export function negotiateEncoding(field: string | null | undefined): Encoding | undefined {
  if (!field) return undefined;
  const q = new Map<string, number>();
  for (const part of field.toLowerCase().split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim());
    const weight = params.find((p) => p.startsWith('q='));
    q.set(name === 'x-gzip' ? 'gzip' : name, weight ? Number(weight.slice(2)) || 0 : 1);
  }
  const of = (name: Encoding) => q.get(name) ?? q.get('*') ?? 0;
  const [br, gz] = [of('br'), of('gzip')];
  if (br > 0 && br >= gz) return 'br';
  return gz > 0 ? 'gzip' : undefined;
}

/**
 * Compresses JSON, GeoJSON and CSV answers (gzip or brotli, as the client accepts) from
 * MIN_COMPRESS_BYTES up, with `Vary: Accept-Encoding`. A body already whole (a string) is
 * compressed in one call off the event loop; a streamed one (the exports) chunk by chunk, so
 * memory stays flat. A strong ETag is made weak: the compressed bytes differ, the content does not,
 * and If-None-Match compares weakly, so the route's 304 still applies. Answers already encoded
 * (tiles) and `Cache-Control: no-transform` ones go as they are.
 */
export function compress(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    const type = res.headers.get('Content-Type');
    if (!type || !COMPRESSIBLE.test(type) || res.headers.has('Content-Encoding')) return;
    if (NO_TRANSFORM.test(res.headers.get('Cache-Control') ?? '')) return;
    const length = res.headers.get('Content-Length');
    if (length !== null && Number(length) < MIN_COMPRESS_BYTES) return;
    const encoding = negotiateEncoding(c.req.header('Accept-Encoding'));
    if (!encoding && c.req.method === 'GET') {
      // taken as it is: the body is left untouched (reading it here would cost every plain answer a
      // second Response and a stream); only a cache must know another client may get it encoded
      varyOnEncoding(res.headers);
      return;
    }
    if (!res.body) return;

    // a body already whole arrives as one chunk; a second read tells it from a stream
    const reader = res.body.getReader();
    const first = await reader.read();
    const second = first.done ? first : await reader.read();
    const head: Uint8Array[] = [];
    for (const { value } of first === second ? [first] : [first, second]) if (value) head.push(value);
    const streamed = !second.done;
    const size = head.reduce((n, chunk) => n + chunk.length, 0);
    const headers = new Headers(res.headers);
    const answer = (body: BodyInit | null) => {
      // c.res set anew would merge the old headers back in: clear it first
      c.res = undefined;
      c.res = new Response(body, { status: res.status, statusText: res.statusText, headers });
    };
    if (!streamed && size < MIN_COMPRESS_BYTES) return answer(Buffer.concat(head));

    varyOnEncoding(headers);
    if (encoding) {
      headers.set('Content-Encoding', encoding);
      headers.delete('Content-Length');
      const etag = headers.get('ETag');
      if (etag && !etag.startsWith('W/')) headers.set('ETag', `W/${etag}`);
    }
    if (c.req.method === 'HEAD') {
      // the headers a GET would have; the rest of an export is never read
      await reader.cancel();
      return answer(null);
    }
    if (!encoding) return answer(streamed ? restOf(head, reader) : Buffer.concat(head));
    if (!streamed) {
      const bytes = await whole[encoding](Buffer.concat(head), encoding === 'br' ? BROTLI : GZIP);
      headers.set('Content-Length', String(bytes.length));
      return answer(bytes);
    }
    const zip = encoding === 'br' ? createBrotliCompress(BROTLI) : createGzip(GZIP);
    const source = Readable.fromWeb(restOf(head, reader) as import('node:stream/web').ReadableStream);
    // a failed source (the database gone mid-export) ends the answer early rather than hanging it
    source.on('error', (error) => zip.destroy(error));
    answer(Readable.toWeb(source.pipe(zip)) as ReadableStream<Uint8Array>);
  };
}

/** Adds Accept-Encoding to Vary, unless it is there or Vary is `*`. */
function varyOnEncoding(headers: Headers) {
  const vary = headers.get('Vary');
  if (vary !== '*' && !/(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(vary ?? '')) {
    headers.set('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
  }
}

/** The chunks already read, then the rest of the stream, read only as the receiver asks. */
function restOf(head: Uint8Array[], reader: ReadableStreamDefaultReader<Uint8Array>): ReadableStream<Uint8Array> {
  const queued = [...head];
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = queued.shift();
      if (chunk) return controller.enqueue(chunk);
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}
