import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import { tileFastPath } from '../tiles/fast-path.js';
import type { createApp } from './app.js';
import { problemBody } from './problem.js';

/** Longest request target (path and query) served; longer is a 414. */
export const MAX_URL_BYTES = 8 * 1024;
/** Request headers, request line included, beyond this are refused by Node's parser (431 or 414). */
export const MAX_HEADER_BYTES = 16 * 1024;
/** A body left unread after an early answer is drained up to this; beyond it the connection closes. */
const DRAIN_BYTES = 64 * 1024;

const problemJson = (status: number, detail: string) => JSON.stringify(problemBody(status, detail));

/** Answers with a problem body straight on the response, outside Hono (before routing). */
function answer(res: ServerResponse, status: number, detail: string) {
  const body = problemJson(status, detail);
  res.writeHead(status, {
    'Content-Type': 'application/problem+json',
    'Content-Length': Buffer.byteLength(body),
    'X-Content-Type-Options': 'nosniff',
    Connection: 'close',
  });
  res.end(body);
}

/**
 * What Node's own parser refuses (headers too large, a malformed request line, bytes that are not
 * HTTP) still gets a problem body, then the connection closes: the parser cannot go on after it.
 */
export function onClientError(error: Error & { code?: string; rawPacket?: Buffer }, socket: Duplex) {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  let status = 400;
  let detail = 'The request is not valid HTTP.';
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    // the request line alone too long: the URL; otherwise the headers
    const line = error.rawPacket ? error.rawPacket.indexOf('\r\n') : -1;
    if (line === -1 || line > MAX_URL_BYTES) {
      status = 414;
      detail = `The URL is longer than ${MAX_URL_BYTES / 1024} KB.`;
    } else {
      status = 431;
      detail = `The request headers are larger than ${MAX_HEADER_BYTES / 1024} KB.`;
    }
  } else if (error.code === 'HPE_HEADERS_TIMEOUT' || error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    status = 408;
    detail = 'The request took too long to arrive.';
  }
  const body = problemJson(status, detail);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * A body the answer did not read (a 413, 403 or 404 sent early) must not poison the connection:
 * a small one is drained by the adapter; for a large or unknown one, say `Connection: close`
 * before the headers go out, so the client opens a new connection for its next request.
 */
function closeIfBodyUnread(req: IncomingMessage, res: ServerResponse) {
  const length = Number(req.headers['content-length'] ?? 0);
  if (!(length > DRAIN_BYTES || req.headers['transfer-encoding'])) return;
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: Parameters<typeof writeHead>) {
    if (!req.readableEnded) this.setHeader('Connection', 'close');
    return writeHead.apply(this, args);
  } as typeof writeHead;
}

/** Serves the app on a port: cached tiles by the fast path, everything else through Hono. */
export async function listen(
  app: ReturnType<typeof createApp>,
  port: number,
  hostname?: string,
): Promise<{ server: Server; origin: string }> {
  const hono = getRequestListener(app.fetch);
  const fast = tileFastPath(app.tiles);
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    if ((req.url ?? '').length > MAX_URL_BYTES)
      return answer(res, 414, `The URL is longer than ${MAX_URL_BYTES / 1024} KB.`);
    if (fast(req, res)) return;
    closeIfBodyUnread(req, res);
    hono(req, res);
  });
  server.on('clientError', onClientError);
  await new Promise<void>((resolve) => server.listen(port, hostname, resolve));
  const address = server.address() as AddressInfo;
  return { server, origin: `http://${hostname ?? 'localhost'}:${address.port}` };
}
