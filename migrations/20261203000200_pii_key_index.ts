import type { Knex } from 'knex';
import type { MigrationContext } from './MigrationContext.js';

/**
 * Key rotation support: `pii_key_id` is filled for every sealed row and
 * indexed (with the id, for keyset paging), so start-up can count the rows
 * still on an old key, and `lendwire pii:reseal` can page through them, by
 * touching only those rows even at a million applications.
 */
export async function up(knex: Knex, { schema }: MigrationContext): Promise<void> {
  // A sealed blob names its key: [format][key id length][key id]... (see plugin/security/Sealer.ts).
  await knex.raw(
    `UPDATE ??.applications SET pii_key_id = convert_from(substring(pii FROM 3 FOR get_byte(pii, 1)), 'UTF8')
      WHERE pii IS NOT NULL AND pii_key_id IS NULL AND length(pii) > 2 AND get_byte(pii, 0) = 1`,
    [schema],
  );
  await knex.raw('CREATE INDEX applications_pii_key ON ??.applications (pii_key_id, id) WHERE pii IS NOT NULL', [schema]);
}

export async function down(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS ??.applications_pii_key', [schema]);
}
