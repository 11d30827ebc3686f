import type { Knex } from 'knex';
import type { MigrationContext } from './MigrationContext.js';

/**
 * Indexes for the admin API and dashboard: newest-first keyset paging over
 * every application / delivery (no dealer filter, e.g. 100k applications),
 * lookup by the lender's Appno without knowing the lender, and the review queue.
 */
export async function up(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await knex.raw('CREATE INDEX IF NOT EXISTS admin_applications_created ON ??.applications (created_at, id)', [schema]);
  await knex.raw('CREATE INDEX IF NOT EXISTS admin_applications_app_no ON ??.applications (lender_app_no)', [schema]);
  await knex.raw('CREATE INDEX IF NOT EXISTS admin_applications_app_id ON ??.applications (lender_app_id)', [schema]);
  await knex.raw('CREATE INDEX IF NOT EXISTS admin_deliveries_created ON ??.deliveries (created_at, id)', [schema]);
  await knex.raw('CREATE INDEX IF NOT EXISTS admin_delivery_attempts_started ON ??.delivery_attempts (started_at)', [schema]);
  await knex.raw('CREATE INDEX IF NOT EXISTS admin_raw_callbacks_received ON ??.raw_callbacks (received_at)', [schema]);
}

export async function down(knex: Knex, { schema }: MigrationContext): Promise<void> {
  for (const name of ['admin_raw_callbacks_received', 'admin_delivery_attempts_started', 'admin_deliveries_created', 'admin_applications_app_id', 'admin_applications_app_no', 'admin_applications_created']) {
    await knex.raw('DROP INDEX IF EXISTS ??.??', [schema, name]);
  }
}
