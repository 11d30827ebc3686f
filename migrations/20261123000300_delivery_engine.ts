import type { Knex } from 'knex';
import type { MigrationContext } from './MigrationContext.js';

/**
 * State the delivery engine keeps per target (circuit breaker, backlog alert),
 * whatever its kind (webhook subscription or CRM), plus subscription bookkeeping.
 */
export async function up(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await knex.schema.withSchema(schema).createTable('delivery_targets', (t) => {
    t.text('target_kind').notNullable();
    t.text('target_id').notNullable();
    t.integer('consecutive_failures').notNullable().defaultTo(0);
    t.timestamp('failing_since', { useTz: true });
    t.timestamp('circuit_open_until', { useTz: true });
    t.boolean('backlog_alerted').notNullable().defaultTo(false);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['target_kind', 'target_id']);
  });
  await knex.schema.withSchema(schema).alterTable('subscriptions', (t) => {
    t.timestamp('disabled_at', { useTz: true });
  });
  // The reconciler and backlog checks scan unfinished deliveries per target.
  await knex.raw(
    `CREATE INDEX deliveries_unfinished ON ??.deliveries (target_kind, target_id, status) WHERE status IN ('pending', 'delivering', 'paused')`,
    [schema],
  );
}

export async function down(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS ??.deliveries_unfinished', [schema]);
  await knex.schema.withSchema(schema).alterTable('subscriptions', (t) => {
    t.dropColumn('disabled_at');
  });
  await knex.schema.withSchema(schema).dropTableIfExists('delivery_targets');
}
