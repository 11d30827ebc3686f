import { retryDelayMs } from '../kernel/retryDelay.js';
import { withJitter } from '../kernel/retrySchedule.js';

/** The backoff type of submission jobs, computed by `submissionBackoff`. */
export const SUBMISSION_BACKOFF = 'lendwire-submission';

/** Longest wait a lender's Retry-After can impose before the next attempt. */
const MAX_WAIT_MS = 15 * 60_000;

/** Thrown by the worker when nothing reached the lender and a later attempt may be made. */
export class RetrySubmissionLater extends Error {
  constructor(
    message: string,
    /** The lender's own Retry-After, when it gave one. */
    readonly waitMs?: number,
  ) {
    super(message);
    this.name = 'RetrySubmissionLater';
  }
}

/**
 * Exponential backoff from `baseMs` (with ±10% jitter). A lender's Retry-After
 * may lengthen that wait (up to 15 minutes), never shorten it.
 */
export function submissionBackoff(baseMs: number) {
  return (attemptsMade: number, _type?: string, err?: Error): number => {
    const exponential = baseMs * 2 ** Math.max(0, attemptsMade - 1);
    const scheduled = withJitter(Math.min(exponential, MAX_WAIT_MS));
    const lenderWait = err instanceof RetrySubmissionLater ? err.waitMs : undefined;
    return retryDelayMs(scheduled, lenderWait, MAX_WAIT_MS);
  };
}
