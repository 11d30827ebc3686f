import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { TOKENS } from '../kernel/tokens.js';
import type { Clock } from '../kernel/Clock.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import type { Startable } from '../kernel/lifecycle.js';
import { PeriodicTask } from '../kernel/PeriodicTask.js';
import type { Manifest } from '../manifest/Manifest.js';
import { appendEvent } from '../events/appendEvent.js';
import type { DeliverySettings } from './DeliverySettings.js';
import type { DeliveryQueue } from './DeliveryQueue.js';
import type { LocalDeliveries } from './LocalDeliveries.js';
import type { DeliveryMetrics } from './DeliveryMetrics.js';
import type { TargetRef, TargetStateStore } from './TargetStateStore.js';
import { DELIVERY_TOKENS } from './tokens.js';

const PAGE = 500;

/**
 * Postgres is the truth, Redis only a work list: every interval this finds
 * unfinished deliveries that have no job (Redis flushed or restarted, a crash
 * between commit and enqueue, a job dropped after a failure, a process that died
 * holding deliveries it sent without a job) and enqueues them again. It leaves
 * alone what this process holds (LocalDeliveries) and what another one is sending
 * under a lease that has not run out (claimDeliveries). The same pass refreshes the backlog gauges, raises
 * `endpoint.backlog_exceeded` once per crossing and measures the outbox lag.
 */
@injectable()
export class DeliveryReconciler implements Startable {
  readonly name = 'delivery-reconciler';
  private readonly task: PeriodicTask;
  private readonly schema: string;
  private readonly logger: Logger;
  /** Finished deliveries older than this many days are deleted with their attempts (manifest retention.deliveriesDays). */
  private readonly retentionDays: number;

  constructor(
    @inject(TOKENS.Knex) private readonly knex: Knex,
    @inject(TOKENS.Config) config: Pick<LendwireConfig, 'schema'>,
    @inject(TOKENS.Manifest) manifest: Pick<Manifest, 'retention'>,
    @inject(DELIVERY_TOKENS.DeliveryQueue) private readonly queue: DeliveryQueue,
    @inject(DELIVERY_TOKENS.LocalDeliveries) private readonly local: Pick<LocalDeliveries, 'holds'>,
    @inject(DELIVERY_TOKENS.TargetStates) private readonly targets: TargetStateStore,
    @inject(DELIVERY_TOKENS.DeliveryMetrics) private readonly metrics: DeliveryMetrics,
    @inject(DELIVERY_TOKENS.DeliverySettings) private readonly settings: DeliverySettings,
    @inject(TOKENS.Logger) logger: Logger,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {
    this.schema = config.schema;
    this.logger = logger.child({ component: 'delivery-reconciler' });
    this.retentionDays = manifest.retention.deliveriesDays;
    this.task = new PeriodicTask(() => this.runOnce(), {
      name: 'delivery reconciliation',
      intervalMs: settings.reconcileIntervalMs,
      firstRunAfterMs: 0,
      logger: this.logger,
    });
  }

  async start(): Promise<void> {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  reconcileNow(): Promise<void> {
    return this.task.trigger();
  }

  /** One full pass; returns how many deliveries were enqueued again. */
  async runOnce(): Promise<number> {
    const requeued = await this.requeueOrphans();
    await this.checkBacklogs();
    await this.measureOutboxLag();
    await this.pruneFinished();
    return requeued;
  }

  /**
   * Deletes succeeded deliveries (and their attempt logs) past the retention
   * period, a bounded batch per pass. Dead letters stay until replayed or resolved.
   */
  async pruneFinished(batch = 1000): Promise<number> {
    const { knex, schema, clock, retentionDays } = this;
    const cutoff = new Date(clock.now().getTime() - retentionDays * 86_400_000);
    return knex.transaction(async (trx) => {
      const ids = (
        await trx.withSchema(schema).table('deliveries').select('id').where({ status: 'succeeded' }).where('completed_at', '<', cutoff).limit(batch).forUpdate().skipLocked()
      ).map((r: { id: string }) => r.id);
      if (!ids.length) return 0;
      await trx.withSchema(schema).table('delivery_attempts').whereIn('delivery_id', ids).delete();
      await trx.withSchema(schema).table('deliveries').whereIn('id', ids).delete();
      this.logger.info({ deleted: ids.length, retentionDays }, 'pruned delivered deliveries past retention');
      return ids.length;
    });
  }

  async requeueOrphans(): Promise<number> {
    const { knex, schema, queue, clock } = this;
    let after = '';
    let requeued = 0;
    for (;;) {
      const rows: { id: string; status: string; next_attempt_at: Date | null }[] = await knex
        .withSchema(schema)
        .table('deliveries')
        .select('id', 'status', 'next_attempt_at')
        .whereIn('status', ['pending', 'delivering'])
        .andWhere('id', '>', after)
        .orderBy('id')
        .limit(PAGE);
      if (!rows.length) break;
      after = rows[rows.length - 1].id;
      const now = clock.now().getTime();
      const due = (r: (typeof rows)[number]) => (r.next_attempt_at ? new Date(r.next_attempt_at).getTime() - now : 0);
      // A delivering row's next_attempt_at is its lease: one still running belongs to its holder.
      const orphans = rows.filter((r) => !this.local.holds(r.id) && !(r.status === 'delivering' && due(r) > 0));
      const present = await queue.existing(orphans.map((r) => r.id));
      const missing = orphans.filter((r) => !present.has(r.id)).map((r) => ({ id: r.id, delayMs: due(r) }));
      await queue.enqueue(missing);
      requeued += missing.length;
      if (rows.length < PAGE) break;
    }
    if (requeued) this.logger.warn({ requeued }, 're-enqueued deliveries that had no job');
    return requeued;
  }

  async checkBacklogs(): Promise<void> {
    const { knex, schema, metrics, targets, settings } = this;
    const counts: { target_kind: string; target_id: string; n: string }[] = await knex
      .withSchema(schema)
      .table('deliveries')
      .select('target_kind', 'target_id')
      .count({ n: '*' })
      .whereIn('status', ['pending', 'delivering', 'paused'])
      .groupBy('target_kind', 'target_id');
    metrics.pending.reset();
    const over: TargetRef[] = [];
    for (const c of counts) {
      const pending = Number(c.n);
      metrics.pending.set({ kind: c.target_kind, target: c.target_id }, pending);
      if (pending <= settings.backlogThreshold) continue;
      const target = { kind: c.target_kind, id: c.target_id };
      over.push(target);
      await knex.transaction(async (trx) => {
        if (!(await targets.raiseBacklogAlert(trx, target))) return;
        await appendEvent(trx, schema, {
          type: 'endpoint.backlog_exceeded',
          data: { targetKind: target.kind, targetId: target.id, pending, threshold: settings.backlogThreshold },
        });
        this.logger.warn({ targetKind: target.kind, targetId: target.id, pending, threshold: settings.backlogThreshold }, 'delivery backlog exceeded');
      });
    }
    await targets.clearBacklogAlerts(knex, over);
  }

  async measureOutboxLag(): Promise<void> {
    const { knex, schema, metrics } = this;
    const row = await knex.withSchema(schema).table('outbox').whereNull('relayed_at').min({ oldest: 'created_at' }).first();
    const oldest = row?.oldest ? new Date(row.oldest).getTime() : undefined;
    metrics.outboxLagSeconds.set(oldest === undefined ? 0 : Math.max(0, (Date.now() - oldest) / 1000));
  }
}
