import type { DeliveryOutcome } from '../../sdk/DeliveryOutcome.js';
import { parseRetryAfter } from '../parseRetryAfter.js';
import { storedVendorText } from '../storedVendorText.js';
import type { CrmNetworkFailure, CrmResponse } from './crmFetch.js';

const DEFAULT_RATE_LIMIT_WAIT_MS = 10_000;

/** At most 4 KiB of a CRM's answer, for the attempt log: the kit's one excerpt (storedVendorText). */
export function responseExcerpt(text: string): string {
  return storedVendorText(text);
}

/** Whether an answer is an HTML page (a proxy's or load balancer's error page) rather than the API's JSON. */
export function isHtml(res: CrmResponse): boolean {
  return /text\/html/i.test(res.headers.get('content-type') ?? '') || /^\s*<(!doctype|html)/i.test(res.text);
}

/** A CRM answer's `Retry-After` in ms (the one shared parser), or undefined. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  return parseRetryAfter(headers.get('retry-after'), now);
}

export function networkOutcome(failure: CrmNetworkFailure): DeliveryOutcome {
  return { result: 'retryable', code: failure.code, message: failure.message };
}

export interface FailureDetails {
  /** The CRM's own words (its error message, category, correlation id...). */
  message: string;
  /** A CRM-specific code, e.g. E_CRM_VALIDATION; defaults from the status. */
  code?: string;
}

/**
 * The usual reading of a failed CRM answer: 401 is a credentials problem
 * (permanent, pause the target), 429 waits for `Retry-After`, 408/5xx and
 * HTML error pages from a proxy may pass, other 4xx are the request's fault.
 * Adapters handle their vendor's special cases first and fall back to this.
 */
export function httpFailureOutcome(res: CrmResponse, details: FailureDetails): DeliveryOutcome {
  const base = { statusCode: res.status, responseExcerpt: responseExcerpt(res.text) };
  const html = isHtml(res);
  const message = html ? `${details.message} (the CRM answered ${res.status} with an HTML error page)` : details.message;
  const wait = retryAfterMs(res.headers);
  if (res.status === 401) {
    return { result: 'permanent', code: details.code ?? 'E_CRM_AUTH', message: `credentials were rejected: ${message}`, disableTarget: true, ...base };
  }
  if (res.status === 429) return { result: 'rateLimited', code: details.code ?? 'E_CRM_RATE_LIMITED', message, waitMs: wait ?? DEFAULT_RATE_LIMIT_WAIT_MS, ...base };
  if (res.status === 408 || res.status === 425 || res.status >= 500) {
    return { result: 'retryable', code: details.code ?? (res.status >= 500 ? 'E_HTTP_5XX' : 'E_HTTP_4XX'), message, ...(wait !== undefined ? { waitMs: wait } : {}), ...base };
  }
  if (res.status >= 300 && res.status < 400) return { result: 'permanent', code: details.code ?? 'E_HTTP_3XX', message, ...base };
  return { result: 'permanent', code: details.code ?? 'E_HTTP_4XX', message, ...base };
}

/** A successful sync: the status of the CRM's last answer and a one-line summary for the attempt log. */
export function deliveredOutcome(statusCode: number | undefined, summary: string): DeliveryOutcome {
  return { result: 'delivered', ...(statusCode !== undefined ? { statusCode } : {}), responseExcerpt: responseExcerpt(summary) };
}
