import type { Knex } from 'knex';
import { AdminQuery } from './adminQuery.js';
import { keysetTime, page, type Keyset } from '../../http/keysetCursor.js';
import type { AdminCaller } from './adminAccess.js';
import { isoTime } from '../../kernel/isoTime.js';
import { presentDelivery, presentDeliveryAttempt, type DeliveryColumns } from '../../delivery/presentDelivery.js';

export const DELIVERY_STATUSES = ['pending', 'delivering', 'paused', 'succeeded', 'failed', 'dead_lettered'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliverySearch {
  status?: DeliveryStatus[];
  targetKind?: string;
  targetId?: string;
  eventType?: string;
  applicationId?: string;
  since?: Date;
  limit: number;
  cursor?: Keyset;
}

export function parseDeliverySearch(query: Record<string, unknown>, forced: Partial<DeliverySearch> = {}): DeliverySearch {
  const q = new AdminQuery(query);
  const search: DeliverySearch = {
    status: q.list('status', DELIVERY_STATUSES),
    targetKind: q.text('targetKind'),
    targetId: q.text('targetId'),
    eventType: q.text('eventType'),
    applicationId: q.text('applicationId'),
    since: q.time('since'),
    limit: q.limit(),
    cursor: q.cursor(),
    ...forced,
  };
  q.done();
  return search;
}

/** The admin API's delivery line: the shared delivery view plus when the row last changed. */
export function deliveryLine(d: DeliveryColumns) {
  return { ...presentDelivery(d), updatedAt: isoTime(d.updated_at) };
}

/** Dealer users see deliveries about their own dealers' applications only. */
function scoped(knex: Knex, schema: string, caller: AdminCaller, query: Knex.QueryBuilder): void {
  if (caller.dealerScope === null) return;
  const scope = caller.dealerScope;
  query.whereIn('application_id', knex.withSchema(schema).table('applications').select('id').whereIn('dealer_id', scope));
}

/** Newest first, keyset-paged on (created_at, id). */
export async function searchDeliveries(knex: Knex, schema: string, caller: AdminCaller, s: DeliverySearch) {
  const query = knex
    .withSchema(schema)
    .table('deliveries')
    .select('*', knex.raw(`${keysetTime('created_at')} as sort_at`))
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(s.limit + 1);
  scoped(knex, schema, caller, query);
  if (s.status?.length) query.whereIn('status', s.status);
  if (s.targetKind) query.where('target_kind', s.targetKind);
  if (s.targetId) query.where('target_id', s.targetId);
  if (s.eventType) query.where('event_type', s.eventType);
  if (s.applicationId) query.where('application_id', s.applicationId);
  if (s.since) query.where('created_at', '>=', s.since);
  if (s.cursor) query.whereRaw('(created_at, id) < (?::timestamptz, ?)', [s.cursor.at, s.cursor.id]);
  const rows = (await query) as (DeliveryColumns & { sort_at: string })[];
  return page(rows, s.limit, deliveryLine, (r) => [r.sort_at, r.id]);
}

/** One delivery with its whole attempt log, or undefined when missing or not the caller's. */
export async function deliveryDetail(knex: Knex, schema: string, caller: AdminCaller, id: string) {
  if (typeof id !== 'string' || id.length > 64) return undefined;
  const query = knex.withSchema(schema).table('deliveries').where({ id }).first();
  scoped(knex, schema, caller, query);
  const d = await query;
  if (!d) return undefined;
  const attempts = await knex.withSchema(schema).table('delivery_attempts').where({ delivery_id: id }).orderBy('id');
  return {
    ...deliveryLine(d),
    attemptLog: attempts.map(presentDeliveryAttempt),
  };
}
