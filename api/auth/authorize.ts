import type { Context } from 'hono';
import { type Role, type UnitRef, unitChain } from '../../data/accounts.js';
import type { Queryable } from '../../data/db.js';
import { wardDirectory } from '../../data/wards.js';
import { ProblemError } from '../problem.js';
import type { Actor, AppEnv } from './session.js';

/**
 * The one place that decides who may act where. Every route that writes or reads private data
 * calls one of these before touching the database; none checks roles on its own.
 */

/** The signed-in actor, or 401. */
export function requireActor(c: Context<AppEnv>): Actor {
  const actor = c.get('actor');
  if (!actor) throw new ProblemError(401, 'Sign in to do this.');
  return actor;
}

/** The signed-in actor when their role is one of `roles`; 401 or 403 otherwise. */
export function requireRole(c: Context<AppEnv>, ...roles: Role[]): Actor {
  const actor = requireActor(c);
  if (!roles.includes(actor.role)) {
    throw new ProblemError(403, `This needs the role ${roles.join(' or ')}; you are signed in as ${actor.role}.`);
  }
  return actor;
}

/** Whether an official's scope covers a unit, given the unit and the units above it. */
export function scopeCovers(actor: Pick<Actor, 'role' | 'scope'>, chain: readonly UnitRef[]): boolean {
  if (actor.role === 'city_admin') return true;
  if (actor.role === 'business' || !actor.scope) return false;
  const scope = actor.scope;
  return chain.some((u) => u.level === scope.level && u.code === scope.code);
}

/**
 * The official actor when `unit` lies inside their scope (a ward is inside its district);
 * 401 when not signed in, 403 for businesses and out-of-scope officials, 404 for unknown units.
 */
export async function requireUnitInScope(c: Context<AppEnv>, db: Queryable, unit: UnitRef): Promise<Actor> {
  const actor = requireRole(c, 'ward_officer', 'district_officer', 'city_admin');
  const chain = await unitChain(db, unit);
  if (!chain) throw new ProblemError(404, `There is no ${unit.level} with code ${unit.code}.`);
  if (!scopeCovers(actor, chain)) {
    const where = actor.scope ? `${actor.scope.level} ${actor.scope.nameVi}` : 'no unit';
    throw new ProblemError(403, `${unit.level} ${unit.code} is outside your scope (${where}).`);
  }
  return actor;
}

/** The wards an official's view covers, and the scope's name (for reports and exports). */
export interface WardScope {
  /** ward code → Vietnamese name, in code order */
  names: Map<string, string>;
  codes: string[];
  name: string;
}

/**
 * The wards an official reads analyses of: a ward officer their ward, a district officer their
 * district's wards, a city admin the city or one district (`district`; a ward officer's is
 * ignored, a district officer's must be their own). Decided by `scopeCovers`, like every write.
 */
export async function requireWardScope(c: Context<AppEnv>, db: Queryable, district?: string): Promise<WardScope> {
  const actor = requireRole(c, 'ward_officer', 'district_officer', 'city_admin');
  if (district && actor.role === 'district_officer' && district !== actor.scope?.code)
    throw new ProblemError(403, `District ${district} is outside your scope.`);
  const narrow = actor.role === 'ward_officer' ? undefined : district;
  const wards = (await wardDirectory(db)).filter(
    (w) =>
      (!narrow || w.districtCode === narrow) &&
      scopeCovers(actor, [
        { level: 'ward', code: w.code },
        ...(w.districtCode ? [{ level: 'district' as const, code: w.districtCode }] : []),
      ]),
  );
  if (wards.length === 0) throw new ProblemError(404, 'No wards in that scope.');
  const name =
    actor.role === 'city_admin'
      ? narrow
        ? (wards[0].districtNameVi ?? narrow)
        : 'Hà Nội'
      : (actor.scope?.nameVi ?? '');
  return { codes: wards.map((w) => w.code), names: new Map(wards.map((w) => [w.code, w.nameVi])), name };
}
