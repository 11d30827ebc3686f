import knexFactory, { type Knex } from 'knex';
import { randomBytes } from 'node:crypto';

export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  name: string;
  url: string;
  knex: Knex;
  drop(): Promise<void>;
}

/** A throwaway database for one test file; `drop()` removes it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `lendwire_test_${randomBytes(5).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: ADMIN_DATABASE_URL, pool: { min: 0, max: 1 } });
  try {
    await admin.raw('CREATE DATABASE ??', [name]);
  } finally {
    await admin.destroy();
  }
  const url = ADMIN_DATABASE_URL.replace(/\/[^/]*$/, `/${name}`);
  const knex = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 10 } });
  return {
    name,
    url,
    knex,
    async drop() {
      await knex.destroy();
      const again = knexFactory({ client: 'pg', connection: ADMIN_DATABASE_URL, pool: { min: 0, max: 1 } });
      try {
        await again.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
      } finally {
        await again.destroy();
      }
    },
  };
}
