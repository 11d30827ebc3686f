import type { Knex } from 'knex';

/** This database's deployment id (created by the migrations), or undefined while they have not run. */
export async function readDeploymentId(knex: Knex, schema: string): Promise<string | undefined> {
  const exists = await knex.raw<{ rows: { table: string | null }[] }>('SELECT to_regclass(?) AS table', [`${schema}.deployment`]);
  if (!exists.rows[0]?.table) return undefined;
  const row = (await knex.withSchema(schema).table('deployment').first('id')) as { id: string } | undefined;
  return row?.id;
}
