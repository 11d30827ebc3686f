import type { Knex } from 'knex';
import { createIndexesConcurrently, dropIndexesConcurrently, type IndexSpec } from './createIndexConcurrently.js';
import type { MigrationContext } from './MigrationContext.js';

/**
 * Key rotation support: `pii_key_id` is filled for every sealed row and
 * indexed (with the id, for keyset paging), so start-up can count the rows
 * still on an old key, and `lendwire pii:reseal` can page through them, by
 * touching only those rows even at a million applications.
 */
const INDEXES: IndexSpec[] = [{ name: 'applications_pii_key', table: 'applications', definition: '(pii_key_id, id) WHERE pii IS NOT NULL' }];

/** The index is built CONCURRENTLY (no transaction), so a big applications table keeps taking writes meanwhile. */
export const config = { transaction: false };

export async function up(knex: Knex, { schema }: MigrationContext): Promise<void> {
  // A sealed blob names its key: [format][key id length][key id]... (see plugin/security/Sealer.ts).
  await knex.raw(
    `UPDATE ??.applications SET pii_key_id = convert_from(substring(pii FROM 3 FOR get_byte(pii, 1)), 'UTF8')
      WHERE pii IS NOT NULL AND pii_key_id IS NULL AND length(pii) > 2 AND get_byte(pii, 0) = 1`,
    [schema],
  );
  await createIndexesConcurrently(knex, schema, INDEXES);
}

export async function down(knex: Knex, { schema }: MigrationContext): Promise<void> {
  await dropIndexesConcurrently(knex, schema, INDEXES);
}
