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
import type { LocalCallbacks } from './LocalCallbacks.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
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
  /** How long stopping waits for the callbacks this process holds (LocalCallbacks). */
  shutdownTimeoutMs: number;
}

/** The callback's place in its application's order, when its job carries it (the sweep's jobs do not). */
function orderingOf({ lenderId, orderingKey }: CallbackJobData): { lenderId: string; orderingKey: string | null } | undefined {
  return lenderId !== undefined && orderingKey !== undefined ? { lenderId, orderingKey } : undefined;
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
    @inject(CALLBACKS_TOKENS.LocalCallbacks) private readonly local: LocalCallbacks,
    @inject(TOKENS.Config) config: Pick<LendwireConfig, 'shutdownTimeoutMs'>,
  ) {
    this.logger = logger.child({ component: 'callback-worker' });
    this.options = {
      concurrency: concurrency.jobs,
      sweepIntervalMs: runtime.callbackSweepIntervalMs,
      pendingGraceMs: runtime.callbackPendingGraceMs,
      lockDurationMs: runtime.jobLockDurationMs,
      stalledIntervalMs: runtime.stalledCheckIntervalMs,
      shutdownTimeoutMs: config.shutdownTimeoutMs,
    };
    this.sweeper = new PeriodicTask(() => this.requeueUnfinished(), { name: 'callback sweep', intervalMs: this.options.sweepIntervalMs, firstRunAfterMs: 0, logger: this.logger });
  }

  async start(): Promise<void> {
    this.queues.worker<CallbackJobData>(
      CALLBACK_QUEUE,
      async (job) => {
        try {
          await this.process(job.data);
        } catch (err) {
          if (await this.failed(job.data, err, job.attemptsMade + 1, job.attemptsMade + 1 >= (job.opts.attempts ?? 1))) return;
          throw err;
        }
      },
      { concurrency: this.options.concurrency, lockDuration: this.options.lockDurationMs, stalledInterval: this.options.stalledIntervalMs },
    );
    this.local.open((data) => this.processLocally(data));
    this.sweeper.start();
  }

  private process(data: CallbackJobData): Promise<void> {
    return this.processor.processQueued(data.rawCallbackId, orderingOf(data));
  }

  /** A callback this process stored and kept (LocalCallbacks): a failure that retrying may fix goes to the queue, whose job retries it. */
  private async processLocally(data: CallbackJobData): Promise<void> {
    try {
      await this.process(data);
    } catch (err) {
      if (await this.failed(data, err, 1, false)) return;
      await this.queue.enqueue(data.rawCallbackId, data.correlationId, orderingOf(data)).catch((e: unknown) => {
        this.logger.warn({ err: e, rawCallbackId: data.rawCallbackId }, 'a callback whose processing failed could not be queued for its retries; the sweep queues it');
      });
    }
  }

  /**
   * After a try failed: data the database refuses fails the same way on every try, so it is parked
   * (`failed`, the review queue) now; so is the last try. True when the callback is parked for good.
   */
  private async failed(data: CallbackJobData, err: unknown, tries: number, lastTry: boolean): Promise<boolean> {
    const permanent = isDataError(err);
    if (!permanent && !lastTry) return false;
    const parked = await this.processor
      .markFailed(data.rawCallbackId, err, tries)
      .then(() => true)
      .catch((e: unknown) => {
        this.logger.error({ err: e }, 'could not record a failed callback; it stays pending and the sweep retries it');
        return false;
      });
    return permanent && parked;
  }

  async stop(): Promise<void> {
    await this.local.close(this.options.shutdownTimeoutMs);
    await this.sweeper.stop();
  }

  reconcileNow(): Promise<void> {
    return this.sweep();
  }

  /** Re-queues unfinished callbacks now (or joins the sweep in flight); safe in many processes at once (job ids dedupe). */
  sweep(): Promise<void> {
    return this.sweeper.trigger();
  }

  private async requeueUnfinished(): Promise<void> {
    // The ones this process is processing itself have no job, and need none.
    const ids = (await this.store.unfinishedIds(new Date(Date.now() - this.options.pendingGraceMs), 500)).filter((id) => !this.local.holds(id));
    await this.queue.enqueueMany(ids);
    if (ids.length) this.logger.info({ count: ids.length }, 're-queued unfinished callbacks');
  }
}
