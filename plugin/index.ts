export { createLendwire, type CreateLendwireOptions, type Lendwire } from './app/createLendwire.js';
export { migrateLatest, migrateRollback, migrationStatus } from './app/migrate.js';
export { parseManifest, loadManifestFile } from './app/parseManifest.js';
export { HOST_API_VERSION } from './manifest/index.js';
export type { Manifest, SecretRef, LenderConfig, SubscriptionConfig, CrmConfig, SecurityConfig } from './manifest/index.js';
export type { Principal, AuthHook } from './http/auth.js';
export {
  LendwireError,
  InputError,
  MalformedRequestError,
  UnsupportedMediaTypeError,
  PayloadTooLargeError,
  NotAuthenticatedError,
  NotAllowedError,
  NotFoundError,
  ConflictError,
  RateLimitedError,
  UnavailableError,
  ConfigurationError,
  errorChain,
  isDependencyUnavailable,
  type ErrorLink,
  type FieldProblem,
} from './errors/index.js';
export * from './sdk/index.js';
export { APPLICATION_STATUSES, type ApplicationStatus } from './sdk/statuses.js';
export type { CreditApplication, Person, Address, SubmitApplicationInput } from './sdk/CreditApplication.js';
export type { ApplicationsApi, InProcessCaller } from './applications/ApplicationsApi.js';
export type { SubmissionTuning } from './submissions/SubmissionTuning.js';
export type { OutboundMessage, TransportTarget, TransportContext, TransportResult, TransportSubscription, TransportSettingsProblem } from './sdk/Transport.js';
export type { CrmValue, CrmTask, CrmDealLink, CrmSyncOperation, CrmSyncContext } from './sdk/CrmAdapter.js';
export type { CrmTargetView } from './crm/CrmTargetService.js';
export * from './outbound/crm/index.js';
export { callbackAccepted, callbackRefused, CALLBACK_NOTICE_TYPES } from './sdk/LenderCallbacks.js';
export type {
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
} from './sdk/LenderCallbacks.js';
export type { CallbackReviewApi, ReviewQuery, StoredCallbackSummary, ReprocessOptions } from './callbacks/CallbackReview.js';
export type { ProcessOutcome } from './callbacks/processOutcome.js';
export { watchRedisConnection, type RedisWatchOptions } from './queue/watchRedisConnection.js';
export { duplicateConnection } from './queue/duplicateConnection.js';
export type { RedisClient } from './kernel/RedisClient.js';
export type { SubscriptionService } from './webhooks/SubscriptionService.js';
export type { Actor } from './audit/Actor.js';
export type { SubscriptionInput, SubscriptionPatch } from './webhooks/validateSubscriptionInput.js';
export type { SubscriptionView } from './webhooks/SubscriptionRecord.js';
export type { DeliveryService } from './delivery/DeliveryService.js';
export type { DeliveryView, DeliveryAttemptView } from './delivery/presentDelivery.js';
export type { DeliveryTargetKind, DeliverableEvent, DeliveryAttemptInfo, TargetPolicy } from './delivery/DeliveryTargetKind.js';
export { checkTransportConformance } from './testing/transport/checkTransportConformance.js';
export type { ConformanceResult } from './testing/ConformanceRule.js';
export type { ConformanceOptions } from './testing/transport/TransportConformanceOptions.js';
