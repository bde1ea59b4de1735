import type { Queryable } from '../../data/db.js';
import type { RateLimitStore } from './rate-limit.js';

/** How often, of the store's clock, rows whose window has passed are deleted. */
const CLEAN_EVERY_MS = 60_000;

/**
 * Hits in the `rate_limit_hits` table (migration 014), shared by every API node on the database.
 * A hit is one upsert that trims the key's list in the same statement, so concurrent hits from
 * several nodes queue on the row's lock and none is lost. Give it the primary, never a read
 * replica: the table is unlogged (a standby has no rows) and a lagging copy would undercount.
 */
export class PostgresRateLimitStore implements RateLimitStore {
  private cleanedAt = 0;

  constructor(private readonly db: Queryable) {}

  async recent(key: string, windowMs: number, now: number): Promise<number[]> {
    const [row] = await this.db.query<{ hits: number[] }>('SELECT hits FROM rate_limit_hits WHERE key = $1', [key]);
    return (row?.hits ?? []).map(Number).filter((t) => t > now - windowMs);
  }

  async hit(key: string, now: number, windowMs: number, keep: number): Promise<void> {
    await this.db.query(
      `INSERT INTO rate_limit_hits AS r (key, hits, expires_at) VALUES ($1, ARRAY[$2::bigint], $2::bigint + $3)
       ON CONFLICT (key) DO UPDATE SET
         hits = ARRAY(SELECT h FROM (SELECT h FROM unnest(r.hits || $2::bigint) h WHERE h > $2::bigint - $3
                                     ORDER BY h DESC LIMIT $4) newest ORDER BY h),
         expires_at = greatest(r.expires_at, $2::bigint + $3)`,
      [key, now, windowMs, keep],
    );
    if (now - this.cleanedAt >= CLEAN_EVERY_MS) {
      this.cleanedAt = now;
      // off the request's path: a failed clean-up is retried a minute later
      this.db.query('DELETE FROM rate_limit_hits WHERE expires_at <= $1', [now]).catch(() => {
        this.cleanedAt = 0;
      });
    }
  }

  async reset(key: string): Promise<void> {
    await this.db.query('DELETE FROM rate_limit_hits WHERE key = $1', [key]);
  }
}
