import type { Knex } from 'knex';
import { newUlid } from '../security/newUlid.js';
import { outboxChannel, type AppendedEvent, type OutboxEvent } from './OutboxEvent.js';
import { outboxNoticeSql } from './outboxNotice.js';
import { withoutPii } from './withoutPii.js';
import { SpanKind } from '@opentelemetry/api';
import { DB_ATTRIBUTES, inSpan, messagingAttributes, traceCarrierOf } from '../observability/tracing/index.js';

/** An event's outbox row and the other writes of its state change, built but not run yet. */
export interface EventWrite {
  eventId: string;
  insert: Knex.QueryBuilder;
  alongWith: readonly Knex.QueryBuilder[];
}

/**
 * Writes an event to the outbox inside the caller's transaction (so the event
 * exists exactly when the state change does) and wakes the relay on commit.
 * SSN, date-of-birth and income fields are dropped from the data, whoever built it.
 *
 * `alongWith` are other writes of the same state change (the application row, its
 * history line): they go to Postgres in the same statement, as data-modifying CTEs,
 * so a status change costs one round trip instead of four. The NOTIFY carries the
 * event's row (outboxNotice.ts): the relay fans it out without reading the outbox.
 *
 * Traced as a `send outbox` span; the event row keeps that span's context
 * (`trace_context`) so the relay and the deliveries continue the trace.
 */
export async function appendEvent(trx: Knex.Transaction | Knex, schema: string, event: OutboxEvent, alongWith: readonly Knex.QueryBuilder[] = []): Promise<AppendedEvent> {
  return inSpan('send outbox', () => spanOf(event), async () => {
    const write = buildEventWrite(trx, schema, event, alongWith);
    // Its NOTIFY carries the row: the columns outboxNoticeSql reads.
    write.insert.returning(['id', 'event_id', 'type', 'application_id', 'dealer_id', 'trace_context']);
    const writes = write.alongWith.map((_, i) => `w${i} AS (?), `).join('');
    const result = await trx.raw(`WITH ${writes}o AS (?) SELECT o.id, pg_notify(?, ${outboxNoticeSql('o')}) FROM o`, [...write.alongWith, write.insert, outboxChannel(schema), schema]);
    const [row] = (result as { rows: { id: string }[] }).rows;
    return { id: Number(row.id), eventId: write.eventId };
  });
}

/**
 * appendEvent's writes, built but not run, for `writeEvents` to send later with others
 * (in the same `send outbox` span, so the event row carries the same trace context).
 */
export function prepareEvent(trx: Knex.Transaction | Knex, schema: string, event: OutboxEvent, alongWith: readonly Knex.QueryBuilder[] = []): Promise<EventWrite> {
  return inSpan('send outbox', () => spanOf(event), () => buildEventWrite(trx, schema, event, alongWith));
}

/**
 * Runs prepared event writes in one statement (each as data-modifying CTEs) and wakes the relay once,
 * with an empty notice: the relay reads the outbox (one read for the whole batch).
 * They run in one snapshot: two of them must never write the same row (DeferredEvents sees to that).
 */
export async function writeEvents(trx: Knex.Transaction | Knex, schema: string, writes: readonly EventWrite[]): Promise<void> {
  if (!writes.length) return;
  const ctes = writes.flatMap((w, i) => [...w.alongWith.map((_, j) => `e${i}w${j} AS (?)`), `e${i}o AS (?)`]);
  await trx.raw(`WITH ${ctes.join(', ')} SELECT pg_notify(?, '')`, [...writes.flatMap((w) => [...w.alongWith, w.insert]), outboxChannel(schema)]);
}

function spanOf(event: OutboxEvent) {
  return { kind: SpanKind.PRODUCER, attributes: { ...DB_ATTRIBUTES, ...messagingAttributes('lendwire.outbox', 'outbox', 'send'), 'lendwire.event.type': event.type } };
}

function buildEventWrite(trx: Knex.Transaction | Knex, schema: string, event: OutboxEvent, alongWith: readonly Knex.QueryBuilder[]): EventWrite {
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
  return { eventId, insert, alongWith };
}
