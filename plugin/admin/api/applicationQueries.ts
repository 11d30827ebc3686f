import type { Knex } from 'knex';
import { APPLICATION_STATUSES, type ApplicationStatus } from '../../sdk/statuses.js';
import { AdminQuery } from './adminQuery.js';
import { keysetTime, page, type Keyset } from '../../http/keysetCursor.js';
import type { AdminCaller } from './adminAccess.js';
import { applicationSummary } from '../../applications/presentApplication.js';

export interface ApplicationSearch {
  /** Free text: our id, the host's externalRef, the lender's Appno or AppId (exact match on any). */
  q?: string;
  externalRef?: string;
  appNo?: string;
  dealerId?: string;
  lenderId?: string;
  status?: ApplicationStatus[];
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: Keyset;
}

export function parseApplicationSearch(query: Record<string, unknown>): ApplicationSearch {
  const q = new AdminQuery(query);
  const search: ApplicationSearch = {
    q: q.text('q'),
    externalRef: q.text('externalRef'),
    appNo: q.text('appNo'),
    dealerId: q.text('dealerId'),
    lenderId: q.text('lenderId'),
    status: q.list('status', APPLICATION_STATUSES),
    from: q.time('from'),
    to: q.time('to'),
    limit: q.limit(),
    cursor: q.cursor(),
  };
  q.done();
  return search;
}

type Row = Parameters<typeof applicationSummary>[0] & { sort_at: string };

const LINE_COLUMNS = ['id', 'dealer_id', 'lender_id', 'external_ref', 'status', 'lender_status', 'lender_app_id', 'lender_app_no', 'created_at', 'updated_at'];

/**
 * Newest first, keyset-paged on (created_at, id) so page 1000 costs what page 1
 * does; every filter is served by an index (see the 20261123000500 and
 * 20261203000300 migrations). Several statuses are one ordered index range each,
 * merged (UNION ALL, each branch limited): `status IN (...)` would read every
 * match of every status in the window and sort them, thousands of rows for a
 * large dealer's common statuses (docs/performance.md, "Data at scale").
 */
export async function searchApplications(knex: Knex, schema: string, caller: AdminCaller, s: ApplicationSearch) {
  const statuses = s.status?.length ? [...new Set(s.status)] : [undefined];
  const branches = statuses.map((status) => filteredPage(knex, schema, caller, s, status));
  const query =
    branches.length === 1
      ? branches[0]
      : knex
          .select('*')
          .from(knex.queryBuilder().unionAll(branches, true).as('by_status'))
          .orderBy(NEWEST_FIRST)
          .limit(s.limit + 1);
  const rows = (await query) as Row[];
  return page(rows, s.limit, applicationSummary, (r) => [r.sort_at, r.id]);
}

const NEWEST_FIRST = [
  { column: 'created_at', order: 'desc' },
  { column: 'id', order: 'desc' },
];

/** One page of the search's matches with `status` (every status when undefined), newest first. */
function filteredPage(knex: Knex, schema: string, caller: AdminCaller, s: ApplicationSearch, status: ApplicationStatus | undefined): Knex.QueryBuilder {
  const query = knex
    .withSchema(schema)
    .table('applications')
    .select(...LINE_COLUMNS, knex.raw(`${keysetTime('created_at')} as sort_at`))
    .orderBy(NEWEST_FIRST)
    .limit(s.limit + 1);
  if (caller.dealerScope !== null) query.whereIn('dealer_id', caller.dealerScope);
  if (s.q) query.where((w) => w.where('id', s.q!).orWhere('external_ref', s.q!).orWhere('lender_app_no', s.q!).orWhere('lender_app_id', s.q!));
  if (s.externalRef) query.where('external_ref', s.externalRef);
  if (s.appNo) query.where('lender_app_no', s.appNo);
  if (s.dealerId) query.where('dealer_id', s.dealerId);
  if (s.lenderId) query.where('lender_id', s.lenderId);
  if (status) query.where('status', status);
  if (s.from) query.where('created_at', '>=', s.from);
  if (s.to) query.where('created_at', '<', s.to);
  if (s.cursor) query.whereRaw('(created_at, id) < (?::timestamptz, ?)', [s.cursor.at, s.cursor.id]);
  return query;
}

/** The application row if the caller may see it (else undefined: other tenants get the same 404 as a missing id). */
export async function visibleApplication(knex: Knex, schema: string, caller: AdminCaller, id: string): Promise<Record<string, unknown> | undefined> {
  if (typeof id !== 'string' || id.length > 64) return undefined;
  const row = await knex.withSchema(schema).table('applications').where({ id }).first();
  if (!row) return undefined;
  if (caller.dealerScope !== null && !caller.dealerScope.includes(row.dealer_id)) return undefined;
  return row;
}
