import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { RateLimitStore } from './rate-limit.js';

/**
 * Hits in Redis (or Valkey) when `REDIS_URL` is set: a sorted set per key, scored by the hit's
 * time. A hit adds, trims and sets the expiry in one MULTI, so hits from several nodes never
 * interleave inside it; Redis drops a key whose window has passed by itself.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private constructor(private readonly redis: Redis) {}

  /** Connects to `url` (`redis://host:port/db`); fails at once when nothing answers there. */
  static async open(url: string): Promise<RedisRateLimitStore> {
    // while the connection is down a command fails at once (the request answers 500) instead of
    // waiting in a queue, and the client keeps reconnecting in the background
    const redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    redis.on('error', (error: Error) => console.warn(`[redis] ${error.message}`));
    await redis.connect();
    return new RedisRateLimitStore(redis);
  }

  private static readonly PREFIX = 'safemap:rate:';

  async recent(key: string, windowMs: number, now: number): Promise<number[]> {
    const flat = await this.redis.zrangebyscore(
      RedisRateLimitStore.PREFIX + key,
      `(${now - windowMs}`,
      '+inf',
      'WITHSCORES',
    );
    const times: number[] = [];
    for (let i = 1; i < flat.length; i += 2) times.push(Number(flat[i]));
    return times;
  }

  async hit(key: string, now: number, windowMs: number, keep: number): Promise<void> {
    const k = RedisRateLimitStore.PREFIX + key;
    const results = await this.redis
      .multi()
      // a member per hit: two hits in the same millisecond are two hits
      .zadd(k, now, `${now}:${randomBytes(6).toString('base64url')}`)
      .zremrangebyscore(k, '-inf', now - windowMs)
      .zremrangebyrank(k, 0, -keep - 1)
      .pexpire(k, windowMs)
      .exec();
    const failed = results?.find(([error]) => error);
    if (failed) throw failed[0];
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(RedisRateLimitStore.PREFIX + key);
  }

  async close(): Promise<void> {
    // QUIT needs a connection; without one (Redis gone) it would wait for the next reconnection
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => this.redis.disconnect());
    else this.redis.disconnect();
  }
}
