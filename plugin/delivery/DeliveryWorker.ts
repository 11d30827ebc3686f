import { inject, injectable } from 'inversify';
import type { Logger } from 'pino';
import type { Worker } from 'bullmq';
import { TOKENS } from '../kernel/tokens.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import type { Startable } from '../kernel/lifecycle.js';
import type { QueueFactory } from '../queue/QueueFactory.js';
import { lazyChild } from '../observability/lazyChild.js';
import { isDependencyUnavailable } from '../errors/dependencyFailure.js';
import type { DeliverySettings } from './DeliverySettings.js';
import { DELIVERY_QUEUE, type DeliveryJobData, type DeliveryQueue } from './DeliveryQueue.js';
import type { DeliveryProcessor } from './DeliveryProcessor.js';
import type { LocalDelivery, LocalDeliveries } from './LocalDeliveries.js';
import { DELIVERY_TOKENS } from './tokens.js';

/**
 * Runs deliveries of every target kind in this process: the jobs of the delivery queue,
 * and the deliveries this process' relay hands over without a job (LocalDeliveries), whose
 * leases it renews while their attempts run.
 */
@injectable()
export class DeliveryWorker implements Startable {
  readonly name = 'delivery-worker';
  private readonly logger: Logger;
  private renewals: NodeJS.Timeout | undefined;
  private renewing: Promise<void> | undefined;
  private jobs: Pick<Worker, 'pause'> | undefined;

  constructor(
    @inject(TOKENS.Queues) private readonly queues: QueueFactory,
    @inject(DELIVERY_TOKENS.DeliveryQueue) private readonly queue: DeliveryQueue,
    @inject(DELIVERY_TOKENS.DeliveryProcessor) private readonly processor: DeliveryProcessor,
    @inject(DELIVERY_TOKENS.LocalDeliveries) private readonly local: LocalDeliveries,
    @inject(DELIVERY_TOKENS.DeliverySettings) private readonly settings: DeliverySettings,
    @inject(TOKENS.Config) private readonly config: Pick<LendwireConfig, 'shutdownTimeoutMs'>,
    @inject(TOKENS.Logger) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'delivery-worker' });
  }

  async start(): Promise<void> {
    this.jobs = this.queues.worker<DeliveryJobData>(DELIVERY_QUEUE, (job, ctx) => this.processor.process(job, ctx.logger), {
      concurrency: this.settings.concurrency,
      // A worker that dies mid-delivery loses its lock; another picks the job up after this long.
      lockDuration: this.settings.stalledJobTimeoutMs,
      stalledInterval: Math.max(500, Math.round(this.settings.stalledJobTimeoutMs / 2)),
      maxStalledCount: 100,
    });
    // A lease is renewed a third of its length before it runs out, as BullMQ renews a job's lock.
    const every = Math.max(100, Math.round(this.settings.stalledJobTimeoutMs / 3));
    this.renewals = setInterval(() => this.renewLeases(every), every);
    this.renewals.unref();
    this.local.open((delivery) => this.sendLocally(delivery));
  }

  /** The worker's queue (jobs) is closed by the QueueFactory when lendwire stops; this hands back what the relay handed over. */
  async stop(): Promise<void> {
    // A stopping process takes no new job (the QueueFactory waits for the running ones): what it hands back goes to the others.
    await this.jobs?.pause(true).catch(() => undefined);
    const left = await this.local.close(this.config.shutdownTimeoutMs);
    clearInterval(this.renewals);
    await this.renewing;
    await this.queue.enqueue(left).catch((err: unknown) => {
      this.logger.warn({ err, deliveries: left.length }, 'could not queue the deliveries this process had not started; the reconciler queues them');
    });
  }

  /** A delivery without a job: one turn; a wait (retry, rate limit, circuit) gives it a delayed job. */
  private async sendLocally(delivery: LocalDelivery): Promise<void> {
    const { id, traceContext, row } = delivery;
    const logger = lazyChild(this.logger, { queue: DELIVERY_QUEUE, deliveryId: id, correlationId: id });
    try {
      const wait = await this.processor.attempt({ id, tokenReserved: false }, logger, true, row);
      if (wait) await this.queue.enqueue([{ id, traceContext, ...wait }]);
    } catch (err) {
      // As for a failed job: Postgres keeps the delivery unfinished, and the reconciler gives it a job.
      // An outage is logged once by the connection's watcher, not once per delivery.
      if (isDependencyUnavailable(err)) logger.debug({ err }, 'delivery turn failed (a dependency is down); the reconciler queues it again');
      else logger.warn({ err }, 'delivery turn failed; the reconciler queues it again');
    }
  }

  private renewLeases(olderThanMs: number): void {
    if (this.renewing) return;
    const ids = this.local.sendingLongerThan(olderThanMs);
    if (!ids.length) return;
    this.renewing = this.processor
      .renewLeases(ids)
      .catch((err: unknown) => this.logger.warn({ err, deliveries: ids.length }, 'could not renew the leases of deliveries being sent; retrying'))
      .finally(() => {
        this.renewing = undefined;
      });
  }
}
