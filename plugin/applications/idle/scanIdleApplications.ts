import type { Knex } from 'knex';
import { appendEvent } from '../../events/appendEvent.js';
import { parseDuration } from '../../kernel/durations.js';
import type { IdleSettings } from './IdleSettings.js';

export interface IdleScanResult {
  /** Notices sent, by threshold. */
  sent: Record<string, number>;
}

/**
 * Emits `application.idle` for applications whose last change is older than a
 * threshold, once per threshold per quiet spell: the notice is keyed by the
 * application's `version`, so any change starts a new spell. The notice row and
 * the outbox event are written in one transaction; `ON CONFLICT DO NOTHING`
 * makes concurrent scans (several processes) send each notice once.
 */
export async function scanIdleApplications(knex: Knex, schema: string, settings: IdleSettings, now: Date): Promise<IdleScanResult> {
  const sent: Record<string, number> = {};
  for (const threshold of settings.thresholds) {
    const quietMs = parseDuration(threshold);
    const cutoff = new Date(now.getTime() - quietMs);
    sent[threshold] = 0;
    const candidates = await knex
      .withSchema(schema)
      .table('applications as a')
      .where('a.updated_at', '<=', cutoff)
      .whereNotIn('a.status', settings.finalStatuses)
      .whereNotExists(
        knex
          .withSchema(schema)
          .table('application_idle_notices as n')
          .whereRaw('n.application_id = a.id')
          .where('n.threshold', threshold)
          .whereRaw('n.version = a.version'),
      )
      .orderBy('a.updated_at')
      .limit(settings.batchSize)
      .select('a.id', 'a.dealer_id', 'a.lender_id', 'a.external_ref', 'a.status', 'a.lender_status', 'a.version', 'a.updated_at');
    for (const app of candidates) {
      await knex.transaction(async (trx) => {
        const inserted = await trx
          .withSchema(schema)
          .table('application_idle_notices')
          .insert({ application_id: app.id, threshold, version: app.version, sent_at: now })
          .onConflict(['application_id', 'threshold', 'version'])
          .ignore()
          .returning(['application_id']);
        if (!inserted.length) return;
        const since = new Date(app.updated_at);
        await appendEvent(trx, schema, {
          type: 'application.idle',
          applicationId: app.id,
          dealerId: app.dealer_id,
          data: {
            applicationId: app.id,
            dealerId: app.dealer_id,
            lenderId: app.lender_id,
            externalRef: app.external_ref,
            status: app.status,
            lenderStatus: app.lender_status,
            threshold,
            idleSince: since.toISOString(),
            idleSeconds: Math.floor((now.getTime() - since.getTime()) / 1000),
          },
        });
        sent[threshold]++;
      });
    }
  }
  return { sent };
}
