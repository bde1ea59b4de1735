import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Nginx, startNginx } from './nginx.js';
import { type ApiNode, startApiNode } from './node.js';
import { type PostgresPair, startPostgresPair } from './postgres.js';

/** The reference deployment on one machine: PostgreSQL primary + replica, N API nodes, nginx. */
export interface Deployment {
  dir: string;
  postgres: PostgresPair;
  nodes: ApiNode[];
  nginx: Nginx;
  /** the environment every node was started with (DATABASE_URL, DATABASE_READ_URL, …) */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export interface DeploymentOptions {
  nodes: number;
  /** extra environment for the nodes (SAFEMAP_WEB_DIST, …) */
  env?: NodeJS.ProcessEnv;
  /** nginx's port (default: a free one) */
  port?: number;
  log?: (line: string) => void;
}

/**
 * Starts everything on loopback in a temp directory: the primary and its streaming replica, then
 * the API nodes all at once on the empty database (one migrates and imports the Hanoi data, the
 * others wait for it: data/db.ts `startingAlone`), then nginx in front of them.
 */
export async function startDeployment(options: DeploymentOptions): Promise<Deployment> {
  const log = options.log ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'safemap-deploy-'));
  // PostgreSQL (as postgres) and nginx's workers (as nobody, when started by root) reach inside
  chmodSync(dir, 0o755);
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    const postgres = await startPostgresPair(join(dir, 'pg'));
    cleanups.push(() => postgres.stop());
    const env = {
      DATABASE_URL: postgres.primaryUrl,
      DATABASE_READ_URL: postgres.replicaUrl,
      // nginx on this machine is the one proxy whose X-Forwarded-For is believed
      SAFEMAP_TRUST_PROXY: '1',
      ...options.env,
    };
    const started = await Promise.allSettled(
      Array.from({ length: options.nodes }, (_, i) => startApiNode(`node ${'ABCDEFGHIJ'[i] ?? i}`, env, log)),
    );
    const nodes = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    cleanups.push(() => Promise.all(nodes.map((n) => n.stop())).then(() => {}));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    const nginx = await startNginx(
      join(dir, 'nginx'),
      nodes.map((n) => `127.0.0.1:${n.port}`),
      { port: options.port },
    );
    cleanups.push(() => nginx.stop());
    return { dir, postgres, nodes, nginx, env, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
