import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { tileFastPath } from '../tiles/fast-path.js';
import type { createApp } from './app.js';

/** Serves the app on a port: cached tiles by the fast path, everything else through Hono. */
export async function listen(
  app: ReturnType<typeof createApp>,
  port: number,
  hostname?: string,
): Promise<{ server: Server; origin: string }> {
  const hono = getRequestListener(app.fetch);
  const fast = tileFastPath(app.tiles);
  const server = createServer((req, res) => {
    if (!fast(req, res)) hono(req, res);
  });
  await new Promise<void>((resolve) => server.listen(port, hostname, resolve));
  const address = server.address() as AddressInfo;
  return { server, origin: `http://${hostname ?? 'localhost'}:${address.port}` };
}
