import type { Knex } from 'knex';
import type { HealthCheck } from '../../kernel/lifecycle.js';

/** Events waiting longer than this mean no relay is running (or it is stuck). */
export const OUTBOX_LAG_LIMIT_SECONDS = 300;

/** `outbox` line of GET /health: age of the oldest unrelayed event and how many wait. */
export function outboxHealthCheck(knex: Knex, schema: string): HealthCheck {
  return {
    name: 'outbox',
    async check() {
      const row = await knex
        .withSchema(schema)
        .table('outbox')
        .whereNull('relayed_at')
        .first(knex.raw('count(*)::int AS waiting'), knex.raw('coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS lag'));
      const lagSeconds = Math.round(Number(row?.lag ?? 0));
      const ok = lagSeconds <= OUTBOX_LAG_LIMIT_SECONDS;
      return { ok, waiting: Number(row?.waiting ?? 0), lagSeconds, ...(ok ? {} : { detail: `the oldest event has waited ${lagSeconds} s for the relay` }) };
    },
  };
}
