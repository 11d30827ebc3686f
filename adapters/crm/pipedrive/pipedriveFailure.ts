import { httpFailureOutcome, responseExcerpt, retryAfterMs, type CrmResponse, type DeliveryOutcome } from '../../../plugin/index.js';

interface PipedriveError {
  success?: boolean;
  error?: string;
  error_info?: string;
  code?: string;
  errorCode?: number | string;
}

const DEFAULT_WAIT_MS = 2_000;

export function pipedriveMessage(res: CrmResponse, doing: string): string {
  const body = (res.json ?? {}) as PipedriveError;
  const parts = [`Pipedrive ${doing} failed with ${res.status}`];
  if (body.code) parts.push(body.code);
  if (body.error) parts.push(body.error);
  return `${parts.join(': ')}${body.error_info ? ` (${body.error_info})` : ''}`;
}

/** `x-ratelimit-reset` is the number of seconds until the token bucket refills. */
export function pipedriveWaitMs(res: CrmResponse): number {
  const reset = Number(res.headers.get('x-ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) return Math.ceil(reset * 1000);
  return retryAfterMs(res.headers) ?? DEFAULT_WAIT_MS;
}

/** Pipedrive specifics first (429 waits for x-ratelimit-reset, 402 is a plan limit), then the usual reading. */
export function pipedriveFailure(res: CrmResponse, doing: string): DeliveryOutcome {
  const message = pipedriveMessage(res, doing);
  if (res.status === 429) {
    return { result: 'rateLimited', code: 'E_CRM_RATE_LIMITED', waitMs: pipedriveWaitMs(res), message, statusCode: 429, responseExcerpt: responseExcerpt(res.text) };
  }
  if (res.status === 402) return { result: 'permanent', code: 'E_CRM_PLAN', message, disableTarget: true, statusCode: 402, responseExcerpt: responseExcerpt(res.text) };
  if (res.status === 400) return httpFailureOutcome(res, { message, code: 'E_CRM_VALIDATION' });
  return httpFailureOutcome(res, { message });
}
