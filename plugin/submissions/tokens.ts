import type { ServiceIdentifier } from 'inversify';
import type { SubmissionQueue } from './SubmissionQueue.js';
import type { SubmissionProcessor } from './SubmissionProcessor.js';
import type { SubmissionTuning } from './SubmissionTuning.js';

type Id<T> = ServiceIdentifier<T>;

/** The services of the submission feature (issue 3), as typed symbols. */
export const SUBMISSIONS_TOKENS = {
  /** The submission queue (also bound as the applications' SubmissionRequests port). */
  SubmissionQueue: Symbol('lendwire.SubmissionQueue') as Id<SubmissionQueue>,
  /** Sends one application to its lender at most once; keeps one HTTPS agent per lender. */
  SubmissionProcessor: Symbol('lendwire.SubmissionProcessor') as Id<SubmissionProcessor>,
  /** Worker timing: from the manifest's runtime settings, overridden by createLendwire's `submissions` option. */
  SubmissionTuning: Symbol('lendwire.SubmissionTuning') as Id<SubmissionTuning>,
} as const;
