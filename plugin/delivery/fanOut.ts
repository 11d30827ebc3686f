import type { Knex } from 'knex';
import { newUlid } from '../security/newUlid.js';
import type { DeliveryTargetKind } from './DeliveryTargetKind.js';
import type { TargetVersions } from '../events/targetVersions.js';

/** The outbox columns fan-out needs. */
export interface OutboxRow {
  id: number | string;
  event_id: string;
  type: string;
  application_id: string | null;
  dealer_id: string | null;
}

export function newDeliveryId(): string {
  return `dlv_${newUlid()}`;
}

/** A delivery row to create: one per (event, matching target). */
export interface NewDelivery {
  id: string;
  outbox_id: number | string;
  event_id: string;
  event_type: string;
  application_id: string | null;
  target_kind: string;
  target_id: string;
}

/**
 * One new delivery per (event, matching target) of every kind; asks each kind once for all the events.
 * `versions`: the kinds' target versions read in the same snapshot as the events (readWaitingEvents).
 */
export async function deliveriesFor(kinds: readonly DeliveryTargetKind[], events: readonly OutboxRow[], versions: Readonly<TargetVersions> = {}): Promise<NewDelivery[]> {
  const rows: NewDelivery[] = [];
  const selectors = events.map((e) => ({ type: e.type, applicationId: e.application_id, dealerId: e.dealer_id }));
  for (const kind of kinds) {
    const perEvent = kind.targetsForMany ? await kind.targetsForMany(selectors, versions[kind.kind]) : await Promise.all(selectors.map((s) => kind.targetsFor(s)));
    events.forEach((event, i) => {
      for (const targetId of new Set(perEvent[i] ?? [])) {
        rows.push({ id: newDeliveryId(), outbox_id: event.id, event_id: event.event_id, event_type: event.type, application_id: event.application_id, target_kind: kind.kind, target_id: targetId });
      }
    });
  }
  return rows;
}

/**
 * Writes one pending delivery row per (event, matching target) of every kind,
 * inside the caller's transaction. Rows that already exist are left alone
 * (unique outbox_id + target_kind + target_id), so running it twice for an
 * event never duplicates a delivery. Returns the ids of the rows it created.
 */
export async function fanOut(trx: Knex.Transaction, schema: string, kinds: readonly DeliveryTargetKind[], events: readonly OutboxRow[]): Promise<string[]> {
  const rows = (await deliveriesFor(kinds, events)).map((r) => ({ ...r, status: 'pending', next_attempt_at: trx.fn.now() }));
  const created: string[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await trx
      .withSchema(schema)
      .table('deliveries')
      .insert(rows.slice(i, i + 500))
      .onConflict(['outbox_id', 'target_kind', 'target_id'])
      .ignore()
      .returning(['id']);
    created.push(...inserted.map((r: { id: string }) => r.id));
  }
  return created;
}
