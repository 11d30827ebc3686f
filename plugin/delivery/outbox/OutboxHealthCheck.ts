import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import { TOKENS } from '../../kernel/tokens.js';
import type { LendwireConfig } from '../../kernel/LendwireConfig.js';
import type { HealthCheck, HealthResult } from '../../kernel/lifecycle.js';

/** Events waiting longer than this mean no relay is running (or it is stuck). */
export const OUTBOX_LAG_LIMIT_SECONDS = 300;

/** `outbox` line of GET /health: age of the oldest unrelayed event and how many wait. */
@injectable()
export class OutboxHealthCheck implements HealthCheck {
  readonly name = 'outbox';

  constructor(
    @inject(TOKENS.Knex) private readonly knex: Knex,
    @inject(TOKENS.Config) private readonly config: Pick<LendwireConfig, 'schema'>,
  ) {}

  async check(): Promise<HealthResult> {
    const { knex } = this;
    const row = await knex
      .withSchema(this.config.schema)
      .table('outbox')
      .whereNull('relayed_at')
      .first(knex.raw('count(*)::int AS waiting'), knex.raw('coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS lag'));
    const lagSeconds = Math.round(Number(row?.lag ?? 0));
    const ok = lagSeconds <= OUTBOX_LAG_LIMIT_SECONDS;
    return { ok, waiting: Number(row?.waiting ?? 0), lagSeconds, ...(ok ? {} : { detail: `the oldest event has waited ${lagSeconds} s for the relay` }) };
  }
}
