import type { Knex } from 'knex';

export interface ServerTime {
  /** Postgres execution time per lookup (all its statements), mean over the samples, ms. */
  meanMs: number;
  /** The slowest single statement execution, ms. */
  maxMs: number;
}

/**
 * Postgres' own view of a lookup's time (pg_stat_statements, this database
 * only): on a busy machine the client-side p99 also measures scheduling, the
 * server side shows whether the plan itself is fast. Undefined where the
 * extension is not preloaded.
 */
export class ServerTimes {
  private constructor(private readonly knex: Knex) {}

  static async create(knex: Knex): Promise<ServerTimes | undefined> {
    try {
      await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await knex.raw('SELECT count(*) FROM pg_stat_statements');
      return new ServerTimes(knex);
    } catch {
      return undefined;
    }
  }

  /** Forgets this database's statements (other databases' statistics are left alone). */
  async reset(): Promise<void> {
    await this.knex.raw('SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)');
  }

  /** This database's statements since reset(), spread over `lookups` calls. */
  async since(lookups: number): Promise<ServerTime> {
    const { rows } = await this.knex.raw(
      `SELECT coalesce(sum(total_exec_time), 0)::float8 AS total, coalesce(max(max_exec_time), 0)::float8 AS max
         FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg_stat_statements%'`,
    );
    const round = (n: number) => Math.round(n * 1000) / 1000;
    return { meanMs: round(rows[0].total / lookups), maxMs: round(rows[0].max) };
  }
}
