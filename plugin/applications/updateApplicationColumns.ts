import type { Knex } from 'knex';

/**
 * Writes columns of one `applications` row inside the caller's transaction; every
 * write bumps `version` and `updated_at`, so readers can tell the row changed.
 */
export async function updateApplicationColumns(trx: Knex.Transaction, schema: string, applicationId: string, columns: Record<string, unknown>): Promise<void> {
  await trx
    .withSchema(schema)
    .table('applications')
    .where({ id: applicationId })
    .update({ ...columns, version: trx.raw('version + 1'), updated_at: trx.fn.now() });
}
