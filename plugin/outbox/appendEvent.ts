import type { Knex } from 'knex';
import { ulid } from 'ulid';
import { outboxChannel, type AppendedEvent, type OutboxEvent } from './OutboxEvent.js';
import { withoutPii } from './withoutPii.js';

/**
 * Writes an event to the outbox inside the caller's transaction (so the event
 * exists exactly when the state change does) and wakes the relay on commit.
 * SSN, date-of-birth and income fields are dropped from the data, whoever built it.
 */
export async function appendEvent(trx: Knex.Transaction | Knex, schema: string, event: OutboxEvent): Promise<AppendedEvent> {
  const eventId = `msg_${ulid()}`;
  const [row] = await trx
    .withSchema(schema)
    .table('outbox')
    .insert({
      event_id: eventId,
      type: event.type,
      application_id: event.applicationId ?? null,
      dealer_id: event.dealerId ?? null,
      payload: JSON.stringify(withoutPii(event.data)),
    })
    .returning(['id']);
  await trx.raw('SELECT pg_notify(?, ?)', [outboxChannel(schema), String(row.id)]);
  return { id: Number(row.id), eventId };
}
