import { expect } from 'chai';
import { resolveDeliverySettings } from '../../plugin/delivery/DeliverySettings.js';
import { isWebhookSecret, generateWebhookSecret } from '../../plugin/webhooks/subscriptionSecrets.js';
import { classifyNetworkError as classifyError, parseRetryAfter } from '../../plugin/index.js';
import { rateLimitDelayMs, retryDelayMs } from '../../plugin/kernel/retryDelay.js';
import { submissionBackoff, RetrySubmissionLater } from '../../plugin/submissions/submissionBackoff.js';
import { standardWebhooksSignature } from '../../adapters/transports/webhook/standardWebhooksScheme.js';
import { Webhook } from 'standardwebhooks';

describe('delivery engine building blocks', () => {
  it('defaults to the documented schedule 1s, 5s, 30s, 5m, 30m, 2h, 6h, 24h, 24h', () => {
    const s = resolveDeliverySettings();
    expect(s.retryScheduleMs).to.deep.equal([1, 5, 30, 300, 1800, 7200, 21600, 86400, 86400].map((x) => x * 1000));
    expect(s.circuitBreaker.disableAfterMs).to.equal(5 * 86_400_000);
    expect(s.backlogThreshold).to.equal(1000);
  });

  it('generates and recognises whsec_ secrets', () => {
    const secret = generateWebhookSecret();
    expect(isWebhookSecret(secret)).to.equal(true);
    expect(isWebhookSecret('whsec_c2hvcnQ=')).to.equal(false);
    expect(isWebhookSecret('plain-text-secret')).to.equal(false);
  });

  it('signs exactly as Standard Webhooks verifiers expect', () => {
    const secret = generateWebhookSecret();
    const body = JSON.stringify({ type: 't', timestamp: new Date().toISOString(), data: { a: 1 } });
    const ts = Math.floor(Date.now() / 1000);
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(ts), 'webhook-signature': standardWebhooksSignature([secret], 'msg_1', ts, body) };
    expect(new Webhook(secret).sign('msg_1', new Date(ts * 1000), body)).to.equal(headers['webhook-signature']);
    new Webhook(secret).verify(body, headers);
  });

  it('reads Retry-After as seconds or an HTTP date (one parser for webhooks, CRMs and lenders)', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).to.equal(3000);
    expect(parseRetryAfter(' 0 ', now)).to.equal(0);
    expect(parseRetryAfter('1.5', now)).to.equal(1500);
    expect(parseRetryAfter(['7', '9'], now)).to.equal(7000);
    expect(parseRetryAfter(new Date(now + 10_000).toUTCString(), now)).to.equal(10_000);
    expect(parseRetryAfter(new Date(now - 10_000).toUTCString(), now)).to.equal(0);
    for (const unreadable of ['soon', '-5', '', '   ', undefined, null]) expect(parseRetryAfter(unreadable, now)).to.equal(undefined);
  });

  it('lets Retry-After lengthen a scheduled wait up to the cap, never shorten it', () => {
    const cap = 86_400_000;
    expect(retryDelayMs(5000, 0, cap)).to.equal(5000);
    expect(retryDelayMs(5000, 1000, cap)).to.equal(5000);
    expect(retryDelayMs(5000, undefined, cap)).to.equal(5000);
    expect(retryDelayMs(5000, 60_000, cap)).to.equal(60_000);
    expect(retryDelayMs(5000, 999_999_000, cap)).to.equal(cap);
    expect(retryDelayMs(5000, Number.NaN, cap)).to.equal(5000);
    // A schedule step longer than the cap is kept: the cap bounds only what the target imposes.
    expect(retryDelayMs(2 * cap, 3 * cap, cap)).to.equal(2 * cap);
    expect(resolveDeliverySettings()).to.include({ retryAfterCapMs: cap, rateLimitFloorMs: 1000 });
    expect(resolveDeliverySettings({ retryAfterCap: '1h', rateLimitFloor: '250ms' })).to.include({ retryAfterCapMs: 3_600_000, rateLimitFloorMs: 250 });
  });

  it('floors and caps rate-limited waits so 429 Retry-After: 0 is no tight loop', () => {
    expect(rateLimitDelayMs(0, 1000, 86_400_000)).to.equal(1000);
    expect(rateLimitDelayMs(3000, 1000, 86_400_000)).to.equal(3000);
    expect(rateLimitDelayMs(1e12, 1000, 86_400_000)).to.equal(86_400_000);
    expect(rateLimitDelayMs(Number.POSITIVE_INFINITY, 1000, 86_400_000)).to.equal(86_400_000);
    expect(rateLimitDelayMs(Number.NaN, 1000, 86_400_000)).to.equal(86_400_000);
  });

  it('keeps the submission backoff when a lender says Retry-After: 0, lengthens it for a longer wait', () => {
    const backoff = submissionBackoff(1000);
    // Third attempt: 4 s ± 10% whatever the lender's Retry-After: 0 says.
    for (let i = 0; i < 20; i++) expect(backoff(3, 'x', new RetrySubmissionLater('busy', 0))).to.be.within(3600, 4400);
    expect(backoff(1, 'x', new RetrySubmissionLater('busy', 60_000))).to.equal(60_000);
    expect(backoff(1, 'x', new RetrySubmissionLater('busy', 3_600_000))).to.equal(15 * 60_000);
  });

  it('classifies network errors, looking through causes (the outbound kit\'s one classifier)', () => {
    const wrap = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });
    expect(classifyError(wrap('ENOTFOUND')).code).to.equal('E_DNS');
    expect(classifyError(wrap('ECONNREFUSED')).code).to.equal('E_CONNECT');
    expect(classifyError(wrap('ECONNRESET')).code).to.equal('E_RESET');
    expect(classifyError(wrap('UND_ERR_HEADERS_TIMEOUT')).code).to.equal('E_TIMEOUT');
    expect(classifyError(wrap('CERT_HAS_EXPIRED')).code).to.equal('E_TLS');
    expect(classifyError(wrap('ERR_SSL_WRONG_VERSION_NUMBER')).code).to.equal('E_TLS');
    expect(classifyError(wrap('E_SSRF')).code).to.equal('E_SSRF');
    expect(classifyError(Object.assign(new Error('x'), { name: 'TimeoutError' })).code).to.equal('E_TIMEOUT');
  });
});

describe('outbound events carry no PII', () => {
  it('drops SSN, date-of-birth and income fields at any depth, keeping the rest', async () => {
    const { withoutPii } = await import('../../plugin/events/withoutPii.js');
    const data = {
      applicationId: 'app_1',
      status: 'approved',
      applicant: { firstName: 'Ana', ssn: '123-45-6789', dateOfBirth: '1980-01-01', employment: { grossMonthlyIncome: 5000, employer: 'ACME' } },
      coApplicants: [{ dob: '1990-02-02', lastName: 'B', annualIncome: 1 }],
      decision: { apr: 7.9, term: 60 },
    };
    expect(withoutPii(data)).to.deep.equal({
      applicationId: 'app_1',
      status: 'approved',
      applicant: { firstName: 'Ana', employment: { employer: 'ACME' } },
      coApplicants: [{ lastName: 'B' }],
      decision: { apr: 7.9, term: 60 },
    });
    expect(data.applicant.ssn).to.equal('123-45-6789'); // the caller's object is untouched
  });
});
