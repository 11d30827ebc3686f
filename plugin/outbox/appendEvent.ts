import type { Knex } from 'knex';
import { newUlid } from '../security/newUlid.js';
import { outboxChannel, type AppendedEvent, type OutboxEvent } from './OutboxEvent.js';
import { withoutPii } from './withoutPii.js';

/**
 * Writes an event to the outbox inside the caller's transaction (so the event
 * exists exactly when the state change does) and wakes the relay on commit.
 * SSN, date-of-birth and income fields are dropped from the data, whoever built it.
 */
export async function appendEvent(trx: Knex.Transaction | Knex, schema: string, event: OutboxEvent): Promise<AppendedEvent> {
  const eventId = `msg_${newUlid()}`;
  // One statement (insert and notify) instead of two: it runs in every state change's transaction.
  const result = await trx.raw(
    `WITH appended AS (
       INSERT INTO ??.outbox (event_id, type, application_id, dealer_id, payload) VALUES (?, ?, ?, ?, ?::jsonb) RETURNING id
     )
     SELECT id, pg_notify(?, id::text) FROM appended`,
    [schema, eventId, event.type, event.applicationId ?? null, event.dealerId ?? null, JSON.stringify(withoutPii(event.data)), outboxChannel(schema)],
  );
  const row = (result as { rows: { id: string }[] }).rows[0];
  return { id: Number(row.id), eventId };
}
