import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import { TOKENS } from '../../kernel/tokens.js';
import type { HealthCheck, HealthResult } from '../../kernel/lifecycle.js';

/** `postgres` line of GET /health: the host's database answers a trivial query. */
@injectable()
export class PostgresCheck implements HealthCheck {
  readonly name = 'postgres';

  constructor(@inject(TOKENS.Knex) private readonly knex: Knex) {}

  async check(): Promise<HealthResult> {
    await this.knex.raw('select 1');
    return { ok: true };
  }
}
