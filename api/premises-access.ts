import type { Context } from 'hono';
import { unitChain } from '../data/accounts.js';
import type { Queryable } from '../data/db.js';
import { getPremises, type Premises } from '../data/premises.js';
import { requireActor, scopeCovers } from './auth/authorize.js';
import type { Actor, AppEnv } from './auth/session.js';
import { ProblemError } from './problem.js';

/**
 * The premises when the actor owns them, or (reading only) an official's scope covers their ward:
 * the one owner/scope boundary of premises and their assessments.
 */
export async function loadPremisesFor(
  c: Context<AppEnv>,
  db: Queryable,
  id: string,
  access: 'read' | 'write',
  now: Date,
): Promise<[Actor, Premises]> {
  const actor = requireActor(c);
  const premises = await getPremises(db, id, now);
  if (!premises) throw new ProblemError(404, `There are no premises ${id}.`);
  if (premises.ownerId === actor.id) return [actor, premises];
  if (access === 'read' && actor.role !== 'business') {
    const chain = await unitChain(db, { level: 'ward', code: premises.ward.code });
    if (chain && scopeCovers(actor, chain)) return [actor, premises];
  }
  throw new ProblemError(
    403,
    access === 'write' ? 'Only the owner can change these premises.' : 'These premises are not yours to see.',
  );
}
