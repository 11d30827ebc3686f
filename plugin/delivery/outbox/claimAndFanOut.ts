import type { Knex } from 'knex';
import type { NewDelivery } from '../fanOut.js';
import { COMMIT_WITHOUT_FLUSH } from '../../kernel/asyncCommit.js';

/** Marks a pass's events relayed and creates their deliveries (see claimAndFanOut). */
export const CLAIM_AND_FAN_OUT = `WITH claimed AS (
       UPDATE ??.outbox SET relayed_at = now() WHERE id = ANY(?::bigint[]) AND relayed_at IS NULL AND ${COMMIT_WITHOUT_FLUSH} RETURNING id
     ), created AS (
       INSERT INTO ??.deliveries (id, outbox_id, event_id, event_type, application_id, target_kind, target_id, status, next_attempt_at)
       SELECT d.id, d.outbox_id, d.event_id, d.event_type, d.application_id, d.target_kind, d.target_id, 'pending', now()
         FROM unnest(?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
              AS d (id, outbox_id, event_id, event_type, application_id, target_kind, target_id)
        WHERE d.outbox_id IN (SELECT id FROM claimed)
       ON CONFLICT (outbox_id, target_kind, target_id) DO NOTHING
       RETURNING id, outbox_id
     )
     SELECT (SELECT coalesce(array_agg(id::text), '{}') FROM claimed) AS claimed,
            (SELECT coalesce(array_agg(id ORDER BY outbox_id, id), '{}') FROM created) AS created`;

/**
 * Marks `eventIds` relayed and creates their deliveries in ONE statement (so
 * one implicit transaction, no BEGIN / COMMIT round trips): an event another
 * relay marked meanwhile is not claimed again, and the deliveries computed for
 * it are dropped with it. Deliveries that already exist are left alone (unique
 * outbox_id + target_kind + target_id). Returns the events this call claimed
 * and the deliveries it created.
 */
export async function claimAndFanOut(
  knex: Knex,
  schema: string,
  eventIds: readonly (number | string)[],
  deliveries: readonly NewDelivery[],
  /** Query options: a prepared statement's name (preparedStatement; the relay names it). */
  options: { name?: string } = {},
): Promise<{ claimed: string[]; created: string[] }> {
  // Each column as one array of its own type (pg sends arrays as literals, NULL elements included).
  const column = <K extends keyof NewDelivery>(key: K) => deliveries.map((d) => d[key]) as Knex.Value;
  const bindings = [
    schema,
    eventIds.map(String) as Knex.Value,
    schema,
    column('id'),
    deliveries.map((d) => String(d.outbox_id)) as Knex.Value,
    column('event_id'),
    column('event_type'),
    column('application_id'),
    column('target_kind'),
    column('target_id'),
  ];
  const { rows } = (await knex.raw(CLAIM_AND_FAN_OUT, bindings).options(options)) as { rows: { claimed: string[]; created: string[] }[] };
  return rows[0];
}
