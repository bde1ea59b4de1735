import { describe, expect, it } from 'vitest';
import { MemoryRateLimitStore, RateLimiter } from './rate-limit.js';

// The same rules on the shared stores (PostgreSQL, Redis): test/shared-state.test.ts.
describe('RateLimiter in memory', () => {
  it('allows `limit` hits in the window, then says how long to wait', async () => {
    let now = 0;
    const limiter = new RateLimiter('t', 5, 60_000, new MemoryRateLimitStore(), () => now);
    for (let i = 0; i < 5; i++) {
      expect(await limiter.retryAfterS('a')).toBe(0);
      await limiter.hit('a');
      now += 1000;
    }
    // hits at 0..4 s; the first leaves the window at 60 s
    expect(await limiter.retryAfterS('a')).toBe(55);
    expect(await limiter.retryAfterS('b')).toBe(0);
    now = 60_001;
    expect(await limiter.retryAfterS('a')).toBe(0);
  });

  it('forgets a key on reset and drops the stalest key beyond its bound', async () => {
    const limiter = new RateLimiter('t', 1, 1000, new MemoryRateLimitStore(2), () => 0);
    await limiter.hit('a');
    await limiter.reset('a');
    expect(await limiter.retryAfterS('a')).toBe(0);
    await limiter.hit('x');
    await limiter.hit('y');
    await limiter.hit('z');
    expect(await limiter.retryAfterS('x')).toBe(0);
    expect(await limiter.retryAfterS('z')).toBe(1);
  });

  it('keeps apart limits of different names in one store', async () => {
    const store = new MemoryRateLimitStore();
    const a = new RateLimiter('a', 1, 1000, store, () => 0);
    const b = new RateLimiter('b', 1, 1000, store, () => 0);
    await a.hit('k');
    expect(await a.retryAfterS('k')).toBe(1);
    expect(await b.retryAfterS('k')).toBe(0);
  });
});
