import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { MigrationContext } from './MigrationContext.js';

/**
 * One row naming this installation (database + schema). The default Redis
 * queue prefix is derived from it, so two deployments sharing a Redis never
 * consume each other's jobs, and a queue prefix claimed in Redis can be traced
 * back to the deployment that owns it.
 */
export async function up(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await knex.schema.withSchema(schema).createTable('deployment', (t) => {
    // A constant primary key keeps the table at exactly one row.
    t.boolean('singleton').primary().defaultTo(true);
    t.text('id').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('ALTER TABLE ??.deployment ADD CONSTRAINT deployment_single_row CHECK (singleton)', [schema]);
  // 64 random bits: short enough for every BullMQ key to carry, far from colliding.
  await knex.withSchema(schema).table('deployment').insert({ singleton: true, id: randomBytes(8).toString('hex') });
}

export async function down(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await knex.schema.withSchema(schema).dropTableIfExists('deployment');
}
