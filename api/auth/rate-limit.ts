import { ProblemError } from '../problem.js';

/**
 * Where the hits of rate-limited keys are counted: this process's memory (one node, the embedded
 * engine), a PostgreSQL table or Redis (several nodes share one budget; api/shared-state.ts
 * chooses). Each keeps, per key, the times of its newest hits within a sliding window.
 */
export interface RateLimitStore {
  /** The times (ms since the epoch) of `key`'s hits after `now - windowMs`, oldest first. */
  recent(key: string, windowMs: number, now: number): Promise<number[]>;
  /** Counts a hit of `key` at `now`, keeping the newest `keep` of the window (older ones cannot matter). */
  hit(key: string, now: number, windowMs: number, keep: number): Promise<void>;
  /** Forgets `key`'s hits. */
  reset(key: string): Promise<void>;
}

/** How long a client is told to wait while the shared store cannot be reached. */
const STORE_DOWN_RETRY_MS = 5000;

/**
 * A store that cannot be reached refuses the request (503), never lets it through uncounted and
 * never answers 500: the limit is not broken, only unknown for a moment.
 */
function guarded<T>(work: Promise<T>): Promise<T> {
  return work.catch((error) => {
    if (error instanceof ProblemError) throw error;
    console.warn(`[rate-limit] store unavailable: ${error instanceof Error ? error.message : error}`);
    throw new ProblemError(
      503,
      'Cannot check the request limits right now; try again shortly.',
      undefined,
      'rate-limit-unavailable',
      { 'Retry-After': String(STORE_DOWN_RETRY_MS / 1000) },
      { retryAfterMs: STORE_DOWN_RETRY_MS },
    );
  });
}

/** At most `limit` hits in any `windowMs` per key, counted in `store` under the limit's `name`. */
export class RateLimiter {
  constructor(
    readonly name: string,
    readonly limit: number,
    readonly windowMs: number,
    private readonly store: RateLimitStore,
    private readonly now: () => number = Date.now,
  ) {}

  private key(key: string) {
    return `${this.name}:${key}`;
  }

  /** Seconds until `key` may act again, or 0 when it may act now. */
  async retryAfterS(key: string): Promise<number> {
    const now = this.now();
    const hits = await guarded(this.store.recent(this.key(key), this.windowMs, now));
    if (hits.length < this.limit) return 0;
    // the oldest of the newest `limit` hits must leave the window first
    return Math.max(1, Math.ceil((hits[hits.length - this.limit] + this.windowMs - now) / 1000));
  }

  /** Counts one hit for `key`. */
  hit(key: string): Promise<void> {
    return guarded(this.store.hit(this.key(key), this.now(), this.windowMs, this.limit));
  }

  /** Forgets `key` (a successful sign-in clears its failures). */
  reset(key: string): Promise<void> {
    return guarded(this.store.reset(this.key(key)));
  }
}

/** Hits in this process's memory: enough for one node, and the embedded engine is always one. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly hits = new Map<string, number[]>();

  /** `maxKeys`: keys tracked at most; the stalest are dropped first, so a flood of keys cannot exhaust memory. */
  constructor(private readonly maxKeys = 100_000) {}

  async recent(key: string, windowMs: number, now: number): Promise<number[]> {
    const list = (this.hits.get(key) ?? []).filter((t) => t > now - windowMs);
    if (list.length === 0) this.hits.delete(key);
    else this.hits.set(key, list);
    return list;
  }

  async hit(key: string, now: number, windowMs: number, keep: number): Promise<void> {
    const list = [...(await this.recent(key, windowMs, now)), now].slice(-keep);
    this.hits.delete(key);
    this.hits.set(key, list);
    if (this.hits.size > this.maxKeys) this.hits.delete(this.hits.keys().next().value as string);
  }

  async reset(key: string): Promise<void> {
    this.hits.delete(key);
  }
}
