import type { Knex } from 'knex';

/** One line of the audit log: who did what to which thing, with the details worth keeping. */
export interface AuditEntry {
  /** The user id, or "system" for what lendwire does on its own. */
  actor: string;
  /** Dotted verb, e.g. `subscription.create`, `pii.reveal`, `callback.reprocess`. */
  action: string;
  targetType: string;
  targetId: string;
  details?: Record<string, unknown>;
}

/**
 * Appends one line to the audit log (admin actions, operator decisions, PII
 * access), in the caller's transaction when given one. The only writer of
 * `audit_log`: every feature that audits goes through it.
 */
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
