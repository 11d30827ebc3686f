import type { Knex } from 'knex';

/**
 * Where a steady-rate delivery's latency goes, from the rows' own timestamps:
 * outbox written -> delivery row created by the relay -> attempt started by the
 * worker -> attempt finished. p50 / p99 per stage, in ms, for events since `since`.
 */
export async function steadyStages(knex: Knex, since: Date): Promise<Record<string, { p50: number; p99: number }>> {
  const { rows } = await knex.raw(
    `SELECT extract(epoch FROM d.created_at - o.created_at) * 1000 AS relay,
            extract(epoch FROM a.started_at - d.created_at) * 1000 AS pickup,
            a.duration_ms AS send,
            extract(epoch FROM a.started_at - o.created_at) * 1000 + a.duration_ms AS total
       FROM lendwire.outbox o
       JOIN lendwire.deliveries d ON d.outbox_id = o.id
       JOIN lendwire.delivery_attempts a ON a.delivery_id = d.id AND a.attempt = 1
      WHERE o.created_at >= ?`,
    [since],
  );
  const out: Record<string, { p50: number; p99: number }> = {};
  for (const stage of ['relay', 'pickup', 'send', 'total']) {
    const values = (rows as Record<string, string>[]).map((r) => Number(r[stage])).sort((a, b) => a - b);
    const at = (q: number) => Math.round(values[Math.min(values.length - 1, Math.max(0, Math.ceil(q * values.length) - 1))] * 10) / 10;
    out[stage] = { p50: at(0.5), p99: at(0.99) };
  }
  return out;
}
