import type { Knex } from 'knex';
import { emitNoticeOnce } from './emitNoticeOnce.js';

const DAY_MS = 86_400_000;
const NOTICE = 'adverse_action_due';

/**
 * Emits `application.adverse_action_due` `reminderDays` before a declined
 * application's adverse-action notice is due (30 days after the decline),
 * once per due date, unless the notice was recorded as sent. The notice row
 * and the outbox event are one transaction (concurrent scans send it once).
 */
export async function scanAdverseActionDue(knex: Knex, schema: string, reminderDays: number, batchSize: number, now: Date): Promise<number> {
  const horizon = new Date(now.getTime() + reminderDays * DAY_MS);
  const candidates = await knex
    .withSchema(schema)
    .table('applications as a')
    .whereNotNull('a.adverse_action_due_at')
    .whereNull('a.adverse_action_sent_at')
    .where('a.adverse_action_due_at', '<=', horizon)
    .whereNotExists(knex.withSchema(schema).table('compliance_notices as c').whereRaw('c.application_id = a.id').where('c.notice', NOTICE).whereRaw('c.due_at = a.adverse_action_due_at'))
    .orderBy('a.adverse_action_due_at')
    .limit(batchSize)
    .select('a.id', 'a.dealer_id', 'a.lender_id', 'a.external_ref', 'a.status', 'a.adverse_action_due_at');
  let sent = 0;
  for (const app of candidates) {
    const due = new Date(app.adverse_action_due_at);
    const notice = { table: 'compliance_notices', values: { application_id: app.id, notice: NOTICE, due_at: due, sent_at: now }, uniqueBy: ['application_id', 'notice', 'due_at'] };
    const data = { dueAt: due.toISOString(), daysLeft: Math.max(0, Math.ceil((due.getTime() - now.getTime()) / DAY_MS)) };
    if (await emitNoticeOnce(knex, schema, notice, app, 'application.adverse_action_due', data)) sent++;
  }
  return sent;
}
