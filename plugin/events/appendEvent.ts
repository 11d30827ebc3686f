import type { Knex } from 'knex';
import { newUlid } from '../security/newUlid.js';
import { outboxChannel, type AppendedEvent, type OutboxEvent } from './OutboxEvent.js';
import { withoutPii } from './withoutPii.js';
import { SpanKind } from '@opentelemetry/api';
import { DB_ATTRIBUTES, inSpan, messagingAttributes, traceCarrierOf } from '../observability/tracing/index.js';

/**
 * Writes an event to the outbox inside the caller's transaction (so the event
 * exists exactly when the state change does) and wakes the relay on commit.
 * SSN, date-of-birth and income fields are dropped from the data, whoever built it.
 *
 * `alongWith` are other writes of the same state change (the application row, its
 * history line): they go to Postgres in the same statement, as data-modifying CTEs,
 * so a status change costs one round trip instead of four. The NOTIFY payload is
 * constant: Postgres folds repeated identical notifications of one transaction into
 * one, and the relay only needs to be woken, not told which row.
 *
 * Traced as a `send outbox` span; the event row keeps that span's context
 * (`trace_context`) so the relay and the deliveries continue the trace.
 */
export function appendEvent(trx: Knex.Transaction | Knex, schema: string, event: OutboxEvent, alongWith: readonly Knex.QueryBuilder[] = []): Promise<AppendedEvent> {
  return inSpan('send outbox', () => ({ kind: SpanKind.PRODUCER, attributes: { ...DB_ATTRIBUTES, ...messagingAttributes('lendwire.outbox', 'outbox', 'send'), 'lendwire.event.type': event.type } }), () =>
    writeEvent(trx, schema, event, alongWith),
  );
}

async function writeEvent(trx: Knex.Transaction | Knex, schema: string, event: OutboxEvent, alongWith: readonly Knex.QueryBuilder[]): Promise<AppendedEvent> {
  const eventId = `msg_${newUlid()}`;
  const traceContext = traceCarrierOf();
  const insert = trx
    .withSchema(schema)
    .table('outbox')
    .insert({
      event_id: eventId,
      type: event.type,
      application_id: event.applicationId ?? null,
      dealer_id: event.dealerId ?? null,
      payload: JSON.stringify(withoutPii(event.data)),
      ...(traceContext ? { trace_context: JSON.stringify(traceContext) } : {}),
    })
    .returning(['id']);
  const writes = alongWith.map((_, i) => `w${i} AS (?), `).join('');
  const result = await trx.raw(`WITH ${writes}o AS (?) SELECT o.id, pg_notify(?, '') FROM o`, [...alongWith, insert, outboxChannel(schema)]);
  const [row] = (result as { rows: { id: string }[] }).rows;
  return { id: Number(row.id), eventId };
}
