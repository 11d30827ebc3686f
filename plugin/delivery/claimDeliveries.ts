import type { Knex } from 'knex';
import { DELIVERY_STATUSES, type DeliveryRow, type DeliveryStatus } from './DeliveryRow.js';

/** The statuses a claim takes a delivery from; every other one is settled (or paused) and left alone. */
const CLAIMABLE: readonly DeliveryStatus[] = ['pending', 'delivering'];
const NOT_CLAIMABLE = DELIVERY_STATUSES.filter((s) => !CLAIMABLE.includes(s));

/**
 * Marks deliveries in flight and reads them with their event's payload: a batch
 * of ids as one array (fixed text, not an IN list). Not a named prepared
 * statement: its plan depends on the table's size (preparedStatement.ts); one
 * id alone goes through CLAIM_ONE below, which is.
 *
 * The status test is written as "none of the other statuses" on purpose: the
 * positive form (`status IN ('pending', 'delivering')`) matches the partial index
 * of unfinished deliveries and the `(status, updated_at)` index, and Postgres,
 * which expects few unfinished rows, then ANDs both bitmaps and reads every
 * unfinished delivery (and its dead versions) for each claim: 9,000-13,000 index
 * entries per claim during a 2,000-event burst, the cost growing with the backlog.
 * A negated test no index can serve, so the claim reads only the primary key.
 */
const claimStatement = (idTest: string) => `UPDATE ??.deliveries AS d SET status = 'delivering', updated_at = ?::timestamptz
    FROM ??.outbox AS o
   WHERE ${idTest} AND o.id = d.outbox_id AND d.status <> ALL ('{${NOT_CLAIMABLE.join(',')}}'::text[])
  RETURNING d.id, d.outbox_id, d.event_id, d.event_type, d.application_id, d.target_kind, d.target_id, d.status,
            d.attempts, d.replays, o.payload, o.dealer_id, o.created_at AS event_created_at`;

export const CLAIM_DELIVERIES = claimStatement('d.id = ANY(?::text[])');

/**
 * The same claim for one delivery (what a steady trickle claims), run as a named
 * prepared statement: one row by primary key is read through the key whatever the
 * table's size, so Postgres keeps its generic plan (test/foundation/hotStatementPlans.test.ts),
 * where the array form is planned on every run (about 250 us of its CPU at one id).
 */
export const CLAIM_ONE = claimStatement('d.id = ?');

/**
 * Claims `ids` in one statement. A delivery comes back only when it has
 * something to do (not finished, paused, replayed or unknown): `undefined` in
 * its place otherwise. One id goes through CLAIM_ONE, named as `one` says.
 */
export async function claimDeliveries(knex: Knex, schema: string, ids: readonly string[], now: Date, one: { name?: string } = {}): Promise<(DeliveryRow | undefined)[]> {
  if (ids.length === 1) {
    const { rows } = (await knex.raw(CLAIM_ONE, [schema, now, schema, ids[0]]).options(one)) as { rows: DeliveryRow[] };
    return [rows[0]];
  }
  const { rows } = (await knex.raw(CLAIM_DELIVERIES, [schema, now, schema, ids as unknown as Knex.Value])) as { rows: DeliveryRow[] };
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id));
}
