import { describe, expect, it } from 'vitest';
import { DatabaseBusy } from '../db.js';
import { StatementQueue } from './statement-queue.js';

/** Work that runs until released; records when it started. */
function gate(started: string[], name: string) {
  let release = () => {};
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    work: async () => {
      started.push(name);
      await done;
      return name;
    },
    release,
  };
}

describe('StatementQueue', () => {
  it('runs one at a time, in order of arrival', async () => {
    const queue = new StatementQueue({ maxWaitMs: 60_000, maxQueue: 8 });
    const started: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((n) => gate(started, n));
    const results = [queue.run(a.work), queue.run(b.work), queue.run(c.work)];
    await Promise.resolve();
    expect(started).toEqual(['a']);
    c.release();
    b.release();
    a.release();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c']);
    expect(started).toEqual(['a', 'b', 'c']);
    await queue.drained();
  });

  it('refuses at once what those ahead would keep waiting beyond the bound, by the recent pace', async () => {
    let clock = 0;
    const queue = new StatementQueue({ maxWaitMs: 1000, maxQueue: 100 }, () => clock);
    // statements that took 2 s each (by the test's clock): the pace approaches the bound, 1 s
    for (let i = 0; i < 30; i++)
      await queue.run(async () => {
        clock += 2000;
      });
    const started: string[] = [];
    const running = gate(started, 'running');
    const first = queue.run(running.work);
    let secondSettled = false;
    const second = queue
      .run(async () => 'second')
      .finally(() => {
        secondSettled = true;
      });
    // two ahead of it at ~1 s each: refused without waiting, while the second still waits its turn
    await expect(queue.run(async () => 'third')).rejects.toBeInstanceOf(DatabaseBusy);
    expect(secondSettled).toBe(false);
    running.release();
    expect(await first).toBe('running');
    expect(await second).toBe('second');
  });

  it('refuses at once beyond maxQueue, and after maxWaitMs of waiting, with a time to come back', async () => {
    const queue = new StatementQueue({ maxWaitMs: 20, maxQueue: 2 });
    const started: string[] = [];
    const running = gate(started, 'running');
    const first = queue.run(running.work);
    const waiting = [queue.run(async () => 'w1'), queue.run(async () => 'w2')];
    const full = queue.run(async () => 'refused');
    await expect(full).rejects.toBeInstanceOf(DatabaseBusy);
    // the engine is still held: both waiting run out of time
    for (const w of waiting) {
      const error = await w.catch((e) => e);
      expect(error).toBeInstanceOf(DatabaseBusy);
      expect(error.retryAfterMs).toBeGreaterThan(0);
    }
    running.release();
    expect(await first).toBe('running');
    expect(await queue.run(async () => 'after')).toBe('after');
    await queue.drained();
  });

  it('passes a failure to its caller and goes on with the next', async () => {
    const queue = new StatementQueue({ maxWaitMs: 60_000, maxQueue: 8 });
    const failing = queue.run(async () => {
      throw Object.assign(new Error('duplicate key'), { code: '23505' });
    });
    const next = queue.run(async () => 'next');
    await expect(failing).rejects.toMatchObject({ code: '23505' });
    expect(await next).toBe('next');
  });
});
