import type { Knex } from 'knex';
import { createIndexesConcurrently, dropIndexesConcurrently, type IndexSpec } from './createIndexConcurrently.js';
import type { MigrationContext } from './MigrationContext.js';

/**
 * One status across every dealer, newest first (the dashboard's status filter,
 * `GET /admin/api/applications?status=...`), answered from the index alone.
 * The plain `(status, created_at, id)` index found the page's rows, but each
 * of them then cost a read of its own table page: rows are about 1.7 KB, so a
 * page of 50 applications in one status is about 50 table pages, most of them
 * outside shared_buffers at 1M applications (p99 5-6.5 ms in `npm run bench`,
 * "Data at scale" in docs/performance.md). This index carries the columns the
 * search lists (INCLUDE: stored in the leaf pages, not part of the order), so
 * the page is read from a handful of index pages (an index-only scan; pages
 * changed since the last vacuum are still checked in the table).
 *
 * It replaces `applications_status_created` (same keys, so every query that
 * used that one can use this one). Writes pay little more: a status change
 * already writes an entry in every index of the table (`status` and
 * `updated_at` are indexed, so no update is HOT), the entries are just wider.
 * The columns must stay those of the admin search's list (LINE_COLUMNS in
 * plugin/admin/api/applicationQueries.ts); test/admin/scale.test.ts checks the
 * search stays an index-only scan.
 */
const LISTING: IndexSpec = {
  name: 'applications_status_listing',
  table: 'applications',
  definition: '(status, created_at, id) INCLUDE (dealer_id, lender_id, external_ref, lender_status, lender_app_id, lender_app_no, updated_at)',
};
const REPLACED: IndexSpec = { name: 'applications_status_created', table: 'applications', definition: '(status, created_at, id)' };

/** CREATE INDEX CONCURRENTLY cannot run inside a transaction; see createIndexesConcurrently for what that asks of a big table. */
export const config = { transaction: false };

export async function up(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await createIndexesConcurrently(knex, schema, [LISTING]);
  await dropIndexesConcurrently(knex, schema, [REPLACED]);
}

export async function down(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await createIndexesConcurrently(knex, schema, [REPLACED]);
  await dropIndexesConcurrently(knex, schema, [LISTING]);
}
