import type { Logger } from 'pino';
import type { Worker } from 'bullmq';
import type { Startable } from '../kernel/lifecycle.js';
import { PeriodicTask } from '../kernel/PeriodicTask.js';
import type { QueueFactory } from '../queue/QueueFactory.js';
import type { ApplicationStore } from '../applications/ApplicationStore.js';
import { SUBMISSIONS_QUEUE, type SubmissionJob, type SubmissionQueue } from './SubmissionQueue.js';
import type { SubmissionProcessor } from './SubmissionProcessor.js';
import type { SubmissionTuning } from './SubmissionTuning.js';
import { RetrySubmissionLater, submissionBackoff } from './submissionBackoff.js';

/** Longest a job sleeps in one go while another worker's request may still be in flight. */
const MAX_WAIT_SLICE_MS = 5_000;
const MAX_WAITS = 100;

export interface SubmissionWorkerDeps {
  queues: QueueFactory;
  queue: SubmissionQueue;
  processor: SubmissionProcessor;
  applications: ApplicationStore;
  tuning: SubmissionTuning;
  concurrency: number;
  logger: Logger;
}

/**
 * Runs the submission queue, and sweeps Postgres for applications whose job was
 * lost (Redis flushed, enqueue failed after commit, job removed): Postgres is the
 * source of truth, the queue only a way to get work done.
 */
export class SubmissionWorker implements Startable {
  readonly name = 'submission-worker';
  private worker: Worker<SubmissionJob> | undefined;
  private readonly sweeper: PeriodicTask;
  private stopping = false;

  constructor(private readonly d: SubmissionWorkerDeps) {
    this.sweeper = new PeriodicTask(() => this.sweep(), { name: 'submission sweep', intervalMs: d.tuning.sweepIntervalMs, logger: d.logger });
  }

  async start(): Promise<void> {
    this.stopping = false;
    this.worker = this.d.queues.worker<SubmissionJob>(
      SUBMISSIONS_QUEUE,
      async (job, { logger }) => {
        for (let waits = 0; waits < MAX_WAITS && !this.stopping; waits++) {
          const result = await this.d.processor.process(job.data.applicationId, job.attemptsMade, logger);
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
        concurrency: this.d.concurrency,
        lockDuration: this.d.tuning.lockDurationMs,
        stalledInterval: this.d.tuning.stalledIntervalMs,
        // A job that stalls again is not failed: the processor itself guarantees at-most-once.
        maxStalledCount: 1000,
        settings: { backoffStrategy: submissionBackoff(this.d.tuning.backoffMs) },
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
    const ids = await this.d.applications.pendingSubmission(this.d.tuning.pendingGraceMs);
    for (const id of ids) await this.d.queue.enqueue(id);
    if (ids.length) this.d.logger.info({ count: ids.length }, 'submission sweep re-added pending applications');
    return ids.length;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.sweeper.stop();
    // The worker is closed and drained by the QueueFactory after every Startable stopped; in-flight
    // lender calls must be let finish: their dispatchers close gracefully, without waiting here.
    await this.d.processor.close();
    this.worker = undefined;
  }
}
