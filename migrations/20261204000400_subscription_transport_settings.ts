import type { Knex } from 'knex';
import type { MigrationContext } from './MigrationContext.js';

/**
 * `subscriptions.transport_settings`: what a file transport needs besides a URL
 * (sftp: username, secret references, the pinned host key, the path template).
 * Nullable without a default, so adding it is instant at any size.
 */
export async function up(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await knex.raw('ALTER TABLE ??.subscriptions ADD COLUMN IF NOT EXISTS transport_settings jsonb', [schema]);
}

export async function down(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await knex.raw('ALTER TABLE ??.subscriptions DROP COLUMN IF EXISTS transport_settings', [schema]);
}
