import type { Knex } from 'knex';
import { quantile, round1 } from '../stats.js';

/** One steady-rate delivery's times from its rows (epoch ms): event written, delivery created, attempt started; and the attempt's length. */
export interface EventStages {
  key: string;
  written: number;
  relayed: number;
  started: number;
  sendMs: number;
}

/**
 * The rows' own timestamps of every event matching `where` (a condition on outbox `o`):
 * outbox row (its statement's start) -> delivery row created by the relay -> first attempt
 * started by the worker, and the attempt's duration.
 */
async function stagesWhere(knex: Knex, where: string, bindings: readonly Knex.Value[]): Promise<EventStages[]> {
  const { rows } = (await knex.raw(
    `SELECT o.payload->>'benchKey' AS key,
            extract(epoch FROM o.created_at) * 1000 AS written,
            extract(epoch FROM d.created_at) * 1000 AS relayed,
            extract(epoch FROM a.started_at) * 1000 AS started,
            a.duration_ms AS "sendMs"
       FROM lendwire.outbox o
       JOIN lendwire.deliveries d ON d.outbox_id = o.id
       JOIN lendwire.delivery_attempts a ON a.delivery_id = d.id AND a.attempt = 1
      WHERE ${where}`,
    bindings,
  )) as { rows: Record<keyof EventStages, string>[] };
  return rows.map((r) => ({ key: r.key, written: Number(r.written), relayed: Number(r.relayed), started: Number(r.started), sendMs: Number(r.sendMs) }));
}

/** The stages of the events whose bench key starts with `prefix`. */
export function eventStages(knex: Knex, prefix: string): Promise<EventStages[]> {
  return stagesWhere(knex, `o.payload->>'benchKey' LIKE ?`, [`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`]);
}

/**
 * Where a steady-rate delivery's latency goes, from the rows' own timestamps:
 * outbox written -> delivery row created by the relay -> attempt started by the
 * worker -> attempt finished. p50 / p99 per stage, in ms, for events since `since`.
 */
export async function steadyStages(knex: Knex, since: Date): Promise<Record<string, { p50: number; p99: number }>> {
  const rows = await stagesWhere(knex, 'o.created_at >= ?', [since]);
  const perStage: Record<string, number[]> = {
    relay: rows.map((r) => r.relayed - r.written),
    pickup: rows.map((r) => r.started - r.relayed),
    send: rows.map((r) => r.sendMs),
    total: rows.map((r) => r.started - r.written + r.sendMs),
  };
  return Object.fromEntries(Object.entries(perStage).map(([stage, values]) => [stage, { p50: round1(quantile(values, 0.5)), p99: round1(quantile(values, 0.99)) }]));
}
