import type { QueueFactory } from '../queue/QueueFactory.js';
import type { SubmissionTuning } from './SubmissionTuning.js';
import { SUBMISSION_BACKOFF } from './submissionBackoff.js';

export const SUBMISSIONS_QUEUE = 'submissions';

export interface SubmissionJob {
  applicationId: string;
  correlationId?: string;
}

/** Puts applications on the submission queue; the job id is the application id, so adding twice is a no-op. */
export class SubmissionQueue {
  constructor(
    private readonly queues: QueueFactory,
    private readonly tuning: SubmissionTuning,
  ) {}

  async enqueue(applicationId: string, correlationId?: string): Promise<void> {
    await this.queues.queue<SubmissionJob>(SUBMISSIONS_QUEUE).add(
      'submit',
      { applicationId, correlationId },
      {
        jobId: applicationId,
        attempts: this.tuning.maxAttempts,
        backoff: { type: SUBMISSION_BACKOFF },
        // Finished jobs are forgotten: Postgres holds the history, and the sweep may re-add an id safely.
        removeOnComplete: true,
        removeOnFail: true,
      },
    );
  }
}
