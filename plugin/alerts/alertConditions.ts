import type { Knex } from 'knex';
import type { AlertSettings } from './AlertSettings.js';

/** A condition that is either raised or not right now (state kept in alert_state). */
export interface LevelCondition {
  /** alert_state key; one per alert and subject (e.g. per endpoint). */
  key: string;
  alert: 'callback_success_rate' | 'vendor_latency' | 'backlog' | 'adverse_action_overdue';
  active: boolean;
  message: string;
  details: Record<string, unknown>;
}

const FAILED_PROCESS = ['failed', 'review', 'rejected'];

/** Callback success rate over the window (processed callbacks only). */
export async function callbackSuccessCondition(knex: Knex, schema: string, s: AlertSettings, since: Date): Promise<LevelCondition> {
  const row = await knex
    .withSchema(schema)
    .table('raw_callbacks')
    .where('received_at', '>=', since)
    // A callback whose processing failed may never have recorded a parse status; it still counts as a failure.
    .where((w) => w.whereNotNull('parse_status').orWhere('process_status', 'failed'))
    .whereNot('process_status', 'pending')
    .select(
      knex.raw('count(*)::int as processed'),
      knex.raw(`count(*) filter (where parse_status <> 'unparseable' and process_status not in (${FAILED_PROCESS.map(() => '?').join(',')}))::int as ok`, FAILED_PROCESS),
    )
    .first();
  const processed = Number(row?.processed ?? 0);
  const rate = processed ? Number(row?.ok ?? 0) / processed : 1;
  const active = processed >= s.minCallbacks && rate < s.callbackSuccessRate;
  const pct = Math.round(rate * 1000) / 10;
  return {
    key: 'callback_success_rate',
    alert: 'callback_success_rate',
    active,
    message: `callback success rate ${pct}% over ${s.windowMinutes} min (${processed} processed; threshold ${s.callbackSuccessRate * 100}%)`,
    details: { successRate: Math.round(rate * 1000) / 1000, processed, threshold: s.callbackSuccessRate, windowMinutes: s.windowMinutes },
  };
}

/** 95th percentile of vendor submission latency per lender over the window. */
export async function vendorLatencyConditions(knex: Knex, schema: string, s: AlertSettings, since: Date): Promise<LevelCondition[]> {
  const rows = (await knex
    .withSchema(schema)
    .table('submissions')
    .where('started_at', '>=', since)
    .whereNotNull('duration_ms')
    .select('lender_id', knex.raw('percentile_cont(0.95) within group (order by duration_ms) as p95'), knex.raw('count(*)::int as n'))
    .groupBy('lender_id')) as { lender_id: string; p95: number; n: number }[];
  const known = await knex.withSchema(schema).table('alert_state').where('key', 'like', 'vendor_latency:%').select('key');
  const keys = new Set([...rows.map((r) => `vendor_latency:${r.lender_id}`), ...known.map((k: { key: string }) => k.key)]);
  return [...keys].map((key) => {
    const lenderId = key.slice('vendor_latency:'.length);
    const row = rows.find((r) => r.lender_id === lenderId);
    const p95 = row ? Math.round(Number(row.p95)) : 0;
    return {
      key,
      alert: 'vendor_latency' as const,
      active: p95 > s.vendorLatencyMs,
      message: `lender ${lenderId}: p95 submission latency ${p95} ms over ${s.windowMinutes} min (threshold ${s.vendorLatencyMs} ms)`,
      details: { lenderId, p95Ms: p95, submissions: row?.n ?? 0, thresholdMs: s.vendorLatencyMs },
    };
  });
}

/** Unfinished deliveries per endpoint against the backlog threshold. */
export async function backlogConditions(knex: Knex, schema: string, s: AlertSettings): Promise<LevelCondition[]> {
  const rows = (await knex
    .withSchema(schema)
    .table('deliveries')
    .whereIn('status', ['pending', 'delivering', 'paused'])
    .select('target_kind', 'target_id')
    .count({ n: '*' })
    .groupBy('target_kind', 'target_id')) as { target_kind: string; target_id: string; n: string }[];
  const known = await knex.withSchema(schema).table('alert_state').where('key', 'like', 'backlog:%').where({ active: true }).select('key');
  const keys = new Set([...rows.map((r) => `backlog:${r.target_kind}:${r.target_id}`), ...known.map((k: { key: string }) => k.key)]);
  return [...keys].map((key) => {
    const [, kind, ...rest] = key.split(':');
    const id = rest.join(':');
    const pending = Number(rows.find((r) => r.target_kind === kind && r.target_id === id)?.n ?? 0);
    return {
      key,
      alert: 'backlog' as const,
      active: pending > s.backlogThreshold,
      message: `${kind} ${id}: ${pending} deliveries waiting (threshold ${s.backlogThreshold})`,
      details: { targetKind: kind, targetId: id, pending, threshold: s.backlogThreshold },
    };
  });
}

/** Dead letters that appeared after `after` (at most 20 listed). */
export async function newDeadLetters(knex: Knex, schema: string, after: Date): Promise<{ count: number; deliveryIds: string[]; newest: Date | null }> {
  const rows = await knex
    .withSchema(schema)
    .table('deliveries')
    .where({ status: 'dead_lettered' })
    .where(knex.raw('coalesce(completed_at, updated_at)'), '>', after)
    .orderByRaw('coalesce(completed_at, updated_at) desc')
    .limit(1000)
    .select('id', knex.raw('coalesce(completed_at, updated_at) as at'));
  return { count: rows.length, deliveryIds: rows.slice(0, 20).map((r: { id: string }) => r.id), newest: rows.length ? new Date(rows[0].at) : null };
}

/** Callbacks parked as `failed` (processing kept failing) after `after`, newest first. */
export async function newFailedCallbacks(knex: Knex, schema: string, after: Date): Promise<{ count: number; ids: string[]; newest: Date | null }> {
  const rows = await knex
    .withSchema(schema)
    .table('raw_callbacks')
    .where({ process_status: 'failed' })
    .where('processed_at', '>', after)
    .orderBy('processed_at', 'desc')
    .limit(1000)
    .select('id', 'processed_at');
  return { count: rows.length, ids: rows.slice(0, 20).map((r: { id: string }) => String(r.id)), newest: rows.length ? new Date(rows[0].processed_at) : null };
}

/**
 * Adverse-action notices past their due date (30 days after a decline) that
 * nobody recorded as sent: raised while there is at least one, resolved when
 * every one is recorded (at most 20 application ids listed).
 */
export async function adverseActionOverdueCondition(knex: Knex, schema: string, now: Date): Promise<LevelCondition> {
  const rows = (await knex
    .withSchema(schema)
    .table('applications')
    .whereNotNull('adverse_action_due_at')
    .whereNull('adverse_action_sent_at')
    .where('adverse_action_due_at', '<', now)
    .orderBy('adverse_action_due_at')
    .limit(1000)
    .select('id', 'adverse_action_due_at')) as { id: string; adverse_action_due_at: Date }[];
  return {
    key: 'adverse_action_overdue',
    alert: 'adverse_action_overdue',
    active: rows.length > 0,
    message: rows.length ? `${rows.length} adverse-action notice(s) overdue and not recorded as sent (oldest due ${new Date(rows[0].adverse_action_due_at).toISOString()})` : 'no adverse-action notice is overdue',
    details: { overdue: rows.length, applicationIds: rows.slice(0, 20).map((r) => r.id) },
  };
}
