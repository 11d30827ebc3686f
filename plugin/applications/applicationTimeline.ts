import type { Knex } from 'knex';
import { scrubSsnLike, scrubSsnLikeDeep } from '../security/scrubSsnLike.js';

type Row = Record<string, unknown>;

/** A row of the `submissions` attempt log, as the timelines read it (the submissions feature writes it). */
export interface SubmissionAttemptRow {
  attempt: number;
  state: string;
  http_status: number | null;
  error_code: string | null;
  error_message: string | null;
  vendor_response: unknown;
  duration_ms: number | null;
  started_at: Date;
  finished_at: Date | null;
}
/** One line of the dealer API's timeline (GET /applications/:id/timeline): times as Dates (ISO strings once sent as JSON). */
export type DealerTimelineEntry = { at: Date; kind: 'transition' | 'submission' | 'callback' | 'delivery' } & Row;

/** The rows an application's timeline is built from, each table oldest first. */
export interface TimelineRows {
  transitions: Row[];
  submissions: SubmissionAttemptRow[];
  /** Raw callbacks without their body (`body_bytes` says how large it was). */
  callbacks: Row[];
  deliveries: Row[];
}

/** Caps on the rows read per table (none when absent). */
export interface TimelineLimits {
  transitions?: number;
  submissions?: number;
  callbacks?: number;
  deliveries?: number;
}

const CALLBACK_COLUMNS = ['id', 'lender_id', 'received_at', 'content_type', 'parse_status', 'parse_reason', 'process_status', 'process_detail', 'process_count'];
const DELIVERY_COLUMNS = ['id', 'event_id', 'event_type', 'target_kind', 'target_id', 'status', 'attempts', 'last_error_code', 'last_error', 'created_at', 'completed_at'];

/**
 * Reads what happened to one application: status transitions, submission attempts,
 * lender callbacks and outbound deliveries, each straight from its table (the
 * features that write them are not imported: they depend on applications, not back). The dealer and the admin timelines are
 * both built from these rows. The caller has already checked the application is visible.
 */
export async function loadTimelineRows(knex: Knex, schema: string, applicationId: string, limits: TimelineLimits = {}): Promise<TimelineRows> {
  const table = (name: string, limit: number | undefined) => {
    const query = knex.withSchema(schema).table(name).where({ application_id: applicationId });
    return limit === undefined ? query : query.limit(limit);
  };
  const [transitions, submissions, callbacks, deliveries] = await Promise.all([
    table('application_transitions', limits.transitions).orderBy('id'),
    table('submissions', limits.submissions).orderBy('id').then((rows: Row[]) => rows as unknown as SubmissionAttemptRow[]),
    table('raw_callbacks', limits.callbacks)
      .orderBy('id')
      .select(...CALLBACK_COLUMNS, knex.raw('octet_length(body) as body_bytes')),
    table('deliveries', limits.deliveries).orderBy('created_at').select(...DELIVERY_COLUMNS),
  ]);
  return { transitions, submissions, callbacks, deliveries };
}

/**
 * Vendor texts as both timelines show them. They are scrubbed when written; this
 * also covers rows written before that (the admin API shows SSNs only through reveal-pii).
 */
export const callbackTexts = (c: Row) => ({ parseReason: scrubSsnLike(c.parse_reason as string | null) });

/** What both timelines show of a status transition. */
export const transitionFields = (t: Row) => ({ from: t.from_status, to: t.to_status, lenderStatus: t.lender_status, source: t.source, reason: scrubSsnLike(t.reason as string | null) });

/** What both timelines show of a submission attempt. */
export const submissionFields = (s: SubmissionAttemptRow) => ({
  attempt: s.attempt,
  state: s.state,
  httpStatus: s.http_status,
  errorCode: s.error_code,
  errorMessage: scrubSsnLike(s.error_message),
  durationMs: s.duration_ms,
});

/**
 * Everything that happened to one application as the dealer API shows it, oldest
 * first: status transitions, submission attempts (with the lender's answer excerpt),
 * lender callbacks and outbound deliveries.
 */
export async function applicationTimeline(knex: Knex, schema: string, applicationId: string): Promise<DealerTimelineEntry[]> {
  const { transitions, submissions, callbacks, deliveries } = await loadTimelineRows(knex, schema, applicationId);
  const entries: DealerTimelineEntry[] = [
    ...transitions.map((t) => ({ at: t.created_at as Date, kind: 'transition' as const, ...transitionFields(t) })),
    ...submissions.map((s) => ({ at: s.started_at, kind: 'submission' as const, ...submissionFields(s), response: scrubSsnLikeDeep(s.vendor_response), finishedAt: s.finished_at })),
    ...callbacks.map((c) => ({ at: c.received_at as Date, kind: 'callback' as const, id: c.id, lenderId: c.lender_id, parseStatus: c.parse_status, ...callbackTexts(c), processStatus: c.process_status, detail: scrubSsnLike(c.process_detail as string | null) })),
    ...deliveries.map((d) => ({ at: d.created_at as Date, kind: 'delivery' as const, id: d.id, eventType: d.event_type, target: `${String(d.target_kind)}:${String(d.target_id)}`, status: d.status, attempts: d.attempts, lastErrorCode: d.last_error_code })),
  ];
  // Stable sort: rows written in one transaction share a timestamp and keep their table order.
  return entries.sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
}
