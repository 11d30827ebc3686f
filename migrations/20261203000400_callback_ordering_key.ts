import type { Knex } from 'knex';
import { createIndexesConcurrently, dropIndexesConcurrently, type IndexSpec } from './createIndexConcurrently.js';
import type { MigrationContext } from './MigrationContext.js';

/**
 * Per-application arrival order for callbacks: `ordering_key` names the
 * application a callback is about as the adapter read it at the door (before
 * any parsing), so the worker can apply a key's unfinished callbacks strictly by
 * id whichever process picks which job. The partial index serves that look-up
 * and stays small (only unfinished rows); it is built CONCURRENTLY, like the
 * scale indexes, so ingest carries on while it builds on a big raw_callbacks.
 * Adding a nullable column without a default is instant at any size.
 */
const INDEXES: IndexSpec[] = [
  { name: 'raw_callbacks_unfinished_by_key', table: 'raw_callbacks', definition: `(lender_id, ordering_key, id) WHERE process_status IN ('pending', 'orphaned')` },
];

/** CREATE INDEX CONCURRENTLY cannot run inside a transaction. */
export const config = { transaction: false };

export async function up(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await knex.raw('ALTER TABLE ??.raw_callbacks ADD COLUMN IF NOT EXISTS ordering_key text', [schema]);
  await createIndexesConcurrently(knex, schema, INDEXES);
}

export async function down(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await dropIndexesConcurrently(knex, schema, INDEXES);
  await knex.raw('ALTER TABLE ??.raw_callbacks DROP COLUMN IF EXISTS ordering_key', [schema]);
}
