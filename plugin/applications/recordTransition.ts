import type { Knex } from 'knex';
import { appendEvent } from '../events/appendEvent.js';
import type { OutboxEvent } from '../events/OutboxEvent.js';
import type { EventType } from '../events/eventTypes.js';
import type { ApplicationStatus } from '../sdk/statuses.js';
import { applicationUpdate } from './updateApplicationColumns.js';
import { scrubSsnLike } from '../security/scrubSsnLike.js';

export interface TransitionInput {
  applicationId: string;
  dealerId: string;
  from: ApplicationStatus | null;
  to: ApplicationStatus;
  source: 'api' | 'submission' | 'callback' | 'operator' | 'system';
  lenderStatus?: string | null;
  reason?: string | null;
  rawCallbackId?: number | null;
  vendorAt?: Date | null;
  /** Columns of `applications` to update along with the status (decision, booked, ...). */
  columns?: Record<string, unknown>;
  /** Extra fields of the `application.status_changed` event (terms, stipulations...). */
  eventData?: Record<string, unknown>;
  /** Event type; defaults to `application.status_changed`. */
  eventType?: Extract<EventType, `application.${string}`>;
}

/**
 * Moves an application to a new status inside the caller's transaction: the row,
 * an append-only history line and the outbox event are written together, in one statement.
 */
export async function recordTransition(trx: Knex.Transaction, schema: string, t: TransitionInput): Promise<void> {
  const { event, alongWith } = transitionWrites(trx, schema, t);
  // Row, history line and event in one statement (one round trip; see appendEvent).
  await appendEvent(trx, schema, event, alongWith);
}

/** recordTransition's writes, built but not run: the event, and the row and history line that go with it. */
export function transitionWrites(trx: Knex.Transaction, schema: string, t: TransitionInput): { event: OutboxEvent; alongWith: Knex.QueryBuilder[] } {
  const row = applicationUpdate(trx, schema, t.applicationId, {
    ...(t.columns ?? {}),
    status: t.to,
    ...(t.lenderStatus !== undefined ? { lender_status: t.lenderStatus } : {}),
  });
  const history = trx
    .withSchema(schema)
    .table('application_transitions')
    .insert({
      application_id: t.applicationId,
      from_status: t.from,
      to_status: t.to,
      lender_status: t.lenderStatus ?? null,
      source: t.source,
      reason: scrubSsnLike(t.reason) ?? null,
      raw_callback_id: t.rawCallbackId ?? null,
      vendor_at: t.vendorAt ?? null,
      details: t.eventData ? JSON.stringify(t.eventData) : null,
    });
  return {
    event: {
      type: t.eventType ?? 'application.status_changed',
      applicationId: t.applicationId,
      dealerId: t.dealerId,
      data: {
        applicationId: t.applicationId,
        dealerId: t.dealerId,
        previousStatus: t.from,
        status: t.to,
        lenderStatus: t.lenderStatus ?? null,
        ...(t.reason ? { reason: scrubSsnLike(t.reason) } : {}),
        ...(t.eventData ?? {}),
      },
    },
    alongWith: [row, history],
  };
}
