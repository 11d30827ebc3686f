/**
 * `lendwire/sdk`: the public contract for adapter authors (semver-stable, see
 * docs/sdk.md): the adapter interfaces, what the core hands them, the outcome
 * types, the status list, the errors they may throw or report, the manifest
 * types they read, the outbound-HTTP kit with the CRM kit, and the kernel's callback
 * helpers (constant-time comparison, HMAC, defensive JSON decoding, storable text).
 */
export type { AdapterContext } from './AdapterContext.js';
export type { LenderAdapter } from './LenderAdapter.js';
export type { AdapterSettingsSchema } from './AdapterSettingsSchema.js';
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
export { callbackAccepted, callbackRefused, CALLBACK_NOTICE_TYPES } from './LenderCallbacks.js';
export type {
  LenderCallbacks,
  InboundCallbackRequest,
  CallbackAuthentication,
  CallbackRefusalStatus,
  StoredCallback,
  ParsedCallback,
  ParseStatus,
  ApplicationRef,
  CallbackEvent,
  LinkEvent,
  StatusUpdateEvent,
  NoticeEvent,
  CallbackNoticeType,
  Stipulation,
  DeclineDetails,
} from './LenderCallbacks.js';
export type { CrmAdapter, CrmValue, CrmTask, CrmDealLink, CrmSyncOperation, CrmSyncContext } from './CrmAdapter.js';
export type { Transport, OutboundMessage, TransportTarget, TransportContext, TransportResult } from './Transport.js';
export type { LenderJourneys, JourneyRequest, JourneyOutcome, JourneyLookupRequest, JourneyLookupOutcome } from './LenderJourneys.js';
export type { CustomerJourney, CustomerLink, OpenJourneyInput } from './CustomerJourney.js';
export type { FileBatches, FileBatch, BatchRecord, BatchWindow } from './FileBatches.js';
export type { SignatureScheme, SignatureSchemeName, SignedRequest, ReceivedRequest } from './SignatureScheme.js';
export type { DeliveryOutcome } from './DeliveryOutcome.js';
export { APPLICATION_STATUSES, isApplicationStatus, type ApplicationStatus } from './statuses.js';
export type { CreditApplication, Person, Address, SubmitApplicationInput } from './CreditApplication.js';
export type { Manifest, SecretRef, LenderConfig, SubscriptionConfig, CrmConfig, SecurityConfig } from '../manifest/index.js';
export { LendwireError, InputError, ConfigurationError, errorChain, type ErrorLink, type FieldProblem } from '../errors/index.js';
export type { Metrics } from '../observability/Metrics.js';
export * from '../outbound/index.js';
export * from '../outbound/crm/index.js';
export { constantTimeEqual } from '../kernel/constantTimeEqual.js';
export { hmacSha256Hex } from '../kernel/hmacSha256Hex.js';
export { decodeJsonBody, type DecodedBody } from '../kernel/decodeJsonBody.js';
export { unstorableReason, storableText } from '../kernel/storableText.js';
