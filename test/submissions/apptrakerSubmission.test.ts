import { expect } from 'chai';
import { toApptrakerApplication } from '../../adapters/lenders/apptraker/submission/toApptrakerApplication.js';
import { classifyApptrakerAnswer } from '../../adapters/lenders/apptraker/submission/classifyApptrakerAnswer.js';
import { classifyNetworkError } from '../../plugin/outbound/classifyNetworkError.js';
import { validateSubmitRequest } from '../../plugin/applications/validateSubmitRequest.js';
import type { LenderHttpResult, SubmissionRequest } from '../../plugin/index.js';
import { submitBody } from '../applications/support/fixtures.js';

const TODAY = new Date('2026-11-23T12:00:00Z');

function request(): SubmissionRequest {
  const input = validateSubmitRequest(submitBody({ externalRef: 'deal-9' }), TODAY);
  return { applicationId: 'app_01TEST', dealerId: input.dealerId, lenderId: input.lenderId, externalRef: 'deal-9', attempt: 1, application: input.application };
}

function leaves(value: unknown): number {
  if (value === null || typeof value !== 'object') return 1;
  return Object.values(value).reduce<number>((n, v) => n + leaves(v), 0);
}

const response = (status: number, body: string, headers: Record<string, string> = {}): LenderHttpResult => ({ kind: 'response', status, body, headers, durationMs: 5 });

describe('appTRAKER submission mapping', () => {
  it('maps the canonical fixture to the vendor schema (50+ fields, vendor formats)', () => {
    const mapped = toApptrakerApplication(request());
    expect(leaves(mapped)).to.be.greaterThan(50);
    expect(mapped).to.include({ DealerReferenceNumber: 'app_01TEST', ExternalReference: 'deal-9', TransactionType: 'Retail', CreditPullConsent: 'Y', CoApplicant: null });
    expect(mapped.Applicant).to.include({
      FirstName: 'Aisha',
      SSN: '123456789',
      DOB: '04/12/1988',
      HomePhone: '12145550147',
      DLNumber: 'D1234567',
      DLState: 'TX',
      Zip: '75204',
      HousingStatus: 'R',
      MonthlyHousingPayment: 1450,
      PrevCity: 'Plano',
      PrevYearsAtAddress: 3,
      PrevMonthsAtAddress: 4,
      EmploymentStatus: 'Employed',
      YearsEmployed: 2,
      MonthsEmployed: 6,
      OtherMonthlyIncome: 600,
    });
    expect(mapped.Vehicle).to.include({ VIN: '1HGCV1F37LA012345', NewUsed: 'U', Mileage: 38210 });
    expect(mapped.TradeIn).to.include({ Allowance: 6500, Payoff: 2100, LienHolder: 'Ally Financial' });
    expect(mapped.Deal).to.include({ CashDown: 2500, DocFee: 150, TitleLicenseFees: 95, OtherFees: 0, AmountFinanced: 21529.69, Term: 72, RequestedRate: 7.49 });
  });

  it('is pure: mapping twice gives the same request', () => {
    expect(toApptrakerApplication(request())).to.deep.equal(toApptrakerApplication(request()));
  });
});

describe('appTRAKER answer classification', () => {
  it('accepts an AppId (string or number) and keeps the vendor status', () => {
    expect(classifyApptrakerAnswer(response(200, '{"AppId":"AT-1","Status":"RECEIVED"}'))).to.deep.include({ outcome: 'accepted', lenderAppId: 'AT-1', lenderStatus: 'RECEIVED' });
    expect(classifyApptrakerAnswer(response(201, '{"AppId":98765}'))).to.deep.include({ outcome: 'accepted', lenderAppId: '98765' });
  });

  it('never calls a 2xx without an AppId a failure to retry: truncated JSON, HTML, empty AppId are unknown', () => {
    for (const body of ['{"AppId":"AT-', '<!DOCTYPE html><html>maintenance</html>', '{"AppId":""}', '']) {
      expect(classifyApptrakerAnswer(response(200, body)), body).to.include({ outcome: 'unknown', code: 'E_BAD_RESPONSE' });
    }
  });

  it('rejects 4xx with the vendor\u2019s own reason', () => {
    const answer = classifyApptrakerAnswer(response(400, '{"Message":"Bad request","Errors":["SSN is invalid",{"Field":"Zip","Message":"unknown zip"}]}'));
    expect(answer).to.include({ outcome: 'rejected', code: 'E_HTTP_4XX', statusCode: 400 });
    expect((answer as { reason: string }).reason).to.equal('HTTP 400: Bad request; SSN is invalid; Zip: unknown zip');
    expect(classifyApptrakerAnswer(response(401, 'Unauthorized'))).to.deep.include({ outcome: 'rejected', reason: 'HTTP 401: Unauthorized' });
  });

  it('retries only what the vendor says it did not process (429 with Retry-After, 503, not sent)', () => {
    expect(classifyApptrakerAnswer(response(429, '', { 'retry-after': '7' }))).to.deep.include({ outcome: 'retryable', code: 'E_RATE_LIMITED', waitMs: 7000 });
    expect(classifyApptrakerAnswer(response(503, 'down'))).to.include({ outcome: 'retryable', code: 'E_UNAVAILABLE' });
    expect(classifyApptrakerAnswer({ kind: 'not_sent', code: 'E_CONNECT', message: 'refused', durationMs: 1 })).to.include({ outcome: 'retryable', code: 'E_CONNECT' });
    expect(classifyApptrakerAnswer(response(504, 'Gateway Timeout'))).to.include({ outcome: 'unknown', code: 'E_HTTP_5XX' });
    expect(classifyApptrakerAnswer({ kind: 'no_answer', code: 'E_TIMEOUT', message: 'slow', durationMs: 1 })).to.include({ outcome: 'unknown', code: 'E_TIMEOUT' });
  });
});

describe('network error classification (sent or not?)', () => {
  it('only DNS, refused connections and refused server certificates count as "not sent"', () => {
    expect(classifyNetworkError({ code: 'ENOTFOUND', message: 'x' })).to.include({ kind: 'not_sent', code: 'E_DNS' });
    expect(classifyNetworkError({ code: 'ECONNREFUSED', message: 'x' })).to.include({ kind: 'not_sent', code: 'E_CONNECT' });
    expect(classifyNetworkError({ code: 'SELF_SIGNED_CERT_IN_CHAIN', message: 'x' })).to.include({ kind: 'not_sent', code: 'E_TLS' });
    expect(classifyNetworkError({ code: 'ECONNRESET', message: 'x' })).to.include({ kind: 'no_answer', code: 'E_RESET' });
    expect(classifyNetworkError({ code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', message: 'x' })).to.include({ kind: 'no_answer' });
    expect(classifyNetworkError(new Error('socket hang up'))).to.include({ kind: 'no_answer', code: 'E_NETWORK' });
  });
});
