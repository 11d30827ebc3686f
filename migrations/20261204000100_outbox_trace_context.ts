import type { Knex } from 'knex';
import type { MigrationContext } from './MigrationContext.js';

/**
 * `outbox.trace_context`: the W3C trace context (`traceparent`, `tracestate`)
 * of the transaction that wrote the event, so the relay and the deliveries it
 * fans out to continue that trace after the outbox. NULL unless the host
 * registered an OpenTelemetry SDK. A nullable column without a default is
 * instant at any table size.
 */
export async function up(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await knex.raw('ALTER TABLE ??.outbox ADD COLUMN IF NOT EXISTS trace_context jsonb', [schema]);
}

export async function down(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await knex.raw('ALTER TABLE ??.outbox DROP COLUMN IF EXISTS trace_context', [schema]);
}
