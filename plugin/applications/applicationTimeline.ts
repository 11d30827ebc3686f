import type { Knex } from 'knex';
import { SubmissionStore } from '../submissions/SubmissionStore.js';

type Row = Record<string, unknown>;
export type TimelineEntry = { at: Date; kind: 'transition' | 'submission' | 'callback' | 'delivery' } & Row;

/**
 * Everything that happened to one application, oldest first: status transitions,
 * submission attempts (with the lender's answer excerpt), lender callbacks and
 * outbound deliveries. The caller has already checked the application is visible.
 */
export async function applicationTimeline(knex: Knex, schema: string, applicationId: string): Promise<TimelineEntry[]> {
  const table = (name: string) => knex.withSchema(schema).table(name).where({ application_id: applicationId });
  const [transitions, submissions, callbacks, deliveries] = await Promise.all([
    table('application_transitions').orderBy('id'),
    new SubmissionStore(schema).listFor(knex, applicationId),
    table('raw_callbacks').orderBy('id').select('id', 'lender_id', 'received_at', 'parse_status', 'parse_reason', 'process_status', 'process_detail'),
    table('deliveries').orderBy('created_at').select('id', 'event_type', 'target_kind', 'target_id', 'status', 'attempts', 'last_error_code', 'created_at'),
  ]);
  const entries: TimelineEntry[] = [
    ...transitions.map((t: Row) => ({ at: t.created_at as Date, kind: 'transition' as const, from: t.from_status, to: t.to_status, lenderStatus: t.lender_status, source: t.source, reason: t.reason })),
    ...submissions.map((s) => ({
      at: s.started_at,
      kind: 'submission' as const,
      attempt: s.attempt,
      state: s.state,
      httpStatus: s.http_status,
      errorCode: s.error_code,
      errorMessage: s.error_message,
      response: s.vendor_response,
      durationMs: s.duration_ms,
      finishedAt: s.finished_at,
    })),
    ...callbacks.map((c: Row) => ({ at: c.received_at as Date, kind: 'callback' as const, id: c.id, lenderId: c.lender_id, parseStatus: c.parse_status, parseReason: c.parse_reason, processStatus: c.process_status, detail: c.process_detail })),
    ...deliveries.map((d: Row) => ({ at: d.created_at as Date, kind: 'delivery' as const, id: d.id, eventType: d.event_type, target: `${String(d.target_kind)}:${String(d.target_id)}`, status: d.status, attempts: d.attempts, lastErrorCode: d.last_error_code })),
  ];
  // Stable sort: rows written in one transaction share a timestamp and keep their table order.
  return entries.sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
}
