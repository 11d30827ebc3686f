import type { Knex } from 'knex';
import type { MigrationContext } from './MigrationContext.js';

/**
 * The tables every later feature builds on. Columns may grow through later
 * migrations; this file never changes once landed.
 */
export async function up(knex: Knex, { schema }: MigrationContext): Promise<void> {
  // A schema builder accumulates statements: take a fresh one per table.
  const s = () => knex.schema.withSchema(schema);

  await s().createTable('applications', (t) => {
    t.text('id').primary(); // app_<ulid>
    t.text('dealer_id').notNullable();
    t.text('lender_id').notNullable();
    t.text('external_ref');
    t.text('status').notNullable();
    t.text('lender_status');
    t.text('lender_app_id'); // vendor's AppId (answer to the submission)
    t.text('lender_app_no'); // vendor's application number (stage-1 callback)
    t.jsonb('application').notNullable(); // canonical application without PII
    t.binary('pii'); // AES-256-GCM sealed PII
    t.text('pii_key_id');
    t.text('idempotency_key');
    t.text('request_hash');
    t.text('created_by');
    t.jsonb('decision'); // terms offered
    t.jsonb('stipulations');
    t.jsonb('booked'); // booked / funded structure
    t.jsonb('decline'); // reasons and credit bureau
    t.timestamp('adverse_action_due_at', { useTz: true });
    t.timestamp('vendor_updated_at', { useTz: true }); // newest vendor timestamp applied
    t.integer('version').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['dealer_id', 'created_at', 'id']);
    t.index(['status', 'updated_at']);
    t.index(['external_ref']);
    t.unique(['lender_id', 'lender_app_no']);
    t.index(['lender_id', 'lender_app_id']);
  });
  await knex.raw(`CREATE UNIQUE INDEX applications_idempotency ON ??.applications (dealer_id, idempotency_key) WHERE idempotency_key IS NOT NULL`, [schema]);

  await s().createTable('application_transitions', (t) => {
    t.bigIncrements('id');
    t.text('application_id').notNullable().references('id').inTable(`${schema}.applications`);
    t.text('from_status');
    t.text('to_status').notNullable();
    t.text('lender_status');
    t.text('source').notNullable(); // api, submission, callback, operator
    t.text('reason');
    t.bigInteger('raw_callback_id');
    t.timestamp('vendor_at', { useTz: true });
    t.jsonb('details');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['application_id', 'id']);
  });

  await s().createTable('submissions', (t) => {
    t.bigIncrements('id');
    t.text('application_id').notNullable().references('id').inTable(`${schema}.applications`);
    t.text('lender_id').notNullable();
    // pending -> sending -> (accepted | rejected | unknown | retry)
    t.text('state').notNullable();
    t.integer('attempt').notNullable().defaultTo(1);
    t.integer('http_status');
    t.text('error_code');
    t.text('error_message');
    t.jsonb('vendor_response');
    t.integer('duration_ms');
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true });
    t.index(['application_id', 'id']);
  });

  await s().createTable('raw_callbacks', (t) => {
    t.bigIncrements('id');
    t.text('lender_id').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('content_type');
    t.jsonb('headers').notNullable(); // redacted
    t.binary('body').notNullable();
    t.text('source_ip');
    t.text('dedupe_key'); // e.g. broker delivery.id
    t.text('parse_status'); // parsed | partial | unparseable (null until processed)
    t.text('parse_reason');
    t.text('process_status'); // pending | applied | orphaned | ignored | failed
    t.text('process_detail');
    t.text('application_id');
    t.text('lender_app_no');
    t.integer('process_count').notNullable().defaultTo(0);
    t.timestamp('processed_at', { useTz: true });
    t.index(['lender_id', 'received_at']);
    t.index(['parse_status', 'received_at']);
    t.index(['lender_id', 'lender_app_no']);
    t.index(['application_id']);
  });
  await knex.raw(`CREATE UNIQUE INDEX raw_callbacks_dedupe ON ??.raw_callbacks (lender_id, dedupe_key) WHERE dedupe_key IS NOT NULL`, [schema]);

  await s().createTable('outbox', (t) => {
    t.bigIncrements('id');
    t.text('event_id').notNullable().unique(); // msg_<ulid>: the webhook-id
    t.text('type').notNullable();
    t.text('application_id');
    t.text('dealer_id');
    t.jsonb('payload').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('relayed_at', { useTz: true });
    t.index(['application_id', 'id']);
  });
  await knex.raw(`CREATE INDEX outbox_unrelayed ON ??.outbox (id) WHERE relayed_at IS NULL`, [schema]);

  await s().createTable('subscriptions', (t) => {
    t.text('id').primary();
    t.text('source').notNullable(); // manifest | api
    t.text('url').notNullable();
    t.specificType('events', 'text[]').notNullable();
    t.text('transport').notNullable().defaultTo('webhook');
    t.text('signature').notNullable().defaultTo('standard-webhooks');
    t.jsonb('secret_ref'); // { env } / { file } from the manifest
    t.binary('secret_sealed'); // API-created secrets, encrypted
    t.binary('previous_secret_sealed');
    t.timestamp('previous_secret_expires_at', { useTz: true });
    t.jsonb('rate_limit');
    t.jsonb('retry');
    t.integer('timeout_ms').notNullable().defaultTo(15000);
    t.boolean('enabled').notNullable().defaultTo(true);
    t.text('disabled_reason');
    t.timestamp('failing_since', { useTz: true });
    t.integer('consecutive_failures').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await s().createTable('deliveries', (t) => {
    t.text('id').primary(); // dlv_<ulid>: also the BullMQ job id
    t.bigInteger('outbox_id').notNullable().references('id').inTable(`${schema}.outbox`);
    t.text('event_id').notNullable();
    t.text('event_type').notNullable();
    t.text('application_id');
    t.text('target_kind').notNullable(); // subscription | crm
    t.text('target_id').notNullable();
    t.text('status').notNullable(); // pending | delivering | succeeded | failed | dead_lettered
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true });
    t.text('last_error_code');
    t.text('last_error');
    t.integer('replays').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('completed_at', { useTz: true });
    t.unique(['outbox_id', 'target_kind', 'target_id']);
    t.index(['target_kind', 'target_id', 'status', 'created_at']);
    t.index(['status', 'updated_at']);
    t.index(['application_id']);
  });

  await s().createTable('delivery_attempts', (t) => {
    t.bigIncrements('id');
    t.text('delivery_id').notNullable().references('id').inTable(`${schema}.deliveries`);
    t.integer('attempt').notNullable();
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.integer('duration_ms').notNullable();
    t.integer('status_code');
    t.text('error_code');
    t.text('error_message');
    t.text('response_excerpt');
    t.jsonb('response_headers');
    t.index(['delivery_id', 'id']);
  });

  await s().createTable('audit_log', (t) => {
    t.bigIncrements('id');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('actor').notNullable(); // user id, or "system"
    t.text('action').notNullable(); // e.g. delivery.replay, pii.reveal
    t.text('target_type');
    t.text('target_id');
    t.jsonb('details');
    t.index(['at']);
    t.index(['target_type', 'target_id']);
  });
}

export async function down(knex: Knex, { schema }: MigrationContext): Promise<void> {
  for (const table of ['audit_log', 'delivery_attempts', 'deliveries', 'subscriptions', 'outbox', 'raw_callbacks', 'submissions', 'application_transitions', 'applications']) {
    await knex.schema.withSchema(schema).dropTableIfExists(table);
  }
}
