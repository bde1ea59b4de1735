import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../test/engines.js';
import { prepared } from '../db.js';
import { Pipeline } from './pipeline.js';

// each statement says which backend answered it, so the test sees the connections it went over
const DOUBLE = 'SELECT $1::int * 2 AS v, pg_backend_pid() AS pid';
const DIVIDE = 'SELECT 10 / $1::int AS v, pg_backend_pid() AS pid';
type Row = { v: number; pid: number };

describe('the pipeline of prepared statements (PostgreSQL)', () => {
  let db: TestDb;
  let admin: pg.Client;
  const pipelines: Pipeline[] = [];
  const open = (size: number) => {
    const pipeline = new Pipeline({ connectionString: db.url, application_name: 'pipeline-test' }, size);
    pipelines.push(pipeline);
    return pipeline;
  };

  beforeAll(async () => {
    db = await openTestDb('postgres');
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
  });
  afterAll(async () => {
    for (const p of pipelines) await p.end();
    await admin?.end();
    await db?.dispose();
  });

  it('answers each of many statements sent at once with its own rows, over every connection', async () => {
    const pipeline = open(2);
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => pipeline.query<Row>('double', DOUBLE, [i])),
    );
    expect(answers.map(([row]) => row.v)).toEqual(Array.from({ length: 200 }, (_, i) => i * 2));
    expect(new Set(answers.map(([row]) => row.pid)).size).toBe(2);
  });

  it('fails only the statement in error; those sent before and after it are answered', async () => {
    const pipeline = open(1);
    const results = await Promise.allSettled([5, 0, 2].map((d) => pipeline.query<Row>('divide', DIVIDE, [d])));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.code).toBe('22012'); // division_by_zero
    expect((results[2] as PromiseFulfilledResult<Row[]>).value[0].v).toBe(5);
  });

  it('replaces a connection the server ended', async () => {
    const pipeline = open(1);
    const [{ pid }] = await pipeline.query<Row>('double', DOUBLE, [1]);
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    // the ended connection is dropped when its end arrives; a statement sent meanwhile fails with it
    await expect
      .poll(async () => (await pipeline.query<Row>('double', DOUBLE, [2]).catch(() => [{ pid }]))[0].pid)
      .not.toBe(pid);
  });

  it('closes its connections on end, and refuses statements after', async () => {
    const pipeline = open(2);
    await Promise.all([1, 2, 3, 4].map((i) => pipeline.query<Row>('double', DOUBLE, [i])));
    const count = async () =>
      (
        await admin.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'pipeline-test' AND datname = current_database()`,
        )
      ).rows[0].n as number;
    expect(await count()).toBeGreaterThanOrEqual(2);
    for (const p of pipelines) await p.end();
    await expect.poll(count).toBe(0);
    await expect(pipeline.query('double', DOUBLE, [1])).rejects.toThrow(/closed/);
  });

  it('is where the engine sends statements marked prepared, and the answers are the same as planned ones', async () => {
    const sql = prepared(
      'SELECT $1::int + 1 AS v, application_name AS app FROM pg_stat_activity WHERE pid = pg_backend_pid()',
    );
    const [viaPipeline] = await db.query<{ v: number; app: string }>(sql, [41]);
    const [viaPool] = await db.query<{ v: number; app: string }>(`${sql} -- planned`, [41]);
    expect(viaPipeline).toEqual({ v: 42, app: 'safemap-pipeline' });
    expect(viaPool).toEqual({ v: 42, app: '' });
  });
});
