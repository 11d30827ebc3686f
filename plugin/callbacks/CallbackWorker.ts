import { inject, injectable } from 'inversify';
import type { Logger } from 'pino';
import { TOKENS } from '../kernel/tokens.js';
import type { RuntimeSettings } from '../kernel/RuntimeSettings.js';
import { isDataError } from '../errors/index.js';
import type { Startable } from '../kernel/lifecycle.js';
import { PeriodicTask } from '../kernel/PeriodicTask.js';
import type { QueueFactory } from '../queue/QueueFactory.js';
import type { CallbackConcurrency } from './CallbackConcurrency.js';
import type { CallbackProcessor } from './CallbackProcessor.js';
import { CALLBACK_QUEUE, type CallbackJobData, type CallbackQueue } from './CallbackQueue.js';
import type { RawCallbackStore } from './RawCallbackStore.js';
import { CALLBACKS_TOKENS } from './tokens.js';

interface CallbackWorkerOptions {
  concurrency: number;
  /** How often stored-but-unprocessed callbacks and releasable orphans are re-queued. */
  sweepIntervalMs: number;
  /** A pending callback younger than this is assumed to have its job in flight. */
  pendingGraceMs: number;
  /** Job lock, and how often expired locks are looked for: bound how long a killed worker's job waits. */
  lockDurationMs: number;
  stalledIntervalMs: number;
}

/**
 * Runs the callback processing queue, and a sweep that re-queues what Redis
 * may have lost (a failed enqueue, a flushed Redis) or what a race left
 * orphaned after its link arrived: Postgres is the source of truth.
 */
@injectable()
export class CallbackWorker implements Startable {
  readonly name = 'callback-worker';
  private readonly logger: Logger;
  private readonly options: CallbackWorkerOptions;
  private readonly sweeper: PeriodicTask;

  constructor(
    @inject(TOKENS.Queues) private readonly queues: QueueFactory,
    @inject(CALLBACKS_TOKENS.CallbackQueue) private readonly queue: CallbackQueue,
    @inject(CALLBACKS_TOKENS.CallbackProcessor) private readonly processor: CallbackProcessor,
    @inject(CALLBACKS_TOKENS.CallbackStore) private readonly store: RawCallbackStore,
    @inject(TOKENS.Logger) logger: Logger,
    @inject(CALLBACKS_TOKENS.CallbackConcurrency) concurrency: CallbackConcurrency,
    @inject(TOKENS.RuntimeSettings) runtime: RuntimeSettings,
  ) {
    this.logger = logger.child({ component: 'callback-worker' });
    this.options = {
      concurrency: concurrency.jobs,
      sweepIntervalMs: runtime.callbackSweepIntervalMs,
      pendingGraceMs: runtime.callbackPendingGraceMs,
      lockDurationMs: runtime.jobLockDurationMs,
      stalledIntervalMs: runtime.stalledCheckIntervalMs,
    };
    this.sweeper = new PeriodicTask(() => this.requeueUnfinished(), { name: 'callback sweep', intervalMs: this.options.sweepIntervalMs, firstRunAfterMs: 0, logger: this.logger });
  }

  async start(): Promise<void> {
    this.queues.worker<CallbackJobData>(
      CALLBACK_QUEUE,
      async (job) => {
        try {
          const { rawCallbackId, lenderId, orderingKey } = job.data;
          await this.processor.processQueued(rawCallbackId, lenderId !== undefined && orderingKey !== undefined ? { lenderId, orderingKey } : undefined);
        } catch (err) {
          // Data the database refuses fails the same way on every try: park it now instead of retrying.
          const permanent = isDataError(err);
          if (permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
            const parked = await this.processor
              .markFailed(job.data.rawCallbackId, err, job.attemptsMade + 1)
              .then(() => true)
              .catch((e: unknown) => {
                this.logger.error({ err: e }, 'could not record a failed callback; it stays pending and the sweep retries it');
                return false;
              });
            if (permanent && parked) return;
          }
          throw err;
        }
      },
      { concurrency: this.options.concurrency, lockDuration: this.options.lockDurationMs, stalledInterval: this.options.stalledIntervalMs },
    );
    this.sweeper.start();
  }

  stop(): Promise<void> {
    return this.sweeper.stop();
  }

  reconcileNow(): Promise<void> {
    return this.sweep();
  }

  /** Re-queues unfinished callbacks now (or joins the sweep in flight); safe in many processes at once (job ids dedupe). */
  sweep(): Promise<void> {
    return this.sweeper.trigger();
  }

  private async requeueUnfinished(): Promise<void> {
    const ids = await this.store.unfinishedIds(new Date(Date.now() - this.options.pendingGraceMs), 500);
    await this.queue.enqueueMany(ids);
    if (ids.length) this.logger.info({ count: ids.length }, 're-queued unfinished callbacks');
  }
}
