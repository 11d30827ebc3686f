import type { LenderHttpResult, SubmissionOutcome } from '../sdk/LenderSubmission.js';
import { parseRetryAfter } from './parseRetryAfter.js';

/** A 2xx the adapter could not read: the lender may well have the application. */
export interface UnreadableAnswer {
  outcome: 'unknown';
  code: 'E_BAD_RESPONSE';
  statusCode: number;
  message: string;
}

/** How one lender's answers read: the adapter's part of the classification. */
export interface LenderAnswerReader<T extends SubmissionOutcome> {
  /** A 2xx answer: the accepted outcome, or undefined when it carries no usable id. */
  accepted(json: Record<string, unknown> | undefined, body: string): T | undefined;
  /** The message for a 2xx without a usable id (already masked by the adapter). */
  unreadable(status: number, body: string, json: Record<string, unknown> | undefined): string;
  /** The lender's words for any other status (already masked by the adapter). */
  describe(status: number, body: string): string;
}

/** The body as a JSON object, or undefined for anything else (a list, HTML, broken JSON). */
export function jsonObjectOf(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The LenderSubmission contract's classification of a lender's HTTP answer,
 * once for every adapter: never sent -> retryable; sent but no answer -> unknown
 * (the lender may have it); a 2xx -> what `reader.accepted` reads, else unknown
 * E_BAD_RESPONSE (never "failed": the lender may have created it); 429 / 503 /
 * 408 -> retryable with the Retry-After wait (the lender says it did not process
 * it); other 4xx -> rejected; a 5xx or anything else -> unknown.
 */
export function classifyLenderAnswer<T extends SubmissionOutcome>(result: LenderHttpResult, reader: LenderAnswerReader<T>): T | SubmissionOutcome {
  if (result.kind === 'not_sent') return { outcome: 'retryable', code: result.code, message: result.message };
  if (result.kind === 'no_answer') return { outcome: 'unknown', code: result.code, message: result.message };
  const { status, body, headers } = result;
  if (status >= 200 && status < 300) {
    const json = jsonObjectOf(body);
    return reader.accepted(json, body) ?? ({ outcome: 'unknown', code: 'E_BAD_RESPONSE', statusCode: status, message: reader.unreadable(status, body, json) } satisfies UnreadableAnswer);
  }
  if (status === 429 || status === 503 || status === 408) {
    return { outcome: 'retryable', code: status === 429 ? 'E_RATE_LIMITED' : 'E_UNAVAILABLE', statusCode: status, message: reader.describe(status, body), waitMs: parseRetryAfter(headers['retry-after']) };
  }
  if (status >= 400 && status < 500) return { outcome: 'rejected', code: 'E_HTTP_4XX', statusCode: status, reason: reader.describe(status, body) };
  return { outcome: 'unknown', code: status >= 500 ? 'E_HTTP_5XX' : 'E_UNEXPECTED_STATUS', statusCode: status, message: reader.describe(status, body) };
}
