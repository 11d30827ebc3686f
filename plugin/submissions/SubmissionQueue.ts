import { inject, injectable } from 'inversify';
import { TOKENS } from '../kernel/tokens.js';
import type { QueueFactory } from '../queue/QueueFactory.js';
import type { SubmissionRequests } from '../applications/SubmissionRequests.js';
import type { SubmissionTuning } from './SubmissionTuning.js';
import { SUBMISSIONS_TOKENS } from './tokens.js';
import { SUBMISSION_BACKOFF } from './submissionBackoff.js';

export const SUBMISSIONS_QUEUE = 'submissions';

export interface SubmissionJob {
  applicationId: string;
  correlationId?: string;
}

/** Puts applications on the submission queue; the job id is the application id, so adding twice is a no-op. */
@injectable()
export class SubmissionQueue implements SubmissionRequests {
  constructor(
    @inject(TOKENS.Queues) private readonly queues: QueueFactory,
    @inject(SUBMISSIONS_TOKENS.SubmissionTuning) private readonly tuning: SubmissionTuning,
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
