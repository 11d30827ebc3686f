import type { Knex } from 'knex';
import type { MigrationContext } from './MigrationContext.js';

/**
 * Callback processing (issue 4): per-application ordering state for callbacks
 * (which vendor time / arrival applied each block last), the vendor id on raw
 * callbacks (stage-1 orphans, broker sessions), and indexes for the orphan and
 * pending sweeps.
 */
export async function up(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await knex.schema.withSchema(schema).alterTable('applications', (t) => {
    // { status: { vendorAt, rawId }, terms: {...}, booked: {...}, ... }: kept apart from the business columns.
    t.jsonb('callback_state');
  });
  await knex.schema.withSchema(schema).alterTable('raw_callbacks', (t) => {
    t.text('lender_app_id');
    t.index(['lender_id', 'lender_app_id']);
  });
  await knex.raw(
    `CREATE INDEX raw_callbacks_unfinished ON ??.raw_callbacks (process_status, id) WHERE process_status IN ('pending', 'orphaned')`,
    [schema],
  );
}

export async function down(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS ??.raw_callbacks_unfinished', [schema]);
  await knex.schema.withSchema(schema).alterTable('raw_callbacks', (t) => {
    t.dropIndex(['lender_id', 'lender_app_id']);
    t.dropColumn('lender_app_id');
  });
  await knex.schema.withSchema(schema).alterTable('applications', (t) => {
    t.dropColumn('callback_state');
  });
}
