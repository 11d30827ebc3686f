import type { Knex } from 'knex';
import { createIndexesConcurrently, dropIndexesConcurrently, type IndexSpec } from './createIndexConcurrently.js';
import type { MigrationContext } from './MigrationContext.js';

/**
 * The review queue's default view (unparseable callbacks or callbacks whose
 * processing failed, newest first; all lenders or one) as partial indexes with
 * exactly that condition. `raw_callbacks_review` serves a filter on parse
 * status alone; since the queue also lists failed processing, Postgres walked
 * the primary key backwards past every healthy callback instead (10M raw
 * callbacks: p50 10.8 ms, p99 159 ms; `npm run bench`, "Data at scale" in
 * docs/performance.md). Healthy callbacks, nearly all of them, add nothing to
 * either index, so ingest and processing pay nothing.
 */
const REVIEW = `WHERE parse_status = 'unparseable' OR process_status = 'failed'`;
const INDEXES: IndexSpec[] = [
  { name: 'raw_callbacks_review_queue', table: 'raw_callbacks', definition: `(id) ${REVIEW}` },
  { name: 'raw_callbacks_review_queue_lender', table: 'raw_callbacks', definition: `(lender_id, id) ${REVIEW}` },
];

/** CREATE INDEX CONCURRENTLY cannot run inside a transaction; see createIndexesConcurrently for what that asks of a big table. */
export const config = { transaction: false };

export async function up(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await createIndexesConcurrently(knex, schema, INDEXES);
}

export async function down(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await dropIndexesConcurrently(knex, schema, INDEXES);
}
