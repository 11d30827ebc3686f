import type { Knex } from 'knex';
import { scrubSsnLike, scrubSsnLikeDeep } from '../../security/scrubSsnLike.js';
import { isoTime } from '../../kernel/isoTime.js';
import { callbackTexts, loadTimelineRows, submissionFields, transitionFields } from '../../applications/applicationTimeline.js';

/** One line of the admin API's timeline: ISO times, every attempt of each delivery, CRM syncs apart. */
export interface AdminTimelineEntry {
  at: string;
  kind: 'submission' | 'callback' | 'transition' | 'delivery' | 'crm_sync';
  [detail: string]: unknown;
}

/** The admin API reads at most this many rows per table for one timeline. */
const ADMIN_LIMITS = { submissions: 500, callbacks: 1000, transitions: 1000, deliveries: 1000 };

/**
 * Everything that happened to one application, oldest first: each submission
 * attempt with the vendor's answer, every raw callback with its parse status,
 * every transition, and every delivery (webhooks and CRM syncs) with its attempts.
 * Built from the same rows as the dealer timeline, plus each delivery's attempt log.
 */
export async function adminApplicationTimeline(knex: Knex, schema: string, applicationId: string): Promise<AdminTimelineEntry[]> {
  const { submissions, callbacks, transitions, deliveries } = await loadTimelineRows(knex, schema, applicationId, ADMIN_LIMITS);
  const deliveryIds = deliveries.map((d) => d.id as string);
  const attempts = deliveryIds.length ? await knex.withSchema(schema).table('delivery_attempts').whereIn('delivery_id', deliveryIds).orderBy('id') : [];
  const attemptsOf = new Map<string, Record<string, unknown>[]>();
  for (const a of attempts) {
    const list = attemptsOf.get(a.delivery_id) ?? [];
    list.push({ attempt: a.attempt, startedAt: isoTime(a.started_at), durationMs: a.duration_ms, statusCode: a.status_code, errorCode: a.error_code, errorMessage: scrubSsnLike(a.error_message as string | null) });
    attemptsOf.set(a.delivery_id, list);
  }
  const entries: AdminTimelineEntry[] = [
    ...submissions.map((s) => ({
      at: isoTime(s.started_at)!,
      kind: 'submission' as const,
      ...submissionFields(s),
      vendorResponse: scrubSsnLikeDeep(s.vendor_response),
      finishedAt: isoTime(s.finished_at),
    })),
    ...callbacks.map((c) => ({
      at: isoTime(c.received_at)!,
      kind: 'callback' as const,
      callbackId: String(c.id),
      lenderId: c.lender_id,
      contentType: c.content_type,
      bodyBytes: Number(c.body_bytes),
      parseStatus: c.parse_status,
      ...callbackTexts(c),
      processStatus: c.process_status,
      processDetail: scrubSsnLike(c.process_detail as string | null),
      processCount: c.process_count,
    })),
    ...transitions.map((x) => ({
      at: isoTime(x.created_at)!,
      kind: 'transition' as const,
      ...transitionFields(x),
      callbackId: x.raw_callback_id === null ? null : String(x.raw_callback_id),
    })),
    ...deliveries.map((d) => ({
      at: isoTime(d.created_at)!,
      kind: d.target_kind === 'crm' ? ('crm_sync' as const) : ('delivery' as const),
      deliveryId: d.id,
      eventId: d.event_id,
      eventType: d.event_type,
      targetKind: d.target_kind,
      targetId: d.target_id,
      status: d.status,
      attempts: attemptsOf.get(d.id as string) ?? [],
      lastErrorCode: d.last_error_code,
      lastError: scrubSsnLike(d.last_error as string | null),
      completedAt: isoTime(d.completed_at),
    })),
  ];
  // Stable: same-instant entries keep the order submission, callback, transition, delivery.
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}
