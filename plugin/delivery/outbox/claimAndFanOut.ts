import type { Knex } from 'knex';
import type { NewDelivery } from '../fanOut.js';
import type { DeliveryRow } from '../DeliveryRow.js';
import { COMMIT_WITHOUT_FLUSH } from '../../kernel/asyncCommit.js';

/** Marks a pass's events relayed and creates their deliveries (see claimAndFanOut). */
export const CLAIM_AND_FAN_OUT = `WITH claimed AS (
       UPDATE ??.outbox SET relayed_at = now() WHERE id = ANY(?::bigint[]) AND relayed_at IS NULL AND ${COMMIT_WITHOUT_FLUSH}
       RETURNING id, payload, dealer_id, created_at
     ), created AS (
       INSERT INTO ??.deliveries (id, outbox_id, event_id, event_type, application_id, target_kind, target_id, status, next_attempt_at)
       SELECT d.id, d.outbox_id, d.event_id, d.event_type, d.application_id, d.target_kind, d.target_id,
              CASE WHEN d.leased THEN 'delivering' ELSE 'pending' END, CASE WHEN d.leased THEN ?::timestamptz ELSE now() END
         FROM unnest(?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[])
              AS d (id, outbox_id, event_id, event_type, application_id, target_kind, target_id, leased)
        WHERE d.outbox_id IN (SELECT id FROM claimed)
       ON CONFLICT (outbox_id, target_kind, target_id) DO NOTHING
       RETURNING id, outbox_id, event_id, event_type, application_id, target_kind, target_id, status
     )
     SELECT (SELECT coalesce(array_agg(id::text), '{}') FROM claimed) AS claimed,
            (SELECT coalesce(array_agg(id ORDER BY outbox_id, id), '{}') FROM created) AS created,
            (SELECT coalesce(json_agg(json_build_object('id', c.id, 'outbox_id', c.outbox_id, 'event_id', c.event_id, 'event_type', c.event_type,
                      'application_id', c.application_id, 'target_kind', c.target_kind, 'target_id', c.target_id, 'status', c.status,
                      'attempts', 0, 'replays', 0, 'payload', o.payload, 'dealer_id', o.dealer_id, 'event_created_at', o.created_at)
                      ORDER BY c.outbox_id, c.id), '[]')
               FROM created c JOIN claimed o ON o.id = c.outbox_id WHERE c.status = 'delivering') AS leased`;

/**
 * Marks `eventIds` relayed and creates their deliveries in ONE statement (so
 * one implicit transaction, no BEGIN / COMMIT round trips): an event another
 * relay marked meanwhile is not claimed again, and the deliveries computed for
 * it are dropped with it. Deliveries that already exist are left alone (unique
 * outbox_id + target_kind + target_id). Returns the events this call claimed
 * and the deliveries it created.
 *
 * `lease`: the first `count` deliveries are created already claimed for this process, leased
 * until `until` (claimDeliveries): they come back whole, with their event (`leased`), so the
 * relay's worker sends them without claiming them again.
 */
export async function claimAndFanOut(
  knex: Knex,
  schema: string,
  eventIds: readonly (number | string)[],
  deliveries: readonly NewDelivery[],
  /** Query options: a prepared statement's name (preparedStatement; the relay names it). */
  options: { name?: string } = {},
  lease: { count: number; until: Date } = { count: 0, until: new Date(0) },
): Promise<{ claimed: string[]; created: string[]; leased: DeliveryRow[] }> {
  // Each column as one array of its own type (pg sends arrays as literals, NULL elements included).
  const column = <K extends keyof NewDelivery>(key: K) => deliveries.map((d) => d[key]) as Knex.Value;
  const bindings = [
    schema,
    eventIds.map(String) as Knex.Value,
    schema,
    lease.until,
    column('id'),
    deliveries.map((d) => String(d.outbox_id)) as Knex.Value,
    column('event_id'),
    column('event_type'),
    column('application_id'),
    column('target_kind'),
    column('target_id'),
    deliveries.map((_, i) => i < lease.count) as Knex.Value,
  ];
  const { rows } = (await knex.raw(CLAIM_AND_FAN_OUT, bindings).options(options)) as { rows: { claimed: string[]; created: string[]; leased: DeliveryRow[] }[] };
  return rows[0];
}
