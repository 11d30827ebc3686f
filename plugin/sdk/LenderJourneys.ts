import type { LenderConfig } from '../manifest/Manifest.js';
import type { CustomerJourney, CustomerLink } from './CustomerJourney.js';
import type { LookupOutcome, LookupRequest, SubmissionContext, SubmissionOutcome } from './LenderSubmission.js';

/** One journey to open, with the applicant's contact details (in memory only: never log them). */
export interface JourneyRequest {
  /** lendwire's id (`app_<ulid>`). Send it to the broker as your reference: `lookup` finds the session by it. */
  applicationId: string;
  dealerId: string;
  lenderId: string;
  externalRef: string | null;
  /** 1 for the first attempt; later attempts only happen when no earlier one reached the broker. */
  attempt: number;
  journey: CustomerJourney;
}

/**
 * How opening a journey ended: a submission outcome, where `accepted` carries
 * the broker's session id as `lenderAppId` and, when the broker answered one,
 * the customer link (the core emits `customer_link.ready` with it).
 */
export type JourneyOutcome = Exclude<SubmissionOutcome, { outcome: 'accepted' }> | (Extract<SubmissionOutcome, { outcome: 'accepted' }> & { customerLink?: CustomerLink });

/** "Did you open a session for application X?", with the journey (to render the link's SMS again). */
export type JourneyLookupRequest = LookupRequest & { journey: CustomerJourney };

/** The lookup's answer; `found` may carry the customer link, so `customer_link.ready` still goes out. */
export type JourneyLookupOutcome = Exclude<LookupOutcome, { result: 'found' }> | (Extract<LookupOutcome, { result: 'found' }> & { customerLink?: CustomerLink });

/**
 * Journey side of a lender adapter (brokers): opens a session the customer
 * finishes through a link. Sent at most once, exactly like submissions: the
 * same worker, the same `sending` row before any byte leaves, the same
 * reconciliation through `lookup` when the answer is lost.
 */
export interface LenderJourneys {
  /** Opens one journey. Must not throw for broker failures: classify them. */
  open(request: JourneyRequest, lender: LenderConfig, ctx: SubmissionContext): Promise<JourneyOutcome>;
  /** Optional: asks the broker whether it has a session for `applicationId`. */
  lookup?(request: JourneyLookupRequest, lender: LenderConfig, ctx: SubmissionContext): Promise<JourneyLookupOutcome>;
}
