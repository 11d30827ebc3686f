import { httpFailureOutcome, responseExcerpt, retryAfterMs, type CrmResponse, type DeliveryOutcome } from '../../../plugin/index.js';

/** Salesforce REST errors: `[{ "message", "errorCode", "fields"? }]`. */
interface SalesforceError {
  message?: string;
  errorCode?: string;
  fields?: string[];
}

/** The errorCode of the first error in a Salesforce error answer. */
export function salesforceErrorCode(res: CrmResponse): string | undefined {
  return Array.isArray(res.json) ? (res.json[0] as SalesforceError | undefined)?.errorCode : undefined;
}

export function salesforceMessage(res: CrmResponse, doing: string): string {
  const errors = Array.isArray(res.json) ? (res.json as SalesforceError[]) : [];
  const detail = errors
    .map((e) => `${e.errorCode ?? 'ERROR'}: ${e.message ?? ''}${e.fields?.length ? ` [${e.fields.join(', ')}]` : ''}`.trim())
    .join('; ');
  return `Salesforce ${doing} failed with ${res.status}${detail ? `: ${detail}` : ''}`;
}

// Row locks and transient server states clear up on their own.
const TRANSIENT = new Set(['UNABLE_TO_LOCK_ROW', 'SERVER_UNAVAILABLE', 'QUERY_TIMEOUT']);
const TOTAL_REQUESTS_WAIT_MS = 15 * 60_000;
const CONCURRENCY_WAIT_MS = 30_000;

/**
 * Salesforce specifics first: REQUEST_LIMIT_EXCEEDED (403) is a rate limit, not
 * a permission problem; 300 means the external id matched several records.
 */
export function salesforceFailure(res: CrmResponse, doing: string): DeliveryOutcome {
  const code = salesforceErrorCode(res);
  const message = salesforceMessage(res, doing);
  const excerpt = responseExcerpt(res.text);
  if (code === 'REQUEST_LIMIT_EXCEEDED') {
    // TotalRequests is the org's rolling 24-hour allowance; other limits (concurrent long requests) clear quickly.
    const waitMs = retryAfterMs(res.headers) ?? (/TotalRequests/i.test(message) ? TOTAL_REQUESTS_WAIT_MS : CONCURRENCY_WAIT_MS);
    return { result: 'rateLimited', code: 'E_CRM_RATE_LIMITED', waitMs, message, statusCode: res.status, responseExcerpt: excerpt };
  }
  if (code && TRANSIENT.has(code)) return { result: 'retryable', code: 'E_CRM_TRANSIENT', message, statusCode: res.status, responseExcerpt: excerpt };
  if (res.status === 300) {
    const matches = Array.isArray(res.json) ? res.json.length : 'several';
    return { result: 'permanent', code: 'E_CRM_MULTIPLE_MATCHES', message: `${matches} Salesforce records match: ${message}`, statusCode: 300, responseExcerpt: excerpt };
  }
  if (res.status === 400 && code) return httpFailureOutcome(res, { message, code: 'E_CRM_VALIDATION' });
  return httpFailureOutcome(res, { message });
}
