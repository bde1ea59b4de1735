import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Settings read from the environment, with the defaults the README states. */
export function readConfig(env: NodeJS.ProcessEnv = process.env) {
  const sharedData = fileURLToPath(new URL('../../shared/data', import.meta.url));
  return {
    port: Number(env.PORT ?? 8080),
    databaseUrl: env.DATABASE_URL || undefined,
    dbDir: env.SAFEMAP_DB_DIR ?? `${PROJECT_ROOT}.safemap/db`,
    /** Absent when neither SAFEMAP_DATA_DIR nor ../shared/data exists. */
    dataDir: env.SAFEMAP_DATA_DIR ?? (existsSync(sharedData) ? sharedData : undefined),
    webDist: `${PROJECT_ROOT}dist/web`,
  };
}
