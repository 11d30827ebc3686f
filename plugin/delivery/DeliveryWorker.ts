import { inject, injectable } from 'inversify';
import { TOKENS } from '../kernel/tokens.js';
import type { Startable } from '../kernel/lifecycle.js';
import type { QueueFactory } from '../queue/QueueFactory.js';
import type { DeliverySettings } from './DeliverySettings.js';
import { DELIVERY_QUEUE, type DeliveryJobData } from './DeliveryQueue.js';
import type { DeliveryProcessor } from './DeliveryProcessor.js';
import { DELIVERY_TOKENS } from './tokens.js';

/** Runs delivery jobs of every target kind in this process. */
@injectable()
export class DeliveryWorker implements Startable {
  readonly name = 'delivery-worker';

  constructor(
    @inject(TOKENS.Queues) private readonly queues: QueueFactory,
    @inject(DELIVERY_TOKENS.DeliveryProcessor) private readonly processor: DeliveryProcessor,
    @inject(DELIVERY_TOKENS.DeliverySettings) private readonly settings: DeliverySettings,
  ) {}

  async start(): Promise<void> {
    this.queues.worker<DeliveryJobData>(DELIVERY_QUEUE, (job, ctx) => this.processor.process(job, ctx.logger), {
      concurrency: this.settings.concurrency,
      // A worker that dies mid-delivery loses its lock; another picks the job up after this long.
      lockDuration: this.settings.stalledJobTimeoutMs,
      stalledInterval: Math.max(500, Math.round(this.settings.stalledJobTimeoutMs / 2)),
      maxStalledCount: 100,
    });
  }

  async stop(): Promise<void> {
    // The QueueFactory closes the workers it created (bounded drain) when lendwire stops.
  }
}
