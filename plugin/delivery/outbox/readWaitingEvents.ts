import type { Knex } from 'knex';
import type { OutboxRow } from '../fanOut.js';
import type { TracedOutboxRow } from './RelaySpans.js';

/**
 * The events not relayed yet, oldest first, read through the partial index of unrelayed ids
 * (`outbox_unrelayed`), which stays small whatever the outbox's size: the relay runs it as a
 * named prepared statement (its cached plan stays right; test/foundation/hotStatementPlans.test.ts).
 */
export const WAITING_EVENTS = 'SELECT id, event_id, type, application_id, dealer_id, trace_context FROM ??.outbox WHERE relayed_at IS NULL ORDER BY id LIMIT ?';

/** Up to `size` events waiting for the relay, oldest first. */
export async function readWaitingEvents(knex: Knex, schema: string, size: number, options: { name?: string } = {}): Promise<(OutboxRow & TracedOutboxRow)[]> {
  const { rows } = (await knex.raw(WAITING_EVENTS, [schema, size]).options(options)) as { rows: (OutboxRow & TracedOutboxRow)[] };
  return rows;
}
