import { createHash } from 'node:crypto';
import type { LendwireConfig } from './LendwireConfig.js';

/** What preparedStatement needs of the configuration (tests build stores with the schema alone: prepared by default). */
export type PreparedStatementConfig = Pick<LendwireConfig, 'schema'> & Partial<Pick<LendwireConfig, 'preparedStatements'>>;

/**
 * knex query options (`.options(...)`) that run a hot statement as a named,
 * server-side prepared statement: Postgres parses and plans it once per
 * connection instead of on every call, and pg sends only Bind and Execute after
 * the first time (docs/performance.md: about a third of the Postgres CPU and of
 * the client's per statement). The name comes from the schema and the statement's
 * template (or a label only that statement uses), so one name always means one text (pg refuses a name reused for
 * another). Only for statements whose text is fixed (arrays, not IN lists of
 * varying length) and whose results name their columns: a prepared `*` fails with
 * "cached plan must not change result type" once a migration adds a column while
 * the process runs. And only for statements whose plan cannot depend on a table's
 * size (an INSERT ... VALUES, an advisory lock, one row by primary key, a table that stays tiny): after a
 * few runs Postgres keeps one generic plan per connection, made from the sizes of
 * that moment, until the table is next analyzed. A batch looked up by ids, planned
 * while the table was small, keeps its sequential scan when the table has grown
 * (test/foundation/hotStatementPlans.test.ts; docs/performance.md). `preparedStatements: false` turns it off (PgBouncer in
 * transaction mode before 1.21 loses prepared statements between transactions).
 */
export function preparedStatement(config: PreparedStatementConfig, template: string): { name?: string } {
  if (config.preparedStatements === false) return {};
  return { name: `lendwire_${createHash('sha256').update(`${config.schema}\u0000${template}`).digest('hex').slice(0, 32)}` };
}
