import { inject, injectable, multiInject } from 'inversify';
import type { Job } from 'bullmq';
import { DelayedError } from '../queue/bullmq.js';
import type { Knex } from 'knex';
import type { RedisClient } from '../kernel/RedisClient.js';
import type { Logger } from 'pino';
import { TOKENS } from '../kernel/tokens.js';
import type { Clock } from '../kernel/Clock.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import type { DeliveryOutcome } from '../sdk/DeliveryOutcome.js';
import type { DeliveryTargetKind } from './DeliveryTargetKind.js';
import type { DeliverySettings } from './DeliverySettings.js';
import type { DeliveryJobData } from './DeliveryQueue.js';
import type { DeliveryRow } from './DeliveryRow.js';
import type { DeliveryMetrics } from './DeliveryMetrics.js';
import type { TargetState, TargetStateStore } from './TargetStateStore.js';
import type { TargetPolicy } from './DeliveryTargetKind.js';
import type { EndpointGate } from './EndpointGate.js';
import { DELIVERY_TOKENS } from './tokens.js';
import { CLAIM_ONE, CLAIM_ONE_LEASED, claimDeliveries, releaseDeliveries } from './claimDeliveries.js';
import { applyOutcome, RECORD_ONE, recordDelivered, type AppliedOutcome, type DeliveredRecord } from './applyOutcome.js';
import { preparedStatement } from '../kernel/preparedStatement.js';
import { Batcher } from '../kernel/Batcher.js';
import { tracedTransaction } from '../observability/tracing/index.js';

/** Longest a delivery waits in its worker slot for a fast endpoint's next free in-flight slot. */
const MAX_LOCAL_SLOT_WAIT_MS = 250;

/** Signals the worker to park the job for `ms` without counting an attempt. */
class Postpone {
  constructor(
    readonly ms: number,
    readonly reason: string,
    /** Set the delivery back from "delivering" to "pending" (false when the outcome already did). */
    readonly release = true,
    /** Whether the delivery comes back holding a rate-limit token it reserved (unset: as it came). */
    readonly tokenReserved?: boolean,
  ) {}
}

/** One delivery's turn: its id and whether it comes holding a rate-limit token it reserved. */
export interface DeliveryTurn {
  id: string;
  tokenReserved: boolean;
}

/** A turn that must wait: the delivery is back to `pending`; it goes again after `delayMs`. */
export interface DeliveryWait {
  delayMs: number;
  tokenReserved: boolean;
}

/**
 * One delivery's turn: checks the target (enabled, circuit, rate limit), makes one
 * attempt through the target's kind, and applies the outcome. A turn comes from a
 * BullMQ job (`process`) or from the relay of this process (`attempt` with a lease,
 * LocalDeliveries). Waiting (retry delays, rate limits, open circuits) parks the
 * job as delayed, so its id stays the delivery id and BullMQ never counts those
 * waits as attempts.
 */
@injectable()
export class DeliveryProcessor {
  private readonly schema: string;
  /** The one-delivery claim and delivered write (a steady trickle's), prepared once per connection. */
  private readonly single: { claim: { name?: string }; leasedClaim: { name?: string }; delivered: { name?: string } };

  constructor(
    @inject(TOKENS.Knex) private readonly knex: Knex,
    @inject(TOKENS.Config) private readonly config: Pick<LendwireConfig, 'schema' | 'queuePrefix' | 'preparedStatements'>,
    @inject(TOKENS.Redis) private readonly redis: RedisClient,
    @multiInject(DELIVERY_TOKENS.DeliveryTargetKinds) private readonly kinds: readonly DeliveryTargetKind[],
    @inject(DELIVERY_TOKENS.TargetStates) private readonly targets: TargetStateStore,
    @inject(DELIVERY_TOKENS.EndpointGate) private readonly gate: EndpointGate,
    @inject(DELIVERY_TOKENS.DeliverySettings) private readonly settings: DeliverySettings,
    @inject(DELIVERY_TOKENS.DeliveryMetrics) private readonly metrics: DeliveryMetrics,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {
    this.schema = config.schema;
    this.single = { claim: preparedStatement(config, CLAIM_ONE), leasedClaim: preparedStatement(config, CLAIM_ONE_LEASED), delivered: preparedStatement(config, RECORD_ONE) };
  }

  /** A BullMQ job's turn; a wait parks the job as delayed. */
  async process(job: Job<DeliveryJobData>, logger: Logger): Promise<void> {
    const came = Boolean(job.data.tokenReserved);
    const wait = await this.attempt({ id: String(job.id), tokenReserved: came }, logger);
    if (!wait) return;
    if (wait.tokenReserved !== came) await job.updateData({ ...job.data, tokenReserved: wait.tokenReserved });
    await job.moveToDelayed(Date.now() + wait.delayMs, job.token);
    throw new DelayedError();
  }

  /**
   * One turn. `leased`: the delivery has no job (this process' relay handed it over) and is
   * claimed for `stalledJobTimeout` (claimDeliveries), so no job another process gives it
   * meanwhile can take it; `claimed`: the relay created it so claimed, here it is. Returns the
   * wait when the delivery must go again later.
   */
  async attempt(turn: DeliveryTurn, logger: Logger, leased = false, claimed?: DeliveryRow): Promise<DeliveryWait | undefined> {
    const step = await this.run(turn, claimed ? () => Promise.resolve(claimed) : (id) => (leased ? this.leasedClaims : this.claims).call(id), logger);
    if (!(step instanceof Postpone)) return undefined;
    if (step.release) await this.release(turn.id, step.ms);
    logger.debug({ delayMs: step.ms, reason: step.reason }, 'delivery postponed');
    return { delayMs: Math.max(1, Math.round(step.ms)), tokenReserved: step.tokenReserved ?? turn.tokenReserved };
  }

  /** Marks deliveries in flight and reads them with their event: one statement for every job that starts in the same tick. */
  private readonly claims = new Batcher<string, DeliveryRow | undefined>((ids) => claimDeliveries(this.knex, this.schema, ids, this.clock.now(), { one: this.single.claim }));

  /** The same for deliveries without a job, each leased for `stalledJobTimeout`. */
  private readonly leasedClaims = new Batcher<string, DeliveryRow | undefined>((ids) =>
    claimDeliveries(this.knex, this.schema, ids, this.clock.now(), { leaseMs: this.settings.stalledJobTimeoutMs, one: this.single.leasedClaim }),
  );

  /**
   * Extends the lease of deliveries whose attempt still runs in this process (one statement):
   * a process that dies stops renewing, and the reconciler gives them a job once it ran out.
   */
  async renewLeases(ids: readonly string[]): Promise<void> {
    if (!ids.length) return;
    const { knex, schema, clock } = this;
    await knex.withSchema(schema).table('deliveries').whereIn('id', ids).andWhere({ status: 'delivering' }).update({ next_attempt_at: new Date(clock.now().getTime() + this.settings.stalledJobTimeoutMs) });
  }

  /**
   * Records delivered attempts: one statement at a time, the ones that come meanwhile going
   * together in the next (group commit). This write is not on the way to the webhook, but every
   * commit waits for a WAL flush, and fewer flushes leave the disk to the events' own commits,
   * which are (docs/performance.md, eleventh session).
   */
  private readonly delivered = new Batcher<DeliveredRecord, void>((items) => recordDelivered(this.knex, this.schema, items, this.single.delivered), { maxInFlight: 1 });

  /** A postponed delivery is waiting again, not in flight. */
  private async release(id: string, delayMs: number): Promise<void> {
    const now = this.clock.now();
    await releaseDeliveries(this.knex, this.schema, [id], new Date(now.getTime() + delayMs), now);
  }

  private async run(turn: DeliveryTurn, claim: (id: string) => Promise<DeliveryRow | undefined>, logger: Logger): Promise<Postpone | void> {
    const { knex, schema, settings, clock, metrics } = this;
    // Finished, paused, replayed or leased elsewhere: a stale turn has nothing to do.
    const d = await claim(turn.id);
    if (!d) {
      logger.debug('delivery with nothing to do (finished, paused, leased by another claim or unknown)');
      return;
    }
    const kind = this.kinds.find((k) => k.kind === d.target_kind);
    if (!kind) return new Postpone(settings.reconcileIntervalMs, `no target kind "${d.target_kind}" in this process`);
    const policy = await kind.policy(d.target_id);
    const target = { kind: d.target_kind, id: d.target_id };
    if (!policy || !policy.enabled) {
      const reason = policy ? `target disabled${policy.disabledReason ? `: ${policy.disabledReason}` : ''}` : 'target no longer exists';
      await knex.withSchema(schema).table('deliveries').where({ id: d.id }).whereIn('status', ['pending', 'delivering']).update({ status: 'paused', last_error_code: policy ? 'E_DISABLED' : 'E_TARGET_GONE', last_error: reason, updated_at: clock.now() });
      metrics.results.inc({ kind: d.target_kind, result: 'paused' });
      return;
    }

    const health = await this.targets.get(target);
    const probe = await this.checkCircuit(health, kind, d.target_id);
    if (probe instanceof Postpone) return probe;
    const endpoint = `${d.target_kind}:${d.target_id}`;
    try {
      const admission = await this.admit(turn, d.id, policy, endpoint);
      if (admission) return admission;

      const startedAt = clock.now();
      const t0 = performance.now();
      const outcome = await kind
        .send(
          {
            outboxId: Number(d.outbox_id),
            eventId: d.event_id,
            type: d.event_type,
            timestamp: new Date(d.event_created_at).toISOString(),
            applicationId: d.application_id,
            dealerId: d.dealer_id,
            data: d.payload,
          },
          { deliveryId: d.id, attempt: d.attempts + 1, targetId: d.target_id },
        )
        .catch((err: unknown): DeliveryOutcome => ({ result: 'retryable', code: 'E_INTERNAL', message: err instanceof Error ? err.message : String(err) }))
        .finally(() => {
          // Not awaited: the slot goes back with the others freed in this tick, while the outcome is recorded.
          void this.gate.release(endpoint, d.id, performance.now() - t0).catch(() => undefined);
        });
      const durationMs = performance.now() - t0;
      metrics.attemptSeconds.observe({ kind: d.target_kind, outcome: outcome.result }, durationMs / 1000);
      const attempt = { startedAt, durationMs, outcome };
      const healthy = health.consecutiveFailures === 0 && !health.circuitOpenUntil;
      const applied =
        outcome.result === 'delivered' && healthy
          ? await this.delivered.call({ delivery: d, attempt, now: clock.now() }).then((): AppliedOutcome => ({ result: 'delivered' }))
          : await tracedTransaction(knex, 'delivery.outcome', (trx) => applyOutcome(trx, d, attempt, { schema, kind, policy, settings, targets: this.targets, healthBefore: health, now: clock.now() }));
      metrics.results.inc({ kind: d.target_kind, result: applied.result });
      const line = { deliveryId: d.id, eventId: d.event_id, targetKind: d.target_kind, targetId: d.target_id, attempt: d.attempts + 1, durationMs: Math.round(durationMs), ...('code' in outcome ? { errorCode: outcome.code, statusCode: outcome.statusCode } : { statusCode: outcome.statusCode }) };
      if (applied.result === 'dead_lettered') {
        metrics.deadLetters.inc({ kind: d.target_kind, target: d.target_id });
        logger.error(line, 'delivery dead-lettered');
      } else if (applied.result === 'paused') {
        logger.warn({ ...line, disabledTarget: applied.disabledTarget }, 'delivery target disabled; delivery kept paused');
      } else if (applied.result === 'delivered') {
        logger.debug(line, 'delivered');
      } else {
        logger.info({ ...line, delayMs: applied.delayMs }, 'delivery attempt failed; will retry');
      }
      if (applied.delayMs !== undefined) {
        // The token this attempt used is spent: the retry takes a new one.
        return new Postpone(applied.delayMs, applied.result, false, false);
      }
    } finally {
      if (probe) await this.redis.del(probe);
    }
  }

  /**
   * Takes the endpoint's in-flight slot and rate-limit token (one Redis round
   * trip). Returns the postponement when the delivery must wait instead.
   */
  private async admit(turn: DeliveryTurn, deliveryId: string, policy: TargetPolicy, endpoint: string): Promise<Postpone | undefined> {
    const { gate, settings } = this;
    const request = {
      endpoint,
      deliveryId,
      slotTtlMs: (policy.timeoutMs ?? 120_000) + 5_000,
      cap: settings.maxInFlightPerEndpoint,
      rateLimit: policy.rateLimit,
      tokenHeld: turn.tokenReserved,
    };
    let admission = await gate.admit(request);
    // A fast endpoint at its cap frees a slot within milliseconds: waiting here is cheaper than
    // parking the job and fetching it again. A slow one is not waited for (it would hold this worker slot).
    const deadline = performance.now() + MAX_LOCAL_SLOT_WAIT_MS;
    while (admission.verdict === 'at_cap' && gate.turnover.isFast(endpoint) && performance.now() < deadline) {
      await gate.turnover.next(endpoint, deadline - performance.now());
      admission = await gate.admit(request);
    }
    if (admission.verdict === 'go') return undefined;
    if (admission.verdict === 'rate_limited') {
      // The token is reserved for this delivery: it comes back holding it, and the wait never uses up an attempt.
      return new Postpone(admission.waitMs, 'rate limit', true, true);
    }
    return new Postpone(50 + Math.random() * 150, 'endpoint at its in-flight limit');
  }

  /**
   * An open circuit parks the job until its cool-down ends; then a single
   * probe (one Redis lock per target) goes out, the other jobs wait for its verdict.
   * Returns the probe lock key to release, undefined when the circuit is closed.
   */
  private async checkCircuit(state: TargetState, kind: DeliveryTargetKind, targetId: string): Promise<Postpone | string | undefined> {
    if (!state.circuitOpenUntil) return undefined;
    const waitMs = new Date(state.circuitOpenUntil).getTime() - this.clock.now().getTime();
    const spread = () => Math.random() * Math.min(1000, this.settings.circuitBreaker.cooldownMs * 0.1);
    if (waitMs > 0) return new Postpone(waitMs + spread(), 'circuit open');
    const key = `${this.config.queuePrefix}:circuit-probe:${kind.kind}:${targetId}`;
    const got = await this.redis.set(key, '1', 'PX', 120_000, 'NX');
    if (got !== 'OK') return new Postpone(Math.min(this.settings.circuitBreaker.cooldownMs, 1000) + spread(), 'circuit probe in flight');
    return key;
  }
}
