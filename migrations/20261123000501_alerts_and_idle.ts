import type { Knex } from 'knex';
import type { MigrationContext } from './MigrationContext.js';

/**
 * Operations state shared by every process: which alerts are raised (so an
 * alert fires once per crossing, not once per process or per check), and which
 * `application.idle` notices were sent (once per threshold per quiet spell).
 */
export async function up(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await knex.schema.withSchema(schema).createTable('alert_state', (t) => {
    t.text('key').primary(); // e.g. callback_success_rate, backlog:subscription:partner
    t.boolean('active').notNullable().defaultTo(false);
    t.timestamp('since', { useTz: true });
    t.jsonb('details');
    t.timestamp('checked_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.withSchema(schema).createTable('application_idle_notices', (t) => {
    t.text('application_id').notNullable().references('id').inTable(`${schema}.applications`);
    t.text('threshold').notNullable(); // e.g. 24h
    t.integer('version').notNullable(); // applications.version when it was sent: a change starts a new quiet spell
    t.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['application_id', 'threshold', 'version']);
  });
}

export async function down(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await knex.schema.withSchema(schema).dropTableIfExists('application_idle_notices');
  await knex.schema.withSchema(schema).dropTableIfExists('alert_state');
}
