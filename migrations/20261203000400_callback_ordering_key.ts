import type { Knex } from 'knex';
import type { MigrationContext } from './MigrationContext.js';

/**
 * Per-application arrival order for callbacks: `ordering_key` names the
 * application a callback is about as the adapter read it at the door (before
 * any parsing), so the worker can apply a key's unfinished callbacks strictly by
 * id whichever process picks which job. The partial index serves that look-up
 * and stays small (only unfinished rows).
 */
export async function up(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('raw_callbacks', (t) => {
    t.text('ordering_key');
  });
  await knex.raw(`CREATE INDEX raw_callbacks_unfinished_by_key ON ??.raw_callbacks (lender_id, ordering_key, id) WHERE process_status IN ('pending', 'orphaned')`, [schema]);
}

export async function down(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await knex.raw(`DROP INDEX IF EXISTS ??.raw_callbacks_unfinished_by_key`, [schema]);
  await knex.schema.withSchema(schema).alterTable('raw_callbacks', (t) => {
    t.dropColumn('ordering_key');
  });
}
