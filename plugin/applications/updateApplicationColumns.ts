import type { Knex } from 'knex';

/**
 * The UPDATE of one `applications` row, not yet run (so it can go out with the
 * outbox event in one statement, see appendEvent); every write bumps `version`
 * and `updated_at`, so readers can tell the row changed.
 */
export function applicationUpdate(trx: Knex.Transaction, schema: string, applicationId: string, columns: Record<string, unknown>): Knex.QueryBuilder {
  return trx
    .withSchema(schema)
    .table('applications')
    .where({ id: applicationId })
    .update({ ...columns, version: trx.raw('version + 1'), updated_at: trx.fn.now() });
}

/** Writes columns of one `applications` row inside the caller's transaction (see applicationUpdate). */
export async function updateApplicationColumns(trx: Knex.Transaction, schema: string, applicationId: string, columns: Record<string, unknown>): Promise<void> {
  await applicationUpdate(trx, schema, applicationId, columns);
}
