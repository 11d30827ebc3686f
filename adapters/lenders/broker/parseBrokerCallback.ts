import { decodeJsonBody, type ApplicationStatus, type CallbackEvent, type LenderConfig, type ParsedCallback, type StoredCallback } from '../../../plugin/index.js';
import { customerLinkNotice } from './customerLinkNotice.js';

/** Broker case outcomes as normalized statuses. */
export const OUTCOME_STATUS: Record<string, ApplicationStatus> = {
  selected: 'approved',
  declined: 'declined',
  withdrawn: 'withdrawn',
  ineligible: 'ineligible',
  completed: 'funded',
};

function rec(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
function str(v: unknown, max = 500): string | null {
  return typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : null;
}
function num(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v.trim());
  return null;
}

function offerTerms(offer: Record<string, unknown>): Record<string, unknown> {
  return {
    lender: str(offer.lender),
    amountFinanced: num(offer.netLoanAmount),
    term: num(offer.termMonths),
    apr: num(offer.aprPct),
    payment: num(offer.monthlyPayment),
    totalPayable: num(offer.totalPayable),
  };
}

function caseOutcome(body: Record<string, unknown>, sessionId: string): ParsedCallback {
  const c = rec(body.case);
  const outcome = str(c.outcome, 64);
  const ref = { lenderAppId: sessionId };
  const project = rec(c.project);
  const offer = rec(c.selectedOffer);
  const suggestedActions = Array.isArray(c.suggestedActions) ? c.suggestedActions.filter((a): a is string => typeof a === 'string').slice(0, 20) : undefined;
  const notice: CallbackEvent = {
    kind: 'notice',
    ref,
    type: 'case.outcome',
    // Contact details stay in the stored raw callback; subscribers get the outcome.
    data: {
      sessionId,
      outcome,
      status: outcome ? (OUTCOME_STATUS[outcome] ?? null) : null,
      ...(Object.keys(offer).length ? { selectedOffer: offerTerms(offer) } : {}),
      ...(suggestedActions ? { suggestedActions } : {}),
      ...(str(c.reason) ? { reason: str(c.reason) } : {}),
      ...(Object.keys(project).length
        ? { project: { projectValue: num(project.projectValue), depositAmount: num(project.depositAmount), netLoanAmount: num(project.netLoanAmount), productSpec: str(project.productSpec, 100) } }
        : {}),
      auditUrl: str(c.auditUrl, 1000),
    },
  };
  if (!outcome || !OUTCOME_STATUS[outcome]) {
    return { parseStatus: 'partial', reason: `unknown case outcome ${JSON.stringify(outcome)}: status not applied`, subject: ref, events: [notice] };
  }
  const status = OUTCOME_STATUS[outcome];
  const update: CallbackEvent = {
    kind: 'update',
    ref,
    status,
    lenderStatus: outcome,
    vendorAt: null,
    reason: str(c.reason),
    ...(Object.keys(offer).length ? { terms: offerTerms(offer) } : {}),
    ...(status === 'declined' ? { decline: { reasons: [], creditBureau: null, ...(suggestedActions ? { suggestedActions } : {}) } } : {}),
  };
  return { parseStatus: 'parsed', reason: null, subject: ref, events: [update, notice] };
}

function customerLink(body: Record<string, unknown>, sessionId: string, lender: LenderConfig): ParsedCallback {
  const contact = rec(body.contact);
  const url = str(body.url, 2000);
  const ref = { lenderAppId: sessionId };
  if (!url) return { parseStatus: 'unparseable', reason: 'customer_link_ready without a url', subject: ref, events: [] };
  const who = { firstName: str(contact.firstName, 100), lastName: str(contact.lastName, 100), mobile: str(contact.mobile, 32), retailerName: str(body.retailerName, 200) };
  const { link, problems } = customerLinkNotice(url, str(body.smsTemplate, 1000), who, lender);
  const event: CallbackEvent = { kind: 'notice', ref, type: 'customer_link.ready', data: { sessionId, ...link } };
  return { parseStatus: problems.length ? 'partial' : 'parsed', reason: problems.length ? problems.join('; ') : null, subject: ref, events: [event] };
}

/** Parses a stored broker webhook; never throws. */
export function parseBrokerCallback(callback: StoredCallback, lender: LenderConfig): ParsedCallback {
  const decoded = decodeJsonBody(callback.body);
  if (!decoded.ok) return { parseStatus: 'unparseable', reason: decoded.reason, events: [] };
  const body = rec(decoded.value);
  const sessionId = str(body.sessionId, 200);
  if (!sessionId) return { parseStatus: 'unparseable', reason: 'no sessionId', events: [] };
  if (body.event === 'case_outcome') return caseOutcome(body, sessionId);
  if (body.event === 'customer_link_ready') return customerLink(body, sessionId, lender);
  return { parseStatus: 'unparseable', reason: `unknown broker event ${JSON.stringify(String(body.event ?? '')).slice(0, 80)}`, subject: { lenderAppId: sessionId }, events: [] };
}
