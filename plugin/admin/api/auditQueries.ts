import type { Knex } from 'knex';
import { AdminQuery } from './adminQuery.js';
import { keysetTime, page, type Keyset } from '../../http/keysetCursor.js';

export interface AuditSearch {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  since?: Date;
  limit: number;
  cursor?: Keyset;
}

export function parseAuditSearch(query: Record<string, unknown>): AuditSearch {
  const q = new AdminQuery(query);
  const s: AuditSearch = {
    actor: q.text('actor'),
    action: q.text('action'),
    targetType: q.text('targetType'),
    targetId: q.text('targetId'),
    since: q.time('since'),
    limit: q.limit(),
    cursor: q.cursor(),
  };
  if (s.cursor && !/^\d{1,18}$/.test(s.cursor.id)) q.problems.push({ path: '/cursor', message: 'is not a cursor this API returned' });
  q.done();
  return s;
}

/** The audit log (admin actions and PII access), newest first. */
export async function searchAudit(knex: Knex, schema: string, s: AuditSearch) {
  const query = knex
    .withSchema(schema)
    .table('audit_log')
    .select('*', knex.raw(`${keysetTime('at')} as sort_at`))
    .orderBy([
      { column: 'at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(s.limit + 1);
  if (s.actor) query.where('actor', s.actor);
  if (s.action) query.where('action', s.action);
  if (s.targetType) query.where('target_type', s.targetType);
  if (s.targetId) query.where('target_id', s.targetId);
  if (s.since) query.where('at', '>=', s.since);
  if (s.cursor) query.whereRaw('(at, id) < (?::timestamptz, ?::bigint)', [s.cursor.at, s.cursor.id]);
  const rows = (await query) as (Record<string, unknown> & { id: string; sort_at: string })[];
  return page(
    rows,
    s.limit,
    (r) => ({ id: String(r.id), at: new Date(r.at as string).toISOString(), actor: r.actor, action: r.action, targetType: r.target_type, targetId: r.target_id, details: r.details }),
    (r) => [r.sort_at, r.id],
  );
}
