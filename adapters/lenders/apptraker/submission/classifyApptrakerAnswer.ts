import { parseRetryAfter, withoutApplicantData, type CreditApplication, type LenderHttpResult, type SubmissionOutcome } from '../../../../plugin/index.js';

const EXCERPT = 300;

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The vendor's own words for a refusal: `Message`, `Errors[]` (strings or `{ Field, Message }`), or the text; the applicant's SSN, birth date and income masked. */
function vendorReason(status: number, body: string, application: CreditApplication | undefined): string {
  const json = parseJson(body);
  const parts: string[] = [];
  const message = json?.Message ?? json?.message ?? json?.error ?? json?.Error;
  if (typeof message === 'string' && message) parts.push(message);
  const errors = json?.Errors ?? json?.errors;
  if (Array.isArray(errors)) {
    for (const e of errors) {
      if (typeof e === 'string') parts.push(e);
      else if (e && typeof e === 'object') {
        const { Field, field, Message: m, message: m2 } = e as Record<string, unknown>;
        parts.push([Field ?? field, m ?? m2].filter((x) => typeof x === 'string' && x).join(': '));
      }
    }
  }
  const reason = parts.filter(Boolean).join('; ') || body.replace(/\s+/g, ' ').trim().slice(0, EXCERPT) || `HTTP ${status}`;
  return withoutApplicantData(`HTTP ${status}: ${reason}`, application).slice(0, 1000);
}

/**
 * appTRAKER answers `{ "AppId": "...", "Status": "RECEIVED" }` on success. A 2xx
 * without a usable AppId (HTML, garbage, truncated JSON) is NOT a failure we may
 * retry: the vendor may well have created the application. Vendor text in the
 * outcome has the `application`'s SSN, birth date and income masked (lenders quote them).
 */
export function classifyApptrakerAnswer(result: LenderHttpResult, application?: CreditApplication): SubmissionOutcome {
  if (result.kind === 'not_sent') return { outcome: 'retryable', code: result.code, message: result.message };
  if (result.kind === 'no_answer') return { outcome: 'unknown', code: result.code, message: result.message };
  const { status, body, headers } = result;
  if (status >= 200 && status < 300) {
    const json = parseJson(body);
    const appId = json?.AppId ?? json?.AppID ?? json?.appId;
    if ((typeof appId === 'string' && appId.trim()) || (typeof appId === 'number' && Number.isFinite(appId))) {
      const lenderStatus = typeof json?.Status === 'string' ? json.Status : null;
      return { outcome: 'accepted', lenderAppId: String(appId).trim(), lenderStatus, message: typeof json?.Message === 'string' ? json.Message : undefined };
    }
    const what = json ? 'JSON without an AppId' : /<html|<!doctype/i.test(body) ? 'an HTML page' : 'a body that is not JSON';
    return { outcome: 'unknown', code: 'E_BAD_RESPONSE', statusCode: status, message: withoutApplicantData(`HTTP ${status} with ${what}: ${body.replace(/\s+/g, ' ').slice(0, EXCERPT)}`, application) };
  }
  // The vendor says explicitly it did not process the request: safe to send later.
  if (status === 429 || status === 503 || status === 408) {
    return { outcome: 'retryable', code: status === 429 ? 'E_RATE_LIMITED' : 'E_UNAVAILABLE', statusCode: status, message: vendorReason(status, body, application), waitMs: parseRetryAfter(headers['retry-after']) };
  }
  if (status >= 400 && status < 500) return { outcome: 'rejected', code: 'E_HTTP_4XX', statusCode: status, reason: vendorReason(status, body, application) };
  return { outcome: 'unknown', code: status >= 500 ? 'E_HTTP_5XX' : 'E_UNEXPECTED_STATUS', statusCode: status, message: vendorReason(status, body, application) };
}
