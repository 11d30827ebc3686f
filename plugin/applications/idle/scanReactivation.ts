import type { Knex } from 'knex';
import { emitNoticeOnce } from './emitNoticeOnce.js';
import { parseDuration } from '../../kernel/durations.js';
import type { ReactivationStep } from './ReactivationPlaybook.js';

/**
 * The reactivation playbook: for customer journeys with a customer link whose
 * application has not changed for a step's quiet time, emits the step's event
 * once per quiet spell (keyed by `applications.version`, so a customer action
 * the broker reports, which changes the application, starts a new spell; the
 * spell starts when the link was last given, if that is later). The notice row
 * and the outbox event are one transaction; `ON CONFLICT DO NOTHING` makes
 * concurrent scans send each step once. `customer_link.reminder_due` carries
 * the same link and SMS as `customer_link.ready` (re-sending it is safe).
 */
export async function scanReactivation(knex: Knex, schema: string, steps: ReactivationStep[], options: { finalStatuses: string[]; batchSize: number }, now: Date): Promise<Record<string, number>> {
  const sent: Record<string, number> = {};
  for (const step of steps) {
    sent[step.step] = 0;
    const cutoff = new Date(now.getTime() - parseDuration(step.after));
    const candidates = await knex
      .withSchema(schema)
      .table('applications as a')
      .join('customer_links as l', 'l.application_id', 'a.id')
      .whereRaw('greatest(a.updated_at, l.ready_at) <= ?', [cutoff])
      .whereNotIn('a.status', options.finalStatuses)
      .whereNotExists(knex.withSchema(schema).table('reactivation_notices as n').whereRaw('n.application_id = a.id').where('n.step', step.step).whereRaw('n.version = a.version'))
      .orderBy('a.updated_at')
      .limit(options.batchSize)
      .select('a.id', 'a.dealer_id', 'a.lender_id', 'a.external_ref', 'a.status', 'a.lender_app_id', 'a.version', 'l.url', 'l.sms', knex.raw('greatest(a.updated_at, l.ready_at) as quiet_since'));
    for (const app of candidates) {
      const since = new Date(app.quiet_since);
      const notice = { table: 'reactivation_notices', values: { application_id: app.id, step: step.step, version: app.version, sent_at: now }, uniqueBy: ['application_id', 'step', 'version'] };
      const data = {
        sessionId: app.lender_app_id,
        step: step.step,
        after: step.after,
        quietSince: since.toISOString(),
        quietSeconds: Math.floor((now.getTime() - since.getTime()) / 1000),
        url: app.url,
        ...(step.event === 'customer_link.reminder_due' ? { sms: app.sms } : {}),
      };
      if (await emitNoticeOnce(knex, schema, notice, app, step.event, data)) sent[step.step]++;
    }
  }
  return sent;
}
