import type { Queryable } from '../data/db.js';
import { wardsAt } from '../data/wards.js';
import { ProblemError } from './problem.js';

/** The ward a submitted point falls in; a point outside Hanoi is a 422 on the `lon` field. */
export async function requireWardAt(db: Queryable, lon: number, lat: number): Promise<string> {
  const [ward] = await wardsAt(db, [[lon, lat]]);
  if (!ward) {
    throw new ProblemError(422, `The point ${lon}, ${lat} is not inside any ward of Hanoi.`, [
      { path: 'json.lon', message: 'outside Hanoi', code: 'outside_hanoi' },
    ]);
  }
  return ward;
}
