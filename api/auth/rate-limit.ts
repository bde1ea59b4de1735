/**
 * A sliding-window counter per key, in this process's memory: at most `limit` hits in any
 * `windowMs`. A shared store (Redis, a PostgreSQL table) would implement the same two methods
 * when the API runs on several nodes; one node needs nothing more.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
    /** Keys tracked at most; the stalest are dropped first, so a flood of keys cannot exhaust memory. */
    private readonly maxKeys = 100_000,
  ) {}

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const list = (this.hits.get(key) ?? []).filter((t) => t > since);
    if (list.length === 0) this.hits.delete(key);
    else this.hits.set(key, list);
    return list;
  }

  /** Seconds until `key` may act again, or 0 when it may act now. */
  retryAfterS(key: string): number {
    const list = this.recent(key);
    if (list.length < this.limit) return 0;
    return Math.max(1, Math.ceil((list[list.length - this.limit] + this.windowMs - this.now()) / 1000));
  }

  /** Counts one hit for `key`. */
  hit(key: string): void {
    const list = this.recent(key);
    list.push(this.now());
    this.hits.delete(key);
    this.hits.set(key, list);
    if (this.hits.size > this.maxKeys) this.hits.delete(this.hits.keys().next().value as string);
  }

  /** Forgets `key` (a successful login clears its failures). */
  reset(key: string): void {
    this.hits.delete(key);
  }
}
