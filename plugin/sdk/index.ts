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
export type { CrmAdapter } from './CrmAdapter.js';
export type { Transport } from './Transport.js';
export type { FileBatches, FileBatch, BatchRecord, BatchWindow } from './FileBatches.js';
export type { SignatureScheme, SignatureSchemeName, SignedRequest, ReceivedRequest } from './SignatureScheme.js';
export type { DeliveryOutcome } from './DeliveryOutcome.js';
export * from '../outbound/index.js';
