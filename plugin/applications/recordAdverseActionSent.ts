import type { Knex } from 'knex';
import { recordAudit } from '../audit/recordAudit.js';
import { ConflictError, NotFoundError } from '../errors/index.js';

/**
 * Records that the adverse-action notice of a declined application was sent
 * (once; a second call answers the first time), audited: it stops the
 * `application.adverse_action_due` reminders and resolves the overdue alert.
 */
export async function recordAdverseActionSent(knex: Knex, schema: string, input: { applicationId: string; actor: string; visible: (dealerId: string) => boolean; now: Date }): Promise<{ id: string; adverseActionSentAt: string }> {
  return knex.transaction(async (trx) => {
    const row = await trx.withSchema(schema).table('applications').where({ id: input.applicationId }).forUpdate().first('id', 'dealer_id', 'adverse_action_due_at', 'adverse_action_sent_at');
    if (!row || !input.visible(row.dealer_id)) throw new NotFoundError(`No application ${input.applicationId}`);
    if (!row.adverse_action_due_at) throw new ConflictError('This application has no adverse-action notice due (it was not declined)');
    if (row.adverse_action_sent_at) return { id: row.id, adverseActionSentAt: new Date(row.adverse_action_sent_at).toISOString() };
    await trx.withSchema(schema).table('applications').where({ id: row.id }).update({ adverse_action_sent_at: input.now });
    await recordAudit(trx, schema, { actor: input.actor, action: 'adverse_action.sent', targetType: 'application', targetId: row.id, details: { dueAt: new Date(row.adverse_action_due_at).toISOString() } });
    return { id: row.id, adverseActionSentAt: input.now.toISOString() };
  });
}
