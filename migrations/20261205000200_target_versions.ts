import type { Knex } from 'knex';
import type { MigrationContext } from './MigrationContext.js';

/**
 * `target_versions`: one counter per delivery-target kind whose targets live in a
 * table, raised by a trigger in the same transaction as every change of those
 * rows. The relay reads the counters with the events it is about to fan out (one
 * statement, one snapshot), so a kind can reuse the targets it loaded at the same
 * version instead of reading them on every pass: a change committed before an
 * event is visible in the snapshot that sees the event, and so is its raised counter.
 *
 * `subscription`: raised by any INSERT, UPDATE, DELETE or TRUNCATE of
 * `subscriptions` (statement-level; subscriptions change by operator action or
 * manifest sync, never per delivery). The counter's row lock orders concurrent
 * writers of subscriptions until they commit.
 */
export async function up(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await knex.raw('CREATE TABLE IF NOT EXISTS ??.target_versions (kind text PRIMARY KEY, version bigint NOT NULL DEFAULT 0)', [schema]);
  await knex.raw(`INSERT INTO ??.target_versions (kind) VALUES ('subscription') ON CONFLICT (kind) DO NOTHING`, [schema]);
  const table = knex.raw('??.target_versions', [schema]).toQuery();
  await knex.raw(
    `CREATE OR REPLACE FUNCTION ??.raise_subscription_version() RETURNS trigger LANGUAGE plpgsql AS $fn$
     BEGIN
       UPDATE ${table} SET version = version + 1 WHERE kind = 'subscription';
       RETURN NULL;
     END
     $fn$`,
    [schema],
  );
  await knex.raw('DROP TRIGGER IF EXISTS subscriptions_raise_version ON ??.subscriptions', [schema]);
  await knex.raw('CREATE TRIGGER subscriptions_raise_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ??.subscriptions FOR EACH STATEMENT EXECUTE FUNCTION ??.raise_subscription_version()', [schema, schema]);
}

export async function down(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS subscriptions_raise_version ON ??.subscriptions', [schema]);
  await knex.raw('DROP FUNCTION IF EXISTS ??.raise_subscription_version()', [schema]);
  await knex.raw('DROP TABLE IF EXISTS ??.target_versions', [schema]);
}
