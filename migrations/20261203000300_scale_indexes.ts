import type { Knex } from 'knex';
import { createIndexesConcurrently, dropIndexesConcurrently, type IndexSpec } from './createIndexConcurrently.js';
import type { MigrationContext } from './MigrationContext.js';

/**
 * Searches that stay index-served at 1M applications and 10M raw callbacks
 * (issue 11, measured by `npm run bench`, "Data at scale" in
 * docs/performance.md):
 * - a dealer's applications in one status, newest first (dealer API list,
 *   dashboard filter), and one status across dealers in a date range
 *   (dashboard). Without them Postgres walks a dealer's or the whole table's
 *   newest-first index and throws away every row in another status: fine for
 *   `funded`, thousands of rows for a rare status such as `needs_review`;
 * - the review queue (unparseable / partial callbacks, newest first; all
 *   lenders or one), which walked the raw callbacks backwards past every
 *   parsed one (1 in 1000 is unparseable), or for one lender combined two
 *   bitmaps of 10,000 and 1,000,000 rows. Partial: parsed callbacks, nearly
 *   all of them, add nothing to either, so ingest and processing pay nothing.
 */
const INDEXES: IndexSpec[] = [
  { name: 'applications_dealer_status_created', table: 'applications', definition: '(dealer_id, status, created_at, id)' },
  { name: 'applications_status_created', table: 'applications', definition: '(status, created_at, id)' },
  { name: 'raw_callbacks_review', table: 'raw_callbacks', definition: `(parse_status, id) WHERE parse_status IN ('unparseable', 'partial')` },
  { name: 'raw_callbacks_review_lender', table: 'raw_callbacks', definition: `(lender_id, parse_status, id) WHERE parse_status IN ('unparseable', 'partial')` },
];

/** CREATE INDEX CONCURRENTLY cannot run inside a transaction; see createIndexesConcurrently for what that asks of a big table. */
export const config = { transaction: false };

export async function up(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await createIndexesConcurrently(knex, schema, INDEXES);
}

export async function down(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await dropIndexesConcurrently(knex, schema, INDEXES);
}
