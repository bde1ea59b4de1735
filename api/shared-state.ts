import type { Db } from '../data/db.js';
import { type ChangeFeed, listenForChanges } from '../data/notify.js';
import { MemoryRateLimitStore, type RateLimitStore } from './auth/rate-limit.js';
import { PostgresRateLimitStore } from './auth/rate-limit-postgres.js';

/** What every API node on one database must see alike: rate-limit budgets and other nodes' writes. */
export interface SharedState {
  rateLimitStore: RateLimitStore;
  /** Absent on the embedded engine: this process is the only one writing. */
  changes?: ChangeFeed;
  /** Where each lives, for the start log. */
  description: string;
  close(): Promise<void>;
}

/**
 * Chosen from the configuration: rate limits in Redis when `REDIS_URL` is set, else in
 * PostgreSQL's `rate_limit_hits` when `DATABASE_URL` is, else in this process's memory. On
 * PostgreSQL, other nodes' writes are heard by LISTEN/NOTIFY, whatever holds the rate limits:
 * the notification leaves with the write's commit, which nothing outside the database can do.
 * `db` and `databaseUrl` name the primary: a standby can neither LISTEN nor hold the unlogged
 * counters, and a write's notification is sent where it commits.
 * Sessions need nothing here: they live in the database and are read on every request.
 */
export async function openSharedState(
  db: Db,
  config: { databaseUrl?: string; redisUrl?: string },
): Promise<SharedState> {
  const changes = config.databaseUrl ? await listenForChanges(config.databaseUrl) : undefined;
  try {
    if (config.redisUrl) {
      // loaded only when asked for: a deployment without Redis never loads its client
      const { RedisRateLimitStore } = await import('./auth/rate-limit-redis.js');
      const redis = await RedisRateLimitStore.open(config.redisUrl);
      return shared(redis, 'Redis (REDIS_URL)', changes, () => redis.close());
    }
    if (config.databaseUrl) return shared(new PostgresRateLimitStore(db), 'PostgreSQL', changes);
    return shared(new MemoryRateLimitStore(), 'this process', changes);
  } catch (error) {
    await changes?.close();
    throw error;
  }
}

function shared(
  rateLimitStore: RateLimitStore,
  where: string,
  changes: ChangeFeed | undefined,
  closeStore: () => Promise<void> = async () => {},
): SharedState {
  return {
    rateLimitStore,
    changes,
    description: `rate limits in ${where}; ${changes ? "other nodes' writes heard by PostgreSQL LISTEN/NOTIFY" : 'one process'}`,
    async close() {
      await Promise.all([closeStore(), changes?.close()]);
    },
  };
}
