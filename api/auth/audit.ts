import type { Context } from 'hono';
import { type AuditEntry, insertAudit } from '../../data/audit.js';
import type { Queryable } from '../../data/db.js';
import type { AppEnv } from './session.js';

/** Audits a write made by the request's actor; call inside the write's transaction. */
export function audit(tx: Queryable, c: Context<AppEnv>, entry: Omit<AuditEntry, 'actor' | 'requestId'>) {
  const actor = c.get('actor');
  return insertAudit(tx, {
    ...entry,
    actor: actor && { id: actor.id, email: actor.email, role: actor.role },
    requestId: c.get('requestId'),
  });
}
