import type { AdapterContext } from './AdapterContext.js';
import type { LenderConfig } from '../manifest/Manifest.js';
import type { CreditApplication } from './CreditApplication.js';

/** One application to send, with its PII (in memory only: never log it). */
export interface SubmissionRequest {
  /** lendwire's id (`app_<ulid>`). Send it to the lender as your reference: `lookup` finds the application by it. */
  applicationId: string;
  dealerId: string;
  lenderId: string;
  externalRef: string | null;
  /** 1 for the first attempt; later attempts only happen when no earlier one reached the lender. */
  attempt: number;
  application: CreditApplication;
}

export interface LenderHttpRequest {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * What happened to one HTTP call. The core tells "never left" from "left but no
 * answer" so adapters cannot get at-most-once wrong:
 * - `response`: the lender answered (any status);
 * - `not_sent`: the request never reached the lender (DNS, connection refused, server certificate refused);
 * - `no_answer`: it may have reached the lender but no complete answer came back (timeout, reset).
 * `code` is the outbound kit's (classifyNetworkError): E_TIMEOUT, E_DNS, E_CONNECT, E_RESET, E_TLS, E_CONFIG, E_NETWORK.
 */
export type LenderHttpResult =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: string; durationMs: number }
  | { kind: 'not_sent'; code: string; message: string; durationMs: number }
  | { kind: 'no_answer'; code: string; message: string; durationMs: number };

/** HTTP to the lender with the manifest's timeout and mutual TLS applied. */
export interface LenderHttp {
  send(request: LenderHttpRequest): Promise<LenderHttpResult>;
}

export interface SubmissionContext extends AdapterContext {
  readonly http: LenderHttp;
  /** The lender's `submission.timeoutMs` (default 30 s); `http` already enforces it. */
  readonly timeoutMs: number;
}

/**
 * How one submission ended, as the adapter classifies it. The core alone decides
 * what happens next.
 * - `accepted`: the lender took it and gave its id.
 * - `rejected`: the lender refused it for good (4xx); `reason` is shown to the dealer.
 * - `retryable`: the lender did not take it (not sent, 429, 503): it may be sent again later.
 * - `unknown`: sent, but whether the lender took it is unknown (timeout, reset, 5xx,
 *   garbage). Never resent: reconciled through `lookup`, else reviewed by an operator.
 */
export type SubmissionOutcome =
  | { outcome: 'accepted'; lenderAppId: string; lenderStatus?: string | null; message?: string }
  | { outcome: 'rejected'; reason: string; code: string; statusCode?: number }
  | { outcome: 'retryable'; code: string; message: string; waitMs?: number; statusCode?: number }
  | { outcome: 'unknown'; code: string; message: string; statusCode?: number };

export interface LookupRequest {
  applicationId: string;
  dealerId: string;
  lenderId: string;
  externalRef: string | null;
}

/** The answer to "did you receive application X?". */
export type LookupOutcome =
  | { result: 'found'; lenderAppId: string; lenderStatus?: string | null }
  | { result: 'not_found'; reason: string }
  | { result: 'unknown'; reason: string };

/** Submission side of a lender adapter. */
export interface LenderSubmission {
  /** Sends one application. Must not throw for lender failures: classify them. */
  submit(request: SubmissionRequest, lender: LenderConfig, ctx: SubmissionContext): Promise<SubmissionOutcome>;
  /**
   * Optional: asks the lender whether it has the application (by `applicationId`),
   * to reconcile an unknown outcome without sending it twice.
   */
  lookup?(request: LookupRequest, lender: LenderConfig, ctx: SubmissionContext): Promise<LookupOutcome>;
}
