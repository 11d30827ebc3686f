import type { LenderConfig, LenderSubmission, LookupOutcome, SecretRef, SubmissionContext } from '../../../../plugin/index.js';
import type { ApptrakerSettings } from '../apptrakerSettings.types.js';
import { toApptrakerApplication } from './toApptrakerApplication.js';
import { classifyApptrakerAnswer } from './classifyApptrakerAnswer.js';

function apiKey(lender: LenderConfig, ctx: SubmissionContext): string {
  const ref: SecretRef | undefined = (lender as LenderConfig & ApptrakerSettings).credentials?.apiKey;
  if (!ref) throw new Error(`lender "${lender.id}" has no credentials.apiKey for appTRAKER`);
  return ctx.secret(ref);
}

/**
 * appTRAKER submissions: `POST submission.url` with the `X-API-KEY` header.
 * Lookup (when `submission.lookupUrl` is set): `GET lookupUrl?DealerReferenceNumber=<applicationId>`.
 */
export const apptrakerSubmission: LenderSubmission = {
  async submit(request, lender, ctx) {
    const url = lender.submission?.url;
    if (!url) return { outcome: 'rejected', code: 'E_CONFIG', reason: `lender "${lender.id}" has no submission.url` };
    const result = await ctx.http.send({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-api-key': apiKey(lender, ctx) },
      body: JSON.stringify(toApptrakerApplication(request)),
    });
    return classifyApptrakerAnswer(result, request.application);
  },

  async lookup(request, lender, ctx): Promise<LookupOutcome> {
    const base = lender.submission?.lookupUrl;
    if (!base) return { result: 'unknown', reason: 'no submission.lookupUrl is configured for this lender' };
    const url = new URL(base);
    url.searchParams.set('DealerReferenceNumber', request.applicationId);
    const result = await ctx.http.send({ method: 'GET', url: url.toString(), headers: { accept: 'application/json', 'x-api-key': apiKey(lender, ctx) } });
    if (result.kind !== 'response') return { result: 'unknown', reason: `lookup failed: ${result.code} ${result.message}` };
    if (result.status === 404) return { result: 'not_found', reason: 'appTRAKER has no application with this reference' };
    const answer = classifyApptrakerAnswer(result);
    if (answer.outcome === 'accepted') return { result: 'found', lenderAppId: answer.lenderAppId, lenderStatus: answer.lenderStatus };
    return { result: 'unknown', reason: `lookup answered HTTP ${result.status}` };
  },
};
