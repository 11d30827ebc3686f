import type { Knex } from 'knex';

export interface IndexSpec {
  name: string;
  table: string;
  /** What follows `ON schema.table`, e.g. `(dealer_id, status, created_at, id)`. */
  definition: string;
}

/**
 * Builds an index without blocking writes, for migrations that run outside a
 * transaction (`export const config = { transaction: false }`) on a host's
 * big, busy tables:
 * - CONCURRENTLY: inserts and updates carry on while the index is built (a
 *   plain CREATE INDEX would hold back every callback for minutes at 10M rows);
 * - one pinned connection with no statement_timeout, so a host's pool-wide
 *   timeout does not cancel a build that legitimately takes minutes;
 * - a build that failed earlier (cancelled, connection lost) leaves an INVALID
 *   index that IF NOT EXISTS would keep for ever: it is dropped and rebuilt;
 * - a valid index of that name is kept, so a DBA may build it ahead of the
 *   upgrade (same statement) and the migration then only records it.
 */
export async function createIndexesConcurrently(knex: Knex, schema: string, indexes: IndexSpec[]): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- knex exposes its pool only on the untyped client
  const client = knex.client as any;
  const connection: unknown = await client.acquireConnection();
  const on = (sql: string, bindings: readonly Knex.RawBinding[] = []) => knex.raw(sql, bindings).connection(connection);
  try {
    await on('SET statement_timeout = 0');
    for (const index of indexes) {
      const { rows } = (await on(
        `SELECT x.indisvalid AS valid FROM pg_index x
           JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace ns ON ns.oid = i.relnamespace
          WHERE ns.nspname = ? AND i.relname = ?`,
        [schema, index.name],
      )) as { rows: { valid: boolean }[] };
      if (rows[0]?.valid) continue;
      if (rows.length) await on('DROP INDEX CONCURRENTLY IF EXISTS ??.??', [schema, index.name]);
      await on(`CREATE INDEX CONCURRENTLY IF NOT EXISTS ?? ON ??.?? ${index.definition}`, [index.name, schema, index.table]);
    }
  } finally {
    await on('RESET statement_timeout').catch(() => undefined);
    await client.releaseConnection(connection);
  }
}

/** The reverse, also without blocking writes. */
export async function dropIndexesConcurrently(knex: Knex, schema: string, indexes: IndexSpec[]): Promise<void> {
  for (const index of indexes) await knex.raw('DROP INDEX CONCURRENTLY IF EXISTS ??.??', [schema, index.name]);
}
