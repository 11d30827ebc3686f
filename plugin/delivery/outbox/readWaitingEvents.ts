import type { Knex } from 'knex';
import type { OutboxRow } from '../fanOut.js';
import type { TracedOutboxRow } from './RelaySpans.js';
import { TARGET_VERSIONS_SQL, type TargetVersions } from '../../events/targetVersions.js';

/**
 * The events not relayed yet, oldest first, read through the partial index of unrelayed ids
 * (`outbox_unrelayed`), which stays small whatever the outbox's size: the relay runs it as a
 * named prepared statement (its cached plan stays right; test/foundation/hotStatementPlans.test.ts).
 * Each row also carries the target kinds' versions (`target_versions`, one tiny table read once
 * per statement) as of the same snapshot: fanning the events out with targets loaded at those
 * versions is the same as reading the targets now (migrations/20261205000200_target_versions.ts).
 */
export const WAITING_EVENTS = `SELECT id, event_id, type, application_id, dealer_id, trace_context,
       ${TARGET_VERSIONS_SQL} AS target_versions
  FROM ??.outbox WHERE relayed_at IS NULL ORDER BY id LIMIT ?`;

/** Up to `size` events waiting for the relay, oldest first, and the target versions of the same snapshot (empty when none wait). */
export async function readWaitingEvents(knex: Knex, schema: string, size: number, options: { name?: string } = {}): Promise<{ events: (OutboxRow & TracedOutboxRow)[]; versions: TargetVersions }> {
  const { rows } = (await knex.raw(WAITING_EVENTS, [schema, schema, size]).options(options)) as { rows: (OutboxRow & TracedOutboxRow & { target_versions: TargetVersions | null })[] };
  const versions = rows[0]?.target_versions ?? {};
  return { events: rows.map(({ target_versions: _, ...event }) => event), versions };
}
