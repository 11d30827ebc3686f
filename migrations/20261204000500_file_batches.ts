import type { Knex } from 'knex';
import type { MigrationContext } from './MigrationContext.js';

/**
 * Batch files (the batch-file transport): `file_batches` is one window of one
 * subscription (open until its time or record limit, then closed; delivered once
 * a file holding it is complete at the partner); `file_batch_records` the events
 * in it, in order, with the exact bytes each one contributes. Durable, so a crash
 * mid-window loses nothing and a replay rebuilds the same file.
 */
export async function up(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await knex.schema.withSchema(schema).createTable('file_batches', (t) => {
    t.text('id').primary(); // bat_<subscription>_<sequence>
    t.text('subscription_id').notNullable();
    t.integer('sequence').notNullable();
    t.integer('record_count').notNullable().defaultTo(0);
    t.timestamp('opened_at', { useTz: true }).notNullable();
    t.timestamp('closes_at', { useTz: true }).notNullable();
    t.integer('max_records').notNullable();
    t.timestamp('closed_at', { useTz: true });
    t.timestamp('upload_lease_until', { useTz: true });
    t.timestamp('delivered_at', { useTz: true });
    t.unique(['subscription_id', 'sequence']);
  });
  await knex.raw('CREATE UNIQUE INDEX file_batches_one_open ON ??.file_batches (subscription_id) WHERE closed_at IS NULL', [schema]);
  await knex.schema.withSchema(schema).createTable('file_batch_records', (t) => {
    t.text('batch_id').notNullable().references('id').inTable(`${schema}.file_batches`).onDelete('CASCADE');
    t.integer('position').notNullable();
    t.text('subscription_id').notNullable();
    t.text('event_id').notNullable();
    t.text('event_type').notNullable();
    t.text('event_time').notNullable();
    t.text('body').notNullable();
    // When this event's delivery was answered "delivered" for its batch: asking again after that is a replay.
    t.timestamp('acknowledged_at', { useTz: true });
    t.primary(['batch_id', 'position']);
    t.unique(['subscription_id', 'event_id']);
  });
}

export async function down(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await knex.schema.withSchema(schema).dropTableIfExists('file_batch_records');
  await knex.schema.withSchema(schema).dropTableIfExists('file_batches');
}
