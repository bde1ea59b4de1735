import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const TEMPLATE = new URL('./nginx.conf', import.meta.url);

/** One line of the access log (the `safemap` log_format in deploy/nginx.conf). */
export interface AccessLogEntry {
  time: string;
  method: string;
  uri: string;
  status: number;
  /** HIT, MISS, EXPIRED, STALE, … or '' where the cache is not used */
  cache: string;
  /** every node tried, in order, comma-separated (`127.0.0.1:4001, 127.0.0.1:4002`) */
  upstream: string;
  upstreamStatus: string;
  ms: number;
}

export interface Nginx {
  origin: string;
  port: number;
  /** the access log so far, parsed */
  accessLog(): AccessLogEntry[];
  stop(): Promise<void>;
}

/** deploy/nginx.conf with the listen address and the nodes filled in. */
export function nginxConfig(listen: string, nodes: string[]): string {
  const servers = nodes.map((n) => `    server ${n} max_fails=1 fail_timeout=5s;`).join('\n');
  return readFileSync(TEMPLATE, 'utf8').replace('{{LISTEN}}', listen).replace('{{SERVERS}}', servers);
}

/** A port nobody listens on right now, on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Runs nginx (Debian package `nginx`) in the foreground as a child process, with `prefix` as its
 * directory (configuration, logs, cache), in front of `nodes` (host:port), listening on a free
 * loopback port (or `options.port`); `options.config` may rewrite the configuration (a benchmark's
 * variant). Resolves once it answers.
 */
export async function startNginx(
  prefix: string,
  nodes: string[],
  options: { port?: number; config?: (text: string) => string } = {},
): Promise<Nginx> {
  if (!existsSync('/usr/sbin/nginx')) throw new Error('/usr/sbin/nginx is missing: apt-get install nginx');
  mkdirSync(prefix, { recursive: true });
  // as root, nginx's workers run as nobody: they must reach the cache under the prefix
  chmodSync(prefix, 0o755);
  const listen = options.port ?? (await freePort());
  const conf = join(prefix, 'nginx.conf');
  const text = nginxConfig(`127.0.0.1:${listen}`, nodes);
  writeFileSync(conf, options.config ? options.config(text) : text);
  const args = ['-p', prefix, '-c', conf, '-e', join(prefix, 'error.log')];
  try {
    execFileSync('/usr/sbin/nginx', [...args, '-t'], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(`nginx refused ${conf}: ${(error as { stderr?: Buffer }).stderr?.toString()}`);
  }
  const child: ChildProcess = spawn('/usr/sbin/nginx', [...args, '-g', 'daemon off;'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = `http://127.0.0.1:${listen}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null)
      throw new Error(`nginx ended at start: ${readFileSync(join(prefix, 'error.log'), 'utf8')}`);
    try {
      await fetch(`${origin}/api/health`).then((r) => r.arrayBuffer());
      break;
    } catch (error) {
      if (i > 100) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    origin,
    port: listen,
    accessLog: () =>
      readFileSync(join(prefix, 'access.log'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as AccessLogEntry),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
