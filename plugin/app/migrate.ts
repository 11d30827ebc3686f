import { readdirSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Knex } from 'knex';
import type { MigrationContext } from '../../migrations/MigrationContext.js';

const here = dirname(fileURLToPath(import.meta.url));
/** `migrations/` sits two levels up both in the source tree and in dist/. */
const MIGRATIONS_DIR = join(here, '..', '..', 'migrations');
/** Running from TypeScript sources (tsx) loads .ts migrations; from dist, the compiled .js. */
const EXTENSION = extname(fileURLToPath(import.meta.url)) === '.ts' ? '.ts' : '.js';

interface MigrationModule {
  up(knex: Knex, ctx: MigrationContext): Promise<void>;
  down(knex: Knex, ctx: MigrationContext): Promise<void>;
  /** `{ transaction: false }` for statements Postgres refuses inside a transaction (CREATE INDEX CONCURRENTLY). */
  config?: { transaction?: boolean };
}

/** Knex migration source reading lendwire's own migrations and handing each the schema name. */
class LendwireMigrationSource implements Knex.MigrationSource<string> {
  constructor(private readonly ctx: MigrationContext) {}

  async getMigrations(): Promise<string[]> {
    return readdirSync(MIGRATIONS_DIR)
      .filter((f) => /^\d{14}_.+/.test(f) && f.endsWith(EXTENSION) && !f.endsWith('.d.ts'))
      .map((f) => f.slice(0, -EXTENSION.length))
      .sort();
  }

  getMigrationName(name: string): string {
    return name;
  }

  async getMigration(name: string): Promise<Knex.Migration> {
    const mod = (await import(pathToFileURL(join(MIGRATIONS_DIR, name + EXTENSION)).href)) as MigrationModule;
    return { up: (knex) => mod.up(knex, this.ctx), down: (knex) => mod.down(knex, this.ctx), ...(mod.config ? { config: mod.config } : {}) };
  }
}

function migratorConfig(schema: string): Knex.MigratorConfig {
  return {
    migrationSource: new LendwireMigrationSource({ schema }),
    schemaName: schema,
    tableName: 'lendwire_migrations',
  };
}

/** Creates the schema if needed and applies every pending migration; returns the names applied. */
export async function migrateLatest(knex: Knex, schema: string): Promise<string[]> {
  await knex.raw('CREATE SCHEMA IF NOT EXISTS ??', [schema]);
  const [, applied] = (await knex.migrate.latest(migratorConfig(schema))) as [number, string[]];
  return applied;
}

/** Rolls back the last batch (or all of them); returns the names rolled back. */
export async function migrateRollback(knex: Knex, schema: string, all = false): Promise<string[]> {
  await knex.raw('CREATE SCHEMA IF NOT EXISTS ??', [schema]);
  const [, rolledBack] = (await knex.migrate.rollback(migratorConfig(schema), all)) as [number, string[]];
  return rolledBack;
}

/** Names of applied and pending migrations. */
export async function migrationStatus(knex: Knex, schema: string): Promise<{ applied: string[]; pending: string[] }> {
  await knex.raw('CREATE SCHEMA IF NOT EXISTS ??', [schema]);
  const [completed, pending] = (await knex.migrate.list(migratorConfig(schema))) as [{ name: string }[], string[]];
  return { applied: completed.map((c) => c.name), pending };
}
