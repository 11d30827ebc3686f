import type { ServiceIdentifier } from 'inversify';
import type { ApplicationService } from './ApplicationService.js';
import type { DealerRateLimiter } from './DealerRateLimiter.js';
import type { SubmissionRequests } from './SubmissionRequests.js';

type Id<T> = ServiceIdentifier<T>;

/** The services of the credit-applications feature (issue 3), as typed symbols. */
export const APPLICATIONS_TOKENS = {
  /** The dealer API service (HTTP routes, `lendwire.applications`, admin screens). */
  ApplicationService: Symbol('lendwire.ApplicationService') as Id<ApplicationService>,
  /** Dealer submission budgets: one per process, it remembers whether Redis is degraded. */
  DealerRateLimiter: Symbol('lendwire.DealerRateLimiter') as Id<DealerRateLimiter>,
  /** Port: "submit this application"; bound by the submissions feature. */
  SubmissionRequests: Symbol('lendwire.SubmissionRequests') as Id<SubmissionRequests>,
} as const;
