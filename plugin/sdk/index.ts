export type { AdapterContext } from './AdapterContext.js';
export type { LenderAdapter } from './LenderAdapter.js';
export type {
  LenderSubmission,
  SubmissionRequest,
  SubmissionContext,
  SubmissionOutcome,
  LookupRequest,
  LookupOutcome,
  LenderHttp,
  LenderHttpRequest,
  LenderHttpResult,
} from './LenderSubmission.js';
export type { LenderCallbacks } from './LenderCallbacks.js';
export type { LenderJourneys, JourneyRequest, JourneyOutcome, JourneyLookupRequest, JourneyLookupOutcome } from './LenderJourneys.js';
export type { CustomerJourney, CustomerLink, OpenJourneyInput } from './CustomerJourney.js';
export type { CrmAdapter } from './CrmAdapter.js';
export type { Transport } from './Transport.js';
export type { SignatureScheme, SignatureSchemeName, SignedRequest, ReceivedRequest } from './SignatureScheme.js';
export type { DeliveryOutcome } from './DeliveryOutcome.js';
export * from '../outbound/index.js';
