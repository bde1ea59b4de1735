import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.js';

describe('RateLimiter', () => {
  it('allows `limit` hits in the window, then says how long to wait', () => {
    let now = 0;
    const limiter = new RateLimiter(5, 60_000, () => now);
    for (let i = 0; i < 5; i++) {
      expect(limiter.retryAfterS('a')).toBe(0);
      limiter.hit('a');
      now += 1000;
    }
    // hits at 0..4 s; the first leaves the window at 60 s
    expect(limiter.retryAfterS('a')).toBe(55);
    expect(limiter.retryAfterS('b')).toBe(0);
    now = 60_001;
    expect(limiter.retryAfterS('a')).toBe(0);
  });

  it('forgets a key on reset and drops the stalest key beyond its bound', () => {
    const limiter = new RateLimiter(1, 1000, () => 0, 2);
    limiter.hit('a');
    limiter.reset('a');
    expect(limiter.retryAfterS('a')).toBe(0);
    limiter.hit('x');
    limiter.hit('y');
    limiter.hit('z');
    expect(limiter.retryAfterS('x')).toBe(0);
    expect(limiter.retryAfterS('z')).toBe(1);
  });
});
