import { parseRetryAfter, type LenderHttpResult, type SubmissionOutcome } from '../../../plugin/index.js';

const EXCERPT = 300;

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function excerpt(body: string): string {
  return body.replace(/\s+/g, ' ').trim().slice(0, EXCERPT);
}

/** A session the broker answered: its id and the customer's link. */
export interface BrokerSession {
  sessionId: string;
  customerUrl: string | null;
}

/**
 * The broker answers `201 { sessionId, customerUrl }` to `POST /sessions`. A
 * 2xx without a usable sessionId is not a failure we may retry (the broker may
 * well have opened the session): it is `unknown`, reconciled through lookup.
 */
export function classifyBrokerAnswer(result: LenderHttpResult): { outcome: SubmissionOutcome; session?: BrokerSession } {
  if (result.kind === 'not_sent') return { outcome: { outcome: 'retryable', code: result.code, message: result.message } };
  if (result.kind === 'no_answer') return { outcome: { outcome: 'unknown', code: result.code, message: result.message } };
  const { status, body, headers } = result;
  if (status >= 200 && status < 300) {
    const json = parseJson(body);
    const sessionId = typeof json?.sessionId === 'string' ? json.sessionId.trim() : '';
    if (sessionId) {
      const customerUrl = typeof json?.customerUrl === 'string' && json.customerUrl.trim() ? json.customerUrl.trim() : null;
      return { outcome: { outcome: 'accepted', lenderAppId: sessionId, lenderStatus: 'session_open' }, session: { sessionId, customerUrl } };
    }
    return { outcome: { outcome: 'unknown', code: 'E_BAD_RESPONSE', statusCode: status, message: `HTTP ${status} without a sessionId: ${excerpt(body)}` } };
  }
  if (status === 429 || status === 503 || status === 408) {
    return { outcome: { outcome: 'retryable', code: status === 429 ? 'E_RATE_LIMITED' : 'E_UNAVAILABLE', statusCode: status, message: `HTTP ${status}: ${excerpt(body)}`, waitMs: parseRetryAfter(headers['retry-after']) } };
  }
  if (status >= 400 && status < 500) return { outcome: { outcome: 'rejected', code: 'E_HTTP_4XX', statusCode: status, reason: `HTTP ${status}: ${excerpt(body) || 'refused'}` } };
  return { outcome: { outcome: 'unknown', code: status >= 500 ? 'E_HTTP_5XX' : 'E_UNEXPECTED_STATUS', statusCode: status, message: `HTTP ${status}: ${excerpt(body)}` } };
}
