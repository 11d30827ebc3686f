import type { Knex } from 'knex';
import type { MigrationContext } from './MigrationContext.js';

/**
 * Broker journeys and compliance reminders (issue 13):
 * - `applications.kind`: what was asked of the lender, a `credit_application`
 *   (sent as is) or a `customer_journey` (a broker session the customer finishes);
 *   existing rows are credit applications. A column with a constant default is
 *   instant at any size.
 * - `customer_links`: the newest customer link of an application (URL and the
 *   rendered SMS), so the reactivation playbook can remind with the same link.
 * - `reactivation_notices`: which playbook step was sent in which quiet spell
 *   (keyed by `applications.version`, like `application_idle_notices`).
 * - `compliance_notices`: which adverse-action reminder was sent for which due date.
 * - `applications.adverse_action_sent_at`: when the dealer recorded the adverse-action
 *   notice as sent (an unsent notice past its due date raises an alert).
 */
export async function up(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await knex.raw(`ALTER TABLE ??.applications ADD COLUMN IF NOT EXISTS kind text NOT NULL DEFAULT 'credit_application'`, [schema]);
  await knex.raw('ALTER TABLE ??.applications ADD COLUMN IF NOT EXISTS adverse_action_sent_at timestamptz', [schema]);
  await knex.schema.withSchema(schema).createTable('customer_links', (t) => {
    t.text('application_id').primary().references('id').inTable(`${schema}.applications`);
    t.text('url').notNullable();
    t.jsonb('sms').notNullable();
    t.timestamp('ready_at', { useTz: true }).notNullable();
  });
  await knex.schema.withSchema(schema).createTable('reactivation_notices', (t) => {
    t.text('application_id').notNullable().references('id').inTable(`${schema}.applications`);
    t.text('step').notNullable(); // e.g. sms_reminder
    t.integer('version').notNullable();
    t.timestamp('sent_at', { useTz: true }).notNullable();
    t.primary(['application_id', 'step', 'version']);
  });
  await knex.schema.withSchema(schema).createTable('compliance_notices', (t) => {
    t.text('application_id').notNullable().references('id').inTable(`${schema}.applications`);
    t.text('notice').notNullable(); // adverse_action_due
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.timestamp('sent_at', { useTz: true }).notNullable();
    t.primary(['application_id', 'notice', 'due_at']);
  });
  await knex.raw('CREATE INDEX IF NOT EXISTS applications_adverse_action_due ON ??.applications (adverse_action_due_at) WHERE adverse_action_due_at IS NOT NULL', [schema]);
}

export async function down(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS ??.applications_adverse_action_due', [schema]);
  for (const table of ['compliance_notices', 'reactivation_notices', 'customer_links']) await knex.schema.withSchema(schema).dropTableIfExists(table);
  await knex.raw('ALTER TABLE ??.applications DROP COLUMN IF EXISTS adverse_action_sent_at', [schema]);
  await knex.raw('ALTER TABLE ??.applications DROP COLUMN IF EXISTS kind', [schema]);
}
