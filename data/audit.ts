import type { UnitRef } from './accounts.js';
import type { Queryable } from './db.js';

export interface AuditEntry {
  actor: { id: string; email: string; role: string } | null;
  /** dotted verb, e.g. `account.create`, `ward_contact.update` */
  action: string;
  entityType: string;
  entityId: string;
  unit?: UnitRef | null;
  before?: unknown;
  after?: unknown;
  requestId?: string;
}

export interface AuditRecord extends Omit<AuditEntry, 'actor'> {
  id: number;
  at: string;
  actor: { id: string | null; email: string | null; role: string | null };
}

/** Records one write; call it inside the write's transaction so both land or neither does. */
export async function insertAudit(tx: Queryable, e: AuditEntry): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (actor_id, actor_email, actor_role, action, entity_type, entity_id, unit_level, unit_code,
       before, after, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      e.actor?.id ?? null,
      e.actor?.email ?? null,
      e.actor?.role ?? null,
      e.action,
      e.entityType,
      e.entityId,
      e.unit?.level ?? null,
      e.unit?.code ?? null,
      e.before === undefined ? null : JSON.stringify(e.before),
      e.after === undefined ? null : JSON.stringify(e.after),
      e.requestId ?? null,
    ],
  );
}

/** Newest first; `beforeId` pages back through older rows. */
export async function listAudit(
  db: Queryable,
  f: { entityType?: string; entityId?: string; actorId?: string; beforeId?: number; limit: number },
): Promise<AuditRecord[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT * FROM audit_log
     WHERE ($1::text IS NULL OR entity_type = $1) AND ($2::text IS NULL OR entity_id = $2)
       AND ($3::uuid IS NULL OR actor_id = $3) AND ($4::bigint IS NULL OR id < $4)
     ORDER BY id DESC LIMIT $5`,
    [f.entityType ?? null, f.entityId ?? null, f.actorId ?? null, f.beforeId ?? null, f.limit],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    at: new Date(r.at as string).toISOString(),
    actor: {
      id: r.actor_id as string | null,
      email: r.actor_email as string | null,
      role: r.actor_role as string | null,
    },
    action: r.action as string,
    entityType: r.entity_type as string,
    entityId: r.entity_id as string,
    unit: r.unit_level ? { level: r.unit_level as UnitRef['level'], code: r.unit_code as string } : null,
    before: r.before ?? null,
    after: r.after ?? null,
    requestId: (r.request_id as string | null) ?? undefined,
  }));
}
