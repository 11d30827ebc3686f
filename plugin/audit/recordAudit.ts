import type { Knex } from 'knex';

export interface AuditEntry {
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  details?: Record<string, unknown>;
}

/** Appends an admin action to the audit log (in the caller's transaction when given one). */
export async function recordAudit(db: Knex | Knex.Transaction, schema: string, entry: AuditEntry): Promise<void> {
  await db
    .withSchema(schema)
    .table('audit_log')
    .insert({
      actor: entry.actor,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      details: entry.details ? JSON.stringify(entry.details) : null,
    });
}
