import type { Knex } from 'knex';

/** The dashboard's headline numbers; windows are the last `windowMinutes` minutes. */
export interface Overview {
  at: string;
  windowMinutes: number;
  callbacks: {
    /** Received per minute over the window, by result (parsed, partial, unparseable, pending, rejected). */
    perMinuteByResult: Record<string, number>;
    /** Share of processed callbacks that were parsed and applied (null when none were processed). */
    successRate: number | null;
    reviewQueue: number;
    orphaned: number;
  };
  deliveries: {
    /** Attempts per minute over the window, by outcome (succeeded, failed). */
    perMinute: { succeeded: number; failed: number };
    pending: number;
    deadLetters: number;
    /** Age of the oldest event not yet fanned out, seconds (0 when the outbox is drained). */
    outboxLagSeconds: number;
  };
  applications: { byStatus: Record<string, number> };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Unsuccessful callback outcomes (everything else that was processed counts as success). */
const FAILED_PROCESS = ['failed', 'review', 'rejected'];

export async function computeOverview(knex: Knex, schema: string, now: Date, windowMinutes = 5): Promise<Overview> {
  const since = new Date(now.getTime() - windowMinutes * 60_000);
  const t = (name: string) => knex.withSchema(schema).table(name);
  const [callbacks, review, orphaned, attempts, pending, dead, lag, statuses] = await Promise.all([
    t('raw_callbacks')
      .where('received_at', '>=', since)
      .select(knex.raw(`coalesce(case when process_status = 'rejected' then 'rejected' else parse_status end, 'pending') as result`), 'process_status')
      .count({ n: '*' })
      .groupByRaw('1, 2'),
    t('raw_callbacks')
      .where((w) => w.where('parse_status', 'unparseable').orWhere('process_status', 'failed'))
      .count({ n: '*' })
      .first(),
    t('raw_callbacks').where({ process_status: 'orphaned' }).count({ n: '*' }).first(),
    t('delivery_attempts')
      .where('started_at', '>=', since)
      .select(knex.raw(`(status_code between 200 and 299 and error_code is null) as ok`))
      .count({ n: '*' })
      .groupByRaw('1'),
    t('deliveries').whereIn('status', ['pending', 'delivering', 'paused']).count({ n: '*' }).first(),
    t('deliveries').where({ status: 'dead_lettered' }).count({ n: '*' }).first(),
    t('outbox').whereNull('relayed_at').min({ oldest: 'created_at' }).first(),
    t('applications').select('status').count({ n: '*' }).groupBy('status'),
  ]);
  const perMinuteByResult: Record<string, number> = {};
  let processed = 0;
  let succeeded = 0;
  for (const row of callbacks as { result: string; process_status: string | null; n: string }[]) {
    const n = Number(row.n);
    perMinuteByResult[row.result] = (perMinuteByResult[row.result] ?? 0) + n;
    if (row.result === 'pending' || row.process_status === 'pending' || row.process_status === null) continue;
    processed += n;
    if (row.result !== 'unparseable' && !FAILED_PROCESS.includes(row.process_status)) succeeded += n;
  }
  for (const k of Object.keys(perMinuteByResult)) perMinuteByResult[k] = round(perMinuteByResult[k] / windowMinutes);
  const perMinute = { succeeded: 0, failed: 0 };
  for (const row of attempts as { ok: boolean | null; n: string }[]) perMinute[row.ok ? 'succeeded' : 'failed'] += Number(row.n);
  const oldest = (lag as { oldest: Date | null } | undefined)?.oldest;
  return {
    at: now.toISOString(),
    windowMinutes,
    callbacks: {
      perMinuteByResult,
      successRate: processed ? round(succeeded / processed) : null,
      reviewQueue: Number((review as { n: string } | undefined)?.n ?? 0),
      orphaned: Number((orphaned as { n: string } | undefined)?.n ?? 0),
    },
    deliveries: {
      perMinute: { succeeded: round(perMinute.succeeded / windowMinutes), failed: round(perMinute.failed / windowMinutes) },
      pending: Number((pending as { n: string } | undefined)?.n ?? 0),
      deadLetters: Number((dead as { n: string } | undefined)?.n ?? 0),
      outboxLagSeconds: oldest ? Math.max(0, Math.round((now.getTime() - new Date(oldest).getTime()) / 1000)) : 0,
    },
    applications: { byStatus: Object.fromEntries((statuses as { status: string; n: string }[]).map((r) => [r.status, Number(r.n)])) },
  };
}
