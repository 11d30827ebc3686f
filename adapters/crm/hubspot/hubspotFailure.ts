import { httpFailureOutcome, responseExcerpt, retryAfterMs, type CrmResponse, type DeliveryOutcome } from '../../../plugin/index.js';

/** HubSpot's error document (CRM v3). */
interface HubspotError {
  status?: string;
  message?: string;
  correlationId?: string;
  category?: string;
  policyName?: string;
  errors?: { message?: string }[];
}

const TEN_SECONDS_MS = 10_000;

function msUntilNextUtcMidnight(now: number): number {
  const next = new Date(now);
  next.setUTCHours(24, 0, 0, 0);
  return next.getTime() - now;
}

/** "VALIDATION_ERROR: Property values were not valid (correlationId 1a2b...)": what an operator needs to find it in HubSpot's logs. */
export function hubspotMessage(res: CrmResponse, doing: string): string {
  const body = (res.json ?? {}) as HubspotError;
  const detail = body.errors?.map((e) => e.message).filter(Boolean).join('; ');
  const parts = [`HubSpot ${doing} failed with ${res.status}`];
  if (body.category) parts.push(body.category);
  if (body.message) parts.push(body.message);
  if (detail && detail !== body.message) parts.push(detail);
  return `${parts.join(': ')}${body.correlationId ? ` (correlationId ${body.correlationId})` : ''}`;
}

/**
 * HubSpot specifics first: 429 names the policy it hit (TEN_SECONDLY_ROLLING
 * resets within ten seconds, DAILY at midnight), 403 MISSING_SCOPES means the
 * private app lacks a scope (permanent, pause), then the usual reading.
 */
export function hubspotFailure(res: CrmResponse, doing: string, now = Date.now()): DeliveryOutcome {
  const body = (res.json ?? {}) as HubspotError;
  const message = hubspotMessage(res, doing);
  if (res.status === 429) {
    const daily = body.policyName === 'DAILY';
    const waitMs = retryAfterMs(res.headers, now) ?? (daily ? msUntilNextUtcMidnight(now) : TEN_SECONDS_MS);
    return { result: 'rateLimited', code: 'E_CRM_RATE_LIMITED', waitMs, message, statusCode: 429, responseExcerpt: responseExcerpt(res.text) };
  }
  if (res.status === 403 && body.category === 'MISSING_SCOPES') {
    return { result: 'permanent', code: 'E_CRM_AUTH', message: `the HubSpot token lacks a scope: ${message}`, disableTarget: true, statusCode: 403, responseExcerpt: responseExcerpt(res.text) };
  }
  if (res.status === 400 && body.category === 'VALIDATION_ERROR') return httpFailureOutcome(res, { message, code: 'E_CRM_VALIDATION' });
  return httpFailureOutcome(res, { message });
}
