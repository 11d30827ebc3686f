import type { Knex } from 'knex';
import type { MigrationContext } from './MigrationContext.js';

/** CRM targets paused by the delivery engine (revoked credentials, rejected configuration). */
export async function up(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await knex.schema.withSchema(schema).createTable('crm_targets', (t) => {
    t.text('id').primary(); // manifest crm[].id
    t.text('disabled_reason');
    t.timestamp('disabled_at', { useTz: true });
    // sha256 of the adapter, base URL and credential values the pause happened with.
    t.text('credentials_fingerprint');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await knex.schema.withSchema(schema).dropTableIfExists('crm_targets');
}
