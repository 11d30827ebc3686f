import type { Knex } from 'knex';
import { emitNoticeOnce } from './emitNoticeOnce.js';
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
      const since = new Date(app.updated_at);
      const notice = { table: 'application_idle_notices', values: { application_id: app.id, threshold, version: app.version, sent_at: now }, uniqueBy: ['application_id', 'threshold', 'version'] };
      const data = { lenderStatus: app.lender_status, threshold, idleSince: since.toISOString(), idleSeconds: Math.floor((now.getTime() - since.getTime()) / 1000) };
      if (await emitNoticeOnce(knex, schema, notice, app, 'application.idle', data)) sent[threshold]++;
    }
  }
  return { sent };
}
