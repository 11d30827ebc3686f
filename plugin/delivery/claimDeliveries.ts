import type { Knex } from 'knex';
import { DELIVERY_STATUSES, type DeliveryRow, type DeliveryStatus } from './DeliveryRow.js';
import { COMMIT_WITHOUT_FLUSH } from '../kernel/asyncCommit.js';

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
 *
 * A claim leases the delivery: `next_attempt_at` of a `delivering` row is the time until
 * which its claimer holds it.
 * - A job's claim (`leased` false) leases it until now: its BullMQ job lock is what guards
 *   it. It takes `pending` rows, and `delivering` ones whose lease ran out (a stalled job's
 *   retry; a process that died while sending one without a job).
 * - A delivery this process sends without a job (LocalDeliveries, `leased` true) is claimed
 *   only while `pending` and never attempted (a job another process gave it meanwhile may
 *   have made an attempt and scheduled the next), and leased for `stalledJobTimeout`, renewed while its
 *   attempt runs. A job another process' reconciler gives it meanwhile finds it taken; a
 *   delivery a job took first is not taken again.
 * Both tests are written as CASE so that no index on the status or the time is matched (as above).
 * A claim commits without waiting for the WAL flush (COMMIT_WITHOUT_FLUSH): one lost in a
 * Postgres crash leaves the delivery as it was, to be sent again.
 */
const claimStatement = (idTest: string, leased: boolean) => `UPDATE ??.deliveries AS d SET status = 'delivering', updated_at = ?::timestamptz, next_attempt_at = ?::timestamptz
    FROM ??.outbox AS o
   WHERE ${idTest} AND o.id = d.outbox_id AND d.status <> ALL ('{${NOT_CLAIMABLE.join(',')}}'::text[]) AND ${COMMIT_WITHOUT_FLUSH}
     AND ${leased ? `CASE WHEN d.status = 'pending' THEN d.attempts = 0 ELSE false END` : `CASE WHEN d.status = 'delivering' THEN d.next_attempt_at <= ?::timestamptz ELSE true END`}
  RETURNING d.id, d.outbox_id, d.event_id, d.event_type, d.application_id, d.target_kind, d.target_id, d.status,
            d.attempts, d.replays, o.payload, o.dealer_id, o.created_at AS event_created_at`;

export const CLAIM_DELIVERIES = claimStatement('d.id = ANY(?::text[])', false);
export const CLAIM_LEASED = claimStatement('d.id = ANY(?::text[])', true);

/**
 * The same claim for one delivery (what a steady trickle claims), run as a named
 * prepared statement: one row by primary key is read through the key whatever the
 * table's size, so Postgres keeps its generic plan (test/foundation/hotStatementPlans.test.ts),
 * where the array form is planned on every run (about 250 us of its CPU at one id).
 */
export const CLAIM_ONE = claimStatement('d.id = ?', false);
export const CLAIM_ONE_LEASED = claimStatement('d.id = ?', true);

/**
 * Claims `ids` in one statement. A delivery comes back only when it has
 * something to do (not finished, paused, replayed, unknown or held by another claim): `undefined` in
 * its place otherwise. One id goes through the one-id form, named as `one` says.
 * `leaseMs`: claim deliveries that have no job, for that long (see above).
 */
export async function claimDeliveries(
  knex: Knex,
  schema: string,
  ids: readonly string[],
  now: Date,
  options: { leaseMs?: number; one?: { name?: string } } = {},
): Promise<(DeliveryRow | undefined)[]> {
  const leased = options.leaseMs !== undefined;
  const until = leased ? new Date(now.getTime() + (options.leaseMs ?? 0)) : now;
  // A job's claim: the time by which a lease must have run out.
  const expiredBy = leased ? [] : [now];
  if (ids.length === 1) {
    const { rows } = (await knex.raw(leased ? CLAIM_ONE_LEASED : CLAIM_ONE, [schema, now, until, schema, ids[0], ...expiredBy]).options(options.one ?? {})) as { rows: DeliveryRow[] };
    return [rows[0]];
  }
  const { rows } = (await knex.raw(leased ? CLAIM_LEASED : CLAIM_DELIVERIES, [schema, now, until, schema, ids as unknown as Knex.Value, ...expiredBy])) as { rows: DeliveryRow[] };
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id));
}

/** Sets claimed deliveries back to waiting (`pending`), due at `nextAttemptAt`: a postponed turn, or one handed back. */
export async function releaseDeliveries(knex: Knex, schema: string, ids: readonly string[], nextAttemptAt: Date, now: Date): Promise<void> {
  if (!ids.length) return;
  await knex.withSchema(schema).table('deliveries').whereIn('id', ids).andWhere({ status: 'delivering' }).update({ status: 'pending', next_attempt_at: nextAttemptAt, updated_at: now });
}
