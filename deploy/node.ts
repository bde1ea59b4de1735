import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** One API process (api/server.ts) on its own port. */
export interface ApiNode {
  name: string;
  port: number;
  origin: string;
  process: ChildProcess;
  /** what it printed, for a report when something fails */
  output: string[];
  /** resolves with the exit code or signal once the process has ended */
  exited: Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts `api/server.ts` in a Node process of its own (not through the tsx CLI, which would add a
 * parent process: `kill -9` must hit the server itself) on a port the system picks, and resolves
 * once it says it is ready.
 */
export function startApiNode(name: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<ApiNode> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? String(code))),
  );
  return new Promise<ApiNode>((resolve, reject) => {
    let ready = false;
    const onLine = (line: string) => {
      output.push(line);
      log(`[${name}] ${line}`);
      const m = /Ready in .*http:\/\/[^:]+:(\d+)/.exec(line);
      if (!m || ready) return;
      ready = true;
      const port = Number(m[1]);
      resolve({
        name,
        port,
        origin: `http://127.0.0.1:${port}`,
        process: child,
        output,
        exited,
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(timer);
        },
      });
    };
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) onLine(line);
      });
    }
    exited.then((how) => {
      if (!ready) reject(new Error(`${name} ended (${how}) before it was ready:\n${output.slice(-20).join('\n')}`));
    });
  });
}
