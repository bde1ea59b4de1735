// npm start: builds the web app when its sources are newer than the build, then serves everything.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConfig } from '../data/config.js';
import { BASEMAP_HINT, findBasemap } from '../tiles/basemap/load.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'dist/web/index.html');

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newestMtime(join(path, f))));
}

const sources = ['web', 'vite.config.ts', 'package-lock.json'].map((p) => join(root, p)).filter(existsSync);
if (!existsSync(built) || Math.max(...sources.map(newestMtime)) > statSync(built).mtimeMs) {
  console.log('[safemap] Building the web app…');
  const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
// without a basemap the map has no streets: say how to add one (README, "Basemap")
if (!findBasemap(readConfig())) console.log(`[safemap] ${BASEMAP_HINT}`);
if (!process.env.DATABASE_URL) {
  console.log(
    '[safemap] Engine: embedded PostgreSQL (PGlite) — for one machine and a few people at a time (a ward or district\n' +
      '  office, a demo). Under load it answers 503 with Retry-After rather than make requests wait. For a city-wide\n' +
      '  service use PostgreSQL + PostGIS: DATABASE_URL=postgres://user@host/safemap npm start (see README).',
  );
}
await import('../api/server.js');
