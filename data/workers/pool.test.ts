import { afterAll, describe, expect, it } from 'vitest';
import { haversineM } from '../../domain/analysis/coverage.js';
import { PoolBusy, WorkerPool } from './pool.js';

const cell = (id: number) => ({ id, ward: '00001', population: 1, x: id * 250, y: 0, lon: 105.8 + id / 1000, lat: 21 });
/** metres from cell `id` to the station, as the task computes them */
const metres = (id: number) => haversineM(105.8 + id / 1000, 21, 105.8, 21);
const station = { lon: 105.8, lat: 21, x: 0, y: 0 };

describe('the worker pool', () => {
  const pool = new WorkerPool({ timeoutMs: 30_000, memoryMb: 256 }, 1, 1);
  afterAll(() => pool.close());

  it('reads a task’s data only once a worker is free, and refuses beyond the queue without reading', async () => {
    const loaded: string[] = [];
    let release = () => {};
    const first = pool.run('distances', async () => {
      loaded.push('first');
      // the first task holds the only worker while its data is read
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return { input: { wards: ['00001'], cells: [cell(1), cell(2)], stations: [station] } };
    });
    const second = pool.run('distances', async () => {
      loaded.push('second');
      return { input: { wards: ['00001'], cells: [cell(3)], stations: [station] } };
    });
    await expect(
      pool.run('distances', async () => {
        loaded.push('third');
        return { input: { wards: [], stations: [] } };
      }),
    ).rejects.toBeInstanceOf(PoolBusy);
    await new Promise((r) => setTimeout(r, 50));
    // the second waits its turn holding nothing
    expect(loaded).toEqual(['first']);
    release();
    expect([...(await first)]).toEqual([metres(1), metres(2)]);
    expect([...(await second)]).toEqual([metres(3)]);
    expect(loaded).toEqual(['first', 'second']);
  });

  it('gives the worker back when reading the data fails', async () => {
    await expect(
      pool.run('distances', async () => {
        throw new Error('the database went away');
      }),
    ).rejects.toThrow('the database went away');
    const distances = await pool.run('distances', { wards: ['00001'], cells: [cell(4)], stations: [station] });
    expect([...distances]).toEqual([metres(4)]);
  });
});
