import type { Knex } from 'knex';

/**
 * Deletes the rows of `table` whose `column` is before `cutoff`, in batches of
 * `batch` (by id, so each delete is short), and returns how many. Plain batched
 * deletes: safe in several processes at once. The retention tasks use it.
 */
export async function pruneOlderThan(knex: Knex, schema: string, table: string, column: string, cutoff: Date, batch = 1000): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await knex
      .withSchema(schema)
      .table(table)
      .whereIn('id', knex.withSchema(schema).table(table).select('id').where(column, '<', cutoff).orderBy('id').limit(batch))
      .delete();
    total += deleted;
    if (deleted < batch) return total;
  }
}
