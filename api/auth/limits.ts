import type { MiddlewareHandler } from 'hono';
import { ProblemError } from '../problem.js';
import { RateLimiter, type RateLimitStore } from './rate-limit.js';
import { type AppEnv, clientIp, type TrustProxy } from './session.js';

/** Hits allowed per window for each limited action. */
export interface RateLimitSettings {
  /** wrong passwords per account per minute (sign-in and password change together): the next attempt, right or wrong, waits */
  loginFailuresPerAccount: number;
  /** sign-in and password-change attempts per client address per minute, whatever the account */
  loginAttemptsPerIp: number;
  /** registrations per client address per hour */
  registrationsPerIp: number;
  /** writes (POST/PUT/PATCH/DELETE) per account, or per address when signed out, per minute */
  writesPerActor: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  loginFailuresPerAccount: 5,
  loginAttemptsPerIp: 30,
  registrationsPerIp: 10,
  writesPerActor: 120,
};

export type Limiters = ReturnType<typeof createLimiters>;

/** The limits, counted in `store`: this process's memory, or one every API node shares. */
export function createLimiters(settings: RateLimitSettings, now: () => number, store: RateLimitStore) {
  const minute = 60_000;
  return {
    loginAccount: new RateLimiter('login-account', settings.loginFailuresPerAccount, minute, store, now),
    loginIp: new RateLimiter('login-ip', settings.loginAttemptsPerIp, minute, store, now),
    register: new RateLimiter('register', settings.registrationsPerIp, 60 * minute, store, now),
    writes: new RateLimiter('writes', settings.writesPerActor, minute, store, now),
  };
}

/** 429 with `Retry-After` when `limiter` says `key` must wait. */
export async function enforce(limiter: RateLimiter, key: string, what: string): Promise<void> {
  const waitS = await limiter.retryAfterS(key);
  if (waitS > 0) {
    throw new ProblemError(429, `Too many ${what}; try again in ${waitS} s.`, undefined, 'rate-limited', {
      'Retry-After': String(waitS),
    });
  }
}

/**
 * Routes with budgets of their own (sign-in, registration, password change): the general write
 * budget does not count them, so cheap writes (e.g. a flood of sign-outs) cannot lock people
 * behind the same address out of signing in, and these are limited by what guessing costs.
 */
const OWN_BUDGET = new Set(['/api/auth/login', '/api/auth/register', '/api/auth/password']);

/** Counts every other write under /api against the actor (or their address when signed out). */
export function writeLimit(limiters: Limiters, trustProxy: TrustProxy): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (
      c.req.method !== 'GET' &&
      c.req.method !== 'HEAD' &&
      c.req.method !== 'OPTIONS' &&
      !OWN_BUDGET.has(c.req.path.replace(/\/+$/, ''))
    ) {
      const actor = c.get('actor');
      const key = actor ? `account:${actor.id}` : `ip:${clientIp(c, trustProxy)}`;
      await enforce(limiters.writes, key, 'changes in a minute');
      await limiters.writes.hit(key);
    }
    await next();
  };
}
