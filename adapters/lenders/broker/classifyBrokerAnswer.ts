import { classifyLenderAnswer, type LenderHttpResult, type SubmissionOutcome } from '../../../plugin/index.js';

const EXCERPT = 300;

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
  let session: BrokerSession | undefined;
  const outcome = classifyLenderAnswer(result, {
    accepted(json) {
      const sessionId = typeof json?.sessionId === 'string' ? json.sessionId.trim() : '';
      if (!sessionId) return undefined;
      const customerUrl = typeof json?.customerUrl === 'string' && json.customerUrl.trim() ? json.customerUrl.trim() : null;
      session = { sessionId, customerUrl };
      return { outcome: 'accepted', lenderAppId: sessionId, lenderStatus: 'session_open' };
    },
    unreadable: (status, body) => `HTTP ${status} without a sessionId: ${excerpt(body)}`,
    describe: (status, body) => `HTTP ${status}: ${excerpt(body) || 'no text'}`,
  });
  return { outcome, session };
}
