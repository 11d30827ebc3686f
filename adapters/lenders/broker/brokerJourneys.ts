import type { CustomerJourney, CustomerLink, JourneyLookupOutcome, JourneyOutcome, LenderConfig, LenderJourneys, SubmissionContext } from '../../../plugin/index.js';
import { classifyBrokerAnswer } from './classifyBrokerAnswer.js';
import { customerLinkNotice, DEFAULT_SMS_TEMPLATE } from './customerLinkNotice.js';

function sessionsUrl(lender: LenderConfig): string | null {
  const base = lender.submission?.url;
  return base ? `${base.replace(/\/+$/, '')}/sessions` : null;
}

function options(lender: LenderConfig): { retailerId?: string; smsTemplate?: string } {
  return (lender.options ?? {}) as { retailerId?: string; smsTemplate?: string };
}

function headers(lender: LenderConfig, ctx: SubmissionContext): Record<string, string> {
  const ref = lender.credentials?.apiKey;
  return { 'content-type': 'application/json', accept: 'application/json', ...(ref ? { authorization: `Bearer ${ctx.secret(ref)}` } : {}) };
}

/** The customer link for a session, its SMS rendered for the journey's applicant. */
function linkFor(customerUrl: string, journey: CustomerJourney, lender: LenderConfig): CustomerLink {
  const { applicant } = journey;
  const who = { firstName: applicant.firstName, lastName: applicant.lastName, mobile: applicant.mobilePhone, retailerName: null };
  return customerLinkNotice(customerUrl, options(lender).smsTemplate ?? DEFAULT_SMS_TEMPLATE, who, lender).link;
}

/**
 * Broker journeys: `POST {submission.url}/sessions` with the retailer id
 * (`options.retailerId`), lendwire's reference, the applicant's contact and
 * the project; the broker answers `201 { sessionId, customerUrl }`. The
 * session id becomes the application's lender reference (its webhooks find the
 * application by it) and the customer link goes out as `customer_link.ready`
 * with the SMS rendered from `options.smsTemplate`. Lookup:
 * `GET {submission.url}/sessions?reference=<applicationId>`.
 */
export const brokerJourneys: LenderJourneys = {
  async open(request, lender, ctx): Promise<JourneyOutcome> {
    const url = sessionsUrl(lender);
    if (!url) return { outcome: 'rejected', code: 'E_CONFIG', reason: `lender "${lender.id}" has no submission.url (the broker's API)` };
    const { applicant, project } = request.journey;
    const result = await ctx.http.send({
      method: 'POST',
      url,
      headers: headers(lender, ctx),
      body: JSON.stringify({
        retailerId: options(lender).retailerId ?? request.dealerId,
        reference: request.applicationId,
        contact: { firstName: applicant.firstName, lastName: applicant.lastName, mobile: applicant.mobilePhone, ...(applicant.email ? { email: applicant.email } : {}) },
        project: { projectValue: project.value, depositAmount: project.deposit, netLoanAmount: project.value - project.deposit, productSpec: project.product },
      }),
    });
    const { outcome, session } = classifyBrokerAnswer(result);
    if (outcome.outcome !== 'accepted' || !session?.customerUrl) return outcome;
    return { ...outcome, customerLink: linkFor(session.customerUrl, request.journey, lender) };
  },

  async lookup(request, lender, ctx): Promise<JourneyLookupOutcome> {
    const base = sessionsUrl(lender);
    if (!base) return { result: 'unknown', reason: 'no submission.url is configured for this broker' };
    const url = new URL(base);
    url.searchParams.set('reference', request.applicationId);
    const result = await ctx.http.send({ method: 'GET', url: url.toString(), headers: headers(lender, ctx) });
    if (result.kind !== 'response') return { result: 'unknown', reason: `lookup failed: ${result.code} ${result.message}` };
    if (result.status === 404) return { result: 'not_found', reason: 'the broker has no session with this reference' };
    const { outcome, session } = classifyBrokerAnswer(result);
    if (outcome.outcome === 'accepted') {
      return { result: 'found', lenderAppId: outcome.lenderAppId, lenderStatus: outcome.lenderStatus, ...(session?.customerUrl ? { customerLink: linkFor(session.customerUrl, request.journey, lender) } : {}) };
    }
    return { result: 'unknown', reason: `lookup answered HTTP ${result.status}` };
  },
};
