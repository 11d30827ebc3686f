import type { Knex } from 'knex';
import type { DeliveryOutcome } from '../sdk/DeliveryOutcome.js';
import { appendEvent } from '../events/appendEvent.js';
import type { DeliveryTargetKind, TargetPolicy } from './DeliveryTargetKind.js';
import type { DeliverySettings } from './DeliverySettings.js';
import type { DeliveryRow } from './DeliveryRow.js';
import type { TargetState, TargetStateStore } from './TargetStateStore.js';
import { withJitter } from '../kernel/retrySchedule.js';
import { storedVendorText } from '../outbound/storedVendorText.js';
import { rateLimitDelayMs, retryDelayMs } from '../kernel/retryDelay.js';

export interface AttemptRecord {
  startedAt: Date;
  durationMs: number;
  outcome: DeliveryOutcome & { responseHeaders?: Record<string, string> };
}

/** What the worker does after the transaction: finish the job, or delay it by `delayMs`. */
export interface AppliedOutcome {
  result: 'delivered' | 'retry' | 'rate_limited' | 'dead_lettered' | 'paused';
  delayMs?: number;
  disabledTarget?: string;
}

export interface ApplyDeps {
  schema: string;
  kind: DeliveryTargetKind;
  policy: TargetPolicy;
  settings: DeliverySettings;
  targets: TargetStateStore;
  /** The target's health read before the attempt (a healthy target needs no write on success). */
  healthBefore: TargetState;
  now: Date;
}

/** Ops events about deliveries are not reported again when they themselves fail (no feedback loop). */
const OPS_DELIVERY_EVENTS = new Set(['delivery.dead_lettered']);

/** Vendor text as stored (storedVendorText), or null when there is none. */
const clip = (text: string | undefined) => (text === undefined ? null : storedVendorText(text));

/**
 * Records one attempt and decides what comes next, in one transaction: the
 * attempt row, the delivery's new state, the target's health, and the ops
 * events (`delivery.dead_lettered`, `endpoint.disabled`) all commit together.
 */
export async function applyOutcome(trx: Knex.Transaction, d: DeliveryRow, attempt: AttemptRecord, deps: ApplyDeps): Promise<AppliedOutcome> {
  const { schema, kind, policy, settings, targets, now } = deps;
  const o = attempt.outcome;
  const target = { kind: d.target_kind, id: d.target_id };
  const deliveries = () => trx.withSchema(schema).table('deliveries').where({ id: d.id });
  await trx
    .withSchema(schema)
    .table('delivery_attempts')
    .insert({
      delivery_id: d.id,
      // Numbered across replays (deliveries.attempts restarts at 0 on a replay).
      attempt: trx.raw('(SELECT count(*) + 1 FROM ??.delivery_attempts WHERE delivery_id = ?)', [schema, d.id]),
      started_at: attempt.startedAt,
      duration_ms: Math.round(attempt.durationMs),
      status_code: o.statusCode ?? null,
      error_code: o.result === 'delivered' ? null : o.code,
      error_message: o.result === 'delivered' ? null : clip(o.message),
      response_excerpt: clip(o.responseExcerpt),
      response_headers: o.responseHeaders ? JSON.stringify(o.responseHeaders) : null,
    });

  if (o.result === 'delivered') {
    await deliveries().update({ status: 'succeeded', attempts: d.attempts + 1, completed_at: now, next_attempt_at: null, updated_at: now });
    if (deps.healthBefore.consecutiveFailures > 0 || deps.healthBefore.circuitOpenUntil) await targets.recordSuccess(trx, target);
    return { result: 'delivered' };
  }

  const failed = { last_error_code: o.code, last_error: clip(o.message), updated_at: now };
  if (o.result === 'rateLimited') {
    // The target asked us to slow down: wait without using up an attempt.
    const delayMs = rateLimitDelayMs(o.waitMs, settings.rateLimitFloorMs, settings.retryAfterCapMs);
    await deliveries().update({ ...failed, status: 'pending', next_attempt_at: new Date(now.getTime() + delayMs) });
    return { result: 'rate_limited', delayMs };
  }

  const attempts = d.attempts + 1;
  const state = await targets.recordFailure(trx, target, now, settings.circuitBreaker.failureThreshold, settings.circuitBreaker.cooldownMs);
  const failingForMs = state.failingSince ? now.getTime() - new Date(state.failingSince).getTime() : 0;
  const disableReason =
    o.result === 'permanent' && o.disableTarget
      ? `disabled after ${o.statusCode ?? o.code}: ${clip(o.message)}`
      : failingForMs >= settings.circuitBreaker.disableAfterMs
        ? `disabled after failing every attempt for ${Math.round(failingForMs / 60_000)} minutes (last error ${o.code})`
        : undefined;
  if (disableReason && kind.disable) {
    if (await kind.disable(d.target_id, disableReason, trx)) {
      await appendEvent(trx, schema, {
        type: 'endpoint.disabled',
        data: { targetKind: d.target_kind, targetId: d.target_id, reason: disableReason, lastErrorCode: o.code, failingSince: state.failingSince },
      });
    }
    // Kept, not dropped: it goes out again once the target is enabled (or it is replayed).
    await deliveries().update({ ...failed, attempts, status: 'paused', next_attempt_at: null });
    return { result: 'paused', disabledTarget: d.target_id };
  }

  const schedule = policy.retryScheduleMs;
  if (o.result === 'retryable' && attempts <= schedule.length) {
    const delayMs = retryDelayMs(withJitter(schedule[attempts - 1]), o.waitMs, settings.retryAfterCapMs);
    await deliveries().update({ ...failed, attempts, status: 'pending', next_attempt_at: new Date(now.getTime() + delayMs) });
    return { result: 'retry', delayMs };
  }

  await deliveries().update({ ...failed, attempts, status: 'dead_lettered', completed_at: now, next_attempt_at: null });
  if (!OPS_DELIVERY_EVENTS.has(d.event_type)) {
    await appendEvent(trx, schema, {
      type: 'delivery.dead_lettered',
      applicationId: d.application_id,
      dealerId: d.dealer_id,
      data: {
        deliveryId: d.id,
        eventId: d.event_id,
        eventType: d.event_type,
        applicationId: d.application_id,
        targetKind: d.target_kind,
        targetId: d.target_id,
        attempts,
        lastErrorCode: o.code,
        lastError: clip(o.message),
        permanent: o.result === 'permanent',
      },
    });
  }
  return { result: 'dead_lettered' };
}

export interface DeliveredRecord {
  delivery: DeliveryRow;
  attempt: AttemptRecord;
  now: Date;
}

/** Records delivered attempts read from `input` (the rows to record, as a subquery). */
const recordStatement = (input: string) => `WITH input AS (${input}),
     logged AS (
       INSERT INTO ??.delivery_attempts (delivery_id, attempt, started_at, duration_ms, status_code, response_excerpt, response_headers)
       SELECT i.id, (SELECT count(*) + 1 FROM ??.delivery_attempts a WHERE a.delivery_id = i.id), i.started_at, i.duration_ms, i.status_code, i.excerpt, i.headers
         FROM input i
     )
     UPDATE ??.deliveries AS d
        SET status = 'succeeded', attempts = i.attempts, completed_at = i.at, next_attempt_at = NULL, updated_at = i.at
       FROM input i
      WHERE d.id = i.id`;

/** Records delivered attempts: one array per column (fixed text). Not a named prepared statement: its plan depends on the tables' sizes (preparedStatement.ts). */
export const RECORD_DELIVERED = recordStatement(`
       SELECT * FROM unnest(?::text[], ?::timestamptz[], ?::int[], ?::int[], ?::text[], ?::jsonb[], ?::int[], ?::timestamptz[])
                  AS i (id, started_at, duration_ms, status_code, excerpt, headers, attempts, at)
     `);

/**
 * The same write for one delivery, its values as one row of parameters, run as a named
 * prepared statement: one row by primary key, so Postgres keeps its generic plan
 * (test/foundation/hotStatementPlans.test.ts), where the array form is planned on every
 * run (about 250 us of its CPU at one delivery).
 */
export const RECORD_ONE = recordStatement(`
       SELECT ?::text AS id, ?::timestamptz AS started_at, ?::int AS duration_ms, ?::int AS status_code, ?::text AS excerpt,
              ?::jsonb AS headers, ?::int AS attempts, ?::timestamptz AS at
     `);

/** The delivered write's values, in its parameters' order. */
const RECORD_VALUES: ((r: DeliveredRecord) => unknown)[] = [
  (r) => r.delivery.id,
  (r) => r.attempt.startedAt,
  (r) => Math.round(r.attempt.durationMs),
  (r) => r.attempt.outcome.statusCode ?? null,
  (r) => clip(r.attempt.outcome.responseExcerpt),
  (r) => (r.attempt.outcome.responseHeaders ? JSON.stringify(r.attempt.outcome.responseHeaders) : null),
  (r) => r.delivery.attempts + 1,
  (r) => r.now,
];

/**
 * The hot path: delivered attempts to healthy targets need only their attempt
 * rows and the deliveries' new state, written for a whole batch by one
 * statement (atomic without a transaction). One delivery goes through RECORD_ONE, with `one`'s
 * options (preparedStatement).
 */
export async function recordDelivered(db: Knex, schema: string, items: DeliveredRecord[], one: { name?: string } = {}): Promise<void[]> {
  if (items.length === 1) {
    const [item] = items;
    await db.raw(RECORD_ONE, [...RECORD_VALUES.map((value) => value(item) as Knex.Value), schema, schema, schema]).options(one);
    return [undefined];
  }
  // Each column as one array of its own type (pg sends arrays as literals, NULL elements included).
  await db.raw(RECORD_DELIVERED, [...RECORD_VALUES.map((value) => items.map(value) as unknown as Knex.Value), schema, schema, schema]);
  return items.map(() => undefined);
}
