import { describe, expect, it } from 'vitest';
import { HashGate, HashQueueFull, hashPassword, verifyPassword } from './password.js';

const FAST = { N: 2 ** 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('verifies the password it hashed and nothing else', async () => {
    const stored = await hashPassword('mật khẩu dài', FAST);
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await verifyPassword('mật khẩu dài', stored)).toBe(true);
    expect(await verifyPassword('mat khau dai', stored)).toBe(false);
  });
});

describe('HashGate', () => {
  /** work that resolves when the test says so, counting how many run at once */
  function controlled() {
    let active = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const work = () =>
      new Promise<void>((resolve) => {
        active++;
        peak = Math.max(peak, active);
        releases.push(() => {
          active--;
          resolve();
        });
      });
    return { work, releases, peak: () => peak };
  }

  it('runs at most `concurrency` at once, queues up to the limit, and refuses the rest at once', async () => {
    const gate = new HashGate(2, 3);
    const { work, releases, peak } = controlled();
    const admitted = Array.from({ length: 5 }, () => gate.run(work));
    await Promise.resolve();
    expect(gate.load).toEqual({ running: 2, waiting: 3 });
    // the sixth is refused without waiting, with a time to come back
    const refused = await gate.run(work).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HashQueueFull);
    expect((refused as HashQueueFull).retryAfterS).toBeGreaterThanOrEqual(1);
    // releasing lets the queue through in order, never more than two at once
    while (releases.length > 0 || gate.load.running > 0) {
      releases.shift()?.();
      await new Promise((r) => setTimeout(r, 0));
    }
    await Promise.all(admitted);
    expect(peak()).toBe(2);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it('frees its place when the work fails', async () => {
    const gate = new HashGate(1, 1);
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
    expect(await gate.run(async () => 42)).toBe(42);
  });
});
