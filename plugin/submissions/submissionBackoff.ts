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

/** Exponential backoff from `baseMs` (with ±10% jitter), unless the lender said how long to wait. */
export function submissionBackoff(baseMs: number) {
  return (attemptsMade: number, _type?: string, err?: Error): number => {
    if (err instanceof RetrySubmissionLater && err.waitMs !== undefined) return Math.min(Math.max(err.waitMs, baseMs), MAX_WAIT_MS);
    const exponential = baseMs * 2 ** Math.max(0, attemptsMade - 1);
    return Math.round(Math.min(exponential, MAX_WAIT_MS) * (0.9 + Math.random() * 0.2));
  };
}
