import { describe, expect, it } from 'vitest';
import { VersionedCache } from './versioned-cache.js';

describe('VersionedCache', () => {
  it('builds once per version, and callers asking at once share the build', async () => {
    const cache = new VersionedCache<number>();
    let builds = 0;
    const build = async () => ++builds;
    const [a, b] = await Promise.all([cache.get('k', 1, build), cache.get('k', 1, build)]);
    expect([a, b, builds]).toEqual([1, 1, 1]);
    expect(await cache.get('k', 1, build)).toBe(1);
    expect(await cache.get('k', 2, build)).toBe(2);
    expect(await cache.get('k', 2, build)).toBe(2);
  });

  it('never keeps a failure: the next call builds again', async () => {
    const cache = new VersionedCache<string>();
    let calls = 0;
    const build = async () => {
      calls++;
      if (calls === 1) throw new Error('database away');
      return 'ok';
    };
    await expect(cache.get('k', 1, build)).rejects.toThrow('database away');
    expect(await cache.get('k', 1, build)).toBe('ok');
    expect(calls).toBe(2);
  });

  it('keys by object too (a database handle), each its own entry', async () => {
    const cache = new VersionedCache<string>();
    const [one, two] = [{}, {}];
    expect(await cache.get(one, 1, async () => 'one')).toBe('one');
    expect(await cache.get(two, 1, async () => 'two')).toBe('two');
    expect(await cache.get(one, 1, async () => 'again')).toBe('one');
  });
});
