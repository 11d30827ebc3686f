import { classifyLenderAnswer, jsonObjectOf, withoutApplicantData, type CreditApplication, type LenderHttpResult, type SubmissionOutcome } from '../../../../plugin/index.js';

const EXCERPT = 300;

/** The vendor's own words for a refusal: `Message`, `Errors[]` (strings or `{ Field, Message }`), or the text; the applicant's SSN, birth date and income masked. */
function vendorReason(status: number, body: string, application: CreditApplication | undefined): string {
  const json = jsonObjectOf(body);
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
  return classifyLenderAnswer(result, {
    accepted(json) {
      const appId = json?.AppId ?? json?.AppID ?? json?.appId;
      if (!((typeof appId === 'string' && appId.trim()) || (typeof appId === 'number' && Number.isFinite(appId)))) return undefined;
      const lenderStatus = typeof json?.Status === 'string' ? json.Status : null;
      return { outcome: 'accepted', lenderAppId: String(appId).trim(), lenderStatus, message: typeof json?.Message === 'string' ? json.Message : undefined };
    },
    unreadable(status, body, json) {
      const what = json ? 'JSON without an AppId' : /<html|<!doctype/i.test(body) ? 'an HTML page' : 'a body that is not JSON';
      return withoutApplicantData(`HTTP ${status} with ${what}: ${body.replace(/\s+/g, ' ').slice(0, EXCERPT)}`, application);
    },
    describe: (status, body) => vendorReason(status, body, application),
  });
}
