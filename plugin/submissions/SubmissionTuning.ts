import type { RuntimeSettings } from '../kernel/RuntimeSettings.js';

/** Timing of the submission worker; defaults suit production, tests scale them down. */
export interface SubmissionTuning {
  /** Attempts for failures that provably happened before the request left (DNS, refused, 429/503). */
  maxAttempts: number;
  /** First retry delay; doubles per attempt. */
  backoffMs: number;
  /** BullMQ job lock: a worker that dies mid-job loses its job to another after this long. */
  lockDurationMs: number;
  stalledIntervalMs: number;
  /**
   * A `sending` submission older than the lender's timeout plus this grace has
   * no live worker behind it (a live one would have recorded the outcome).
   */
  orphanGraceMs: number;
  /** How often Postgres is scanned for applications whose queue job was lost (Redis flushed, enqueue failed). */
  sweepIntervalMs: number;
  /** A queued application younger than this is assumed to have its job. */
  pendingGraceMs: number;
}

/** The manifest's runtime settings applied to the submission worker (createLendwire's `submissions` option is laid over them where the container is built). */
export function submissionTuning(runtime: RuntimeSettings): SubmissionTuning {
  return {
    maxAttempts: 5,
    backoffMs: 2000,
    lockDurationMs: runtime.jobLockDurationMs,
    stalledIntervalMs: runtime.stalledCheckIntervalMs,
    orphanGraceMs: runtime.submissionOrphanGraceMs,
    sweepIntervalMs: runtime.submissionSweepIntervalMs,
    pendingGraceMs: runtime.submissionPendingGraceMs,
  };
}
