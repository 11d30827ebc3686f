import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Worker } from 'bullmq';
import { TOKENS } from '../kernel/tokens.js';
import type { LendwireConfig } from '../kernel/LendwireConfig.js';
import type { Manifest } from '../manifest/Manifest.js';
import type { Startable } from '../kernel/lifecycle.js';
import { PeriodicTask } from '../kernel/PeriodicTask.js';
import type { QueueFactory } from '../queue/QueueFactory.js';
import { ApplicationStore } from '../applications/ApplicationStore.js';
import { SUBMISSIONS_QUEUE, type SubmissionJob, type SubmissionQueue } from './SubmissionQueue.js';
import type { SubmissionProcessor } from './SubmissionProcessor.js';
import type { SubmissionTuning } from './SubmissionTuning.js';
import { RetrySubmissionLater, submissionBackoff } from './submissionBackoff.js';
import { SUBMISSIONS_TOKENS } from './tokens.js';

/** Longest a job sleeps in one go while another worker's request may still be in flight. */
const MAX_WAIT_SLICE_MS = 5_000;
const MAX_WAITS = 100;

/**
 * Submissions in flight per process. A lender call is I/O (a vendor may take
 * seconds to answer), so the worker must hold many at once: at 20 dealer
 * submissions/s a lender answering in 1 s keeps 20 in flight. 5 made them queue
 * for seconds. Override with `runtime.concurrency.submissions`.
 */
const DEFAULT_CONCURRENCY = 50;

/**
 * Runs the submission queue, and sweeps Postgres for applications whose job was
 * lost (Redis flushed, enqueue failed after commit, job removed): Postgres is the
 * source of truth, the queue only a way to get work done.
 */
@injectable()
export class SubmissionWorker implements Startable {
  readonly name = 'submission-worker';
  private worker: Worker<SubmissionJob> | undefined;
  private readonly applications: ApplicationStore;
  private readonly concurrency: number;
  private readonly logger: Logger;
  private readonly sweeper: PeriodicTask;
  private stopping = false;

  constructor(
    @inject(TOKENS.Queues) private readonly queues: QueueFactory,
    @inject(SUBMISSIONS_TOKENS.SubmissionQueue) private readonly queue: SubmissionQueue,
    @inject(SUBMISSIONS_TOKENS.SubmissionProcessor) private readonly processor: SubmissionProcessor,
    @inject(SUBMISSIONS_TOKENS.SubmissionTuning) private readonly tuning: SubmissionTuning,
    @inject(TOKENS.Knex) knex: Knex,
    @inject(TOKENS.Config) config: LendwireConfig,
    @inject(TOKENS.Manifest) manifest: Manifest,
    @inject(TOKENS.Logger) logger: Logger,
  ) {
    this.applications = new ApplicationStore(knex, config.schema);
    this.concurrency = manifest.runtime.concurrency?.submissions ?? DEFAULT_CONCURRENCY;
    this.logger = logger.child({ component: 'submissions' });
    this.sweeper = new PeriodicTask(() => this.sweep(), { name: 'submission sweep', intervalMs: tuning.sweepIntervalMs, logger: this.logger });
  }

  async start(): Promise<void> {
    this.stopping = false;
    this.worker = this.queues.worker<SubmissionJob>(
      SUBMISSIONS_QUEUE,
      async (job, { logger }) => {
        for (let waits = 0; waits < MAX_WAITS && !this.stopping; waits++) {
          const result = await this.processor.process(job.data.applicationId, job.attemptsMade, logger);
          if (result.next === 'done') return;
          if (result.next === 'retry') {
            // Thrown so BullMQ schedules the next attempt (backoff or the lender's Retry-After); nothing reached the lender.
            throw new RetrySubmissionLater(`submission not sent, will retry: ${result.reason}`, result.waitMs);
          }
          await new Promise((resolve) => setTimeout(resolve, Math.min(result.ms, MAX_WAIT_SLICE_MS)));
        }
        throw new Error('submission still in flight elsewhere; will look again');
      },
      {
        concurrency: this.concurrency,
        lockDuration: this.tuning.lockDurationMs,
        stalledInterval: this.tuning.stalledIntervalMs,
        // A job that stalls again is not failed: the processor itself guarantees at-most-once.
        maxStalledCount: 1000,
        settings: { backoffStrategy: submissionBackoff(this.tuning.backoffMs) },
      },
    );
    await this.sweeper.trigger();
    this.sweeper.start();
  }

  reconcileNow(): Promise<void> {
    return this.sweeper.trigger();
  }

  /** Re-adds jobs for applications still waiting for submission (a no-op for those whose job exists). */
  async sweep(): Promise<number> {
    const ids = await this.applications.pendingSubmission(this.tuning.pendingGraceMs);
    for (const id of ids) await this.queue.enqueue(id);
    if (ids.length) this.logger.info({ count: ids.length }, 'submission sweep re-added pending applications');
    return ids.length;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.sweeper.stop();
    // The worker is closed and drained by the QueueFactory after every Startable stopped; in-flight
    // lender calls must be let finish: their dispatchers close gracefully, without waiting here.
    await this.processor.close();
    this.worker = undefined;
  }
}
