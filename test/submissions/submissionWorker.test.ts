import { expect } from 'chai';
import nock from 'nock';
import { jsonOf, type Harness } from '../support/harness.js';
import { countCalls } from '../support/countCalls.js';
import { createFastSubmissionHarness } from './support/fastSubmissionHarness.js';
import { fixtureJson, submitBody } from '../applications/support/fixtures.js';
import { settledApplication } from './support/settledApplication.js';

const WESTLAKE = 'https://los.test';
const EASTBANK = 'https://east.test';

describe('Submission worker: at most once to the lender (appTRAKER against nock)', () => {
  let h: Harness;
  before(async () => {
    h = await createFastSubmissionHarness();
  });
  afterEach(() => nock.cleanAll());
  after(async () => {
    await h.close();
  });

  const submit = async (lenderId = 'westlake'): Promise<string> => {
    const res = await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: submitBody({ lenderId }) });
    expect(res.status).to.equal(202);
    return (await jsonOf(res)).id;
  };
  const rows = (table: string, id: string) => h.db.knex.withSchema('lendwire').table(table).where({ application_id: id }).orderBy('id');
  const transitions = async (id: string) => (await rows('application_transitions', id)).map((t) => t.to_status);
  const eventTypes = async (id: string) => (await rows('outbox', id)).map((e) => e.type);

  it('success: maps the application, sends the X-API-KEY, stores the AppId, emits application.submitted', async () => {
    let sent: Record<string, unknown> | undefined;
    const scope = nock(WESTLAKE)
      .post('/api/applications', (body) => ((sent = body), true))
      .matchHeader('x-api-key', 'westlake-test-api-key')
      .reply(200, fixtureJson('apptraker/00-submit-response.json'));
    const id = await submit();
    const app = await settledApplication(h.db.knex, id);
    expect(app).to.include({ status: 'submitted', lender_app_id: 'AT-7Q2K9W', lender_status: 'RECEIVED' });
    expect(scope.isDone()).to.equal(true);
    const applicant = sent!.Applicant as Record<string, unknown>;
    expect(sent).to.include({ DealerReferenceNumber: id, DealerId: 'dealer-1', CreditPullConsent: 'Y' });
    expect(applicant).to.include({ SSN: '123456789', DOB: '04/12/1988', GrossMonthlyIncome: 6800, HousingStatus: 'R', YearsAtAddress: 1, MonthsAtAddress: 6 });
    expect(sent!.Deal).to.include({ AmountFinanced: 21529.69, Term: 72, FirstPaymentDate: '12/20/2026' });
    expect(await transitions(id)).to.deep.equal(['queued', 'submitting', 'submitted']);
    expect(await eventTypes(id)).to.deep.equal(['application.status_changed', 'application.status_changed', 'application.submitted']);
    const events = await rows('outbox', id);
    expect(events[2].payload).to.include({ lenderAppId: 'AT-7Q2K9W', status: 'submitted' });
    expect(JSON.stringify(events.map((e) => e.payload))).not.to.match(/123-?45-?6789|1988|6800/);
    const submissions = await rows('submissions', id);
    expect(submissions.map((s) => s.state)).to.deep.equal(['accepted']);
    expect(submissions[0].http_status).to.equal(200);
  });

  it('a 4xx ends in submission_failed with the vendor\u2019s reason, on the timeline, after one call', async () => {
    const lender = countCalls(nock(WESTLAKE).post('/api/applications').times(5), () => [422, { Message: 'Validation failed', Errors: [{ Field: 'VIN', Message: 'VIN not decodable' }] }]);
    const id = await submit();
    const app = await settledApplication(h.db.knex, id);
    expect(app.status).to.equal('submission_failed');
    expect(lender.calls).to.equal(1);
    expect(await eventTypes(id)).to.include('application.submission_failed');
    const timeline = await jsonOf(await h.request(`/applications/${id}/timeline`, { token: 'dealer1-token' }));
    const failed = timeline.entries.find((e: { kind: string; to?: string }) => e.kind === 'transition' && e.to === 'submission_failed');
    expect(failed.reason).to.include('HTTP 422').and.include('VIN not decodable');
    const attempt = timeline.entries.find((e: { kind: string }) => e.kind === 'submission');
    expect(attempt).to.include({ state: 'rejected', httpStatus: 422, errorCode: 'E_HTTP_4XX' });
  });

  it('a 5xx after sending is an unknown outcome: needs_review, never resent (no lookup configured)', async () => {
    const lender = countCalls(nock(WESTLAKE).post('/api/applications').times(5), () => [500, 'Internal Server Error']);
    const id = await submit();
    const app = await settledApplication(h.db.knex, id);
    expect(app.status).to.equal('needs_review');
    expect(lender.calls).to.equal(1);
    const [review] = (await rows('application_transitions', id)).filter((t) => t.to_status === 'needs_review');
    expect(review.reason).to.include('E_HTTP_5XX').and.include('not resent');
    expect((await rows('submissions', id)).map((s) => s.state)).to.deep.equal(['unknown']);
  });

  it('a timeout after sending is an unknown outcome: needs_review, one call only', async () => {
    const lender = countCalls(nock(WESTLAKE).post('/api/applications').times(5).delay(2000), () => [200, { AppId: 'AT-LATE' }]);
    const id = await submit();
    const app = await settledApplication(h.db.knex, id);
    expect(app.status).to.equal('needs_review');
    const [attempt] = await rows('submissions', id);
    expect(attempt).to.include({ state: 'unknown', error_code: 'E_TIMEOUT' });
    expect(lender.calls).to.be.at.most(1);
    expect((await rows('submissions', id)).length).to.equal(1);
  });

  it('connection refused before sending is retried with backoff, then succeeds', async () => {
    const refused = () => Object.assign(new Error('connect ECONNREFUSED 203.0.113.9:443'), { code: 'ECONNREFUSED' });
    const scope = nock(WESTLAKE)
      .post('/api/applications')
      .replyWithError(refused())
      .post('/api/applications')
      .replyWithError(refused())
      .post('/api/applications')
      .reply(201, { AppId: 'AT-THIRD', Status: 'RECEIVED' });
    const id = await submit();
    const app = await settledApplication(h.db.knex, id);
    expect(app).to.include({ status: 'submitted', lender_app_id: 'AT-THIRD' });
    expect(scope.isDone()).to.equal(true);
    const attempts = await rows('submissions', id);
    expect(attempts.map((s) => [s.attempt, s.state, s.error_code])).to.deep.equal([
      [1, 'not_sent', 'E_CONNECT'],
      [2, 'not_sent', 'E_CONNECT'],
      [3, 'accepted', null],
    ]);
  });

  it('gives up with submission_failed when the lender is never reachable', async () => {
    nock(WESTLAKE)
      .post('/api/applications')
      .times(3)
      .replyWithError(Object.assign(new Error('getaddrinfo ENOTFOUND los.test'), { code: 'ENOTFOUND' }));
    const id = await submit();
    const app = await settledApplication(h.db.knex, id);
    expect(app.status).to.equal('submission_failed');
    expect((await rows('submissions', id)).map((s) => s.state)).to.deep.equal(['not_sent', 'not_sent', 'not_sent']);
    const [failed] = (await rows('application_transitions', id)).filter((t) => t.to_status === 'submission_failed');
    expect(failed.reason).to.match(/gave up after 3 attempt\(s\).*E_DNS/);
  });

  it('an HTML or garbage 200 is classified (unknown outcome), recorded and visible', async () => {
    nock(WESTLAKE).post('/api/applications').reply(200, '<html><body>Service temporarily unavailable</body></html>', { 'content-type': 'text/html' });
    const id = await submit();
    const app = await settledApplication(h.db.knex, id);
    expect(app.status).to.equal('needs_review');
    const timeline = await jsonOf(await h.request(`/applications/${id}/timeline`, { token: 'dealer1-token' }));
    const attempt = timeline.entries.find((e: { kind: string }) => e.kind === 'submission');
    expect(attempt).to.include({ state: 'unknown', errorCode: 'E_BAD_RESPONSE', httpStatus: 200 });
    expect(attempt.errorMessage).to.include('HTML');
    expect(attempt.response.excerpt).to.include('temporarily unavailable');
  });

  it('a 503 means the vendor did not take it: retried, then accepted', async () => {
    const scope = nock(WESTLAKE).post('/api/applications').reply(503, 'busy').post('/api/applications').reply(200, { AppId: 'AT-AFTER-503' });
    const id = await submit();
    expect(await settledApplication(h.db.knex, id)).to.include({ status: 'submitted', lender_app_id: 'AT-AFTER-503' });
    expect(scope.isDone()).to.equal(true);
  });

  it('a 429 waits for the lender\u2019s Retry-After before the next attempt', async () => {
    const at: number[] = [];
    nock(WESTLAKE)
      .post('/api/applications')
      .reply(() => (at.push(Date.now()), [429, { Message: 'slow down' }, { 'retry-after': '1' }]))
      .post('/api/applications')
      .reply(() => (at.push(Date.now()), [200, { AppId: 'AT-AFTER-429' }]));
    const id = await submit();
    expect(await settledApplication(h.db.knex, id)).to.include({ status: 'submitted', lender_app_id: 'AT-AFTER-429' });
    expect(at).to.have.length(2);
    expect(at[1] - at[0]).to.be.at.least(950);
    expect((await rows('submissions', id)).map((s) => [s.state, s.error_code])).to.deep.equal([
      ['not_sent', 'E_RATE_LIMITED'],
      ['accepted', null],
    ]);
  });

  it('reconciles an unknown outcome through lookup (second lender, same adapter, own URL and key)', async () => {
    const lender = countCalls(nock(EASTBANK).post('/v2/apps').matchHeader('x-api-key', 'eastbank-test-api-key').times(5).delay(2000), () => [200, {}]);
    nock(EASTBANK)
      .get('/v2/apps/lookup')
      .query((q) => typeof q.DealerReferenceNumber === 'string' && q.DealerReferenceNumber.startsWith('app_'))
      .matchHeader('x-api-key', 'eastbank-test-api-key')
      .reply(200, { AppId: 'EB-555', Status: 'RECEIVED' });
    const id = await submit('eastbank');
    const app = await settledApplication(h.db.knex, id);
    expect(app).to.include({ status: 'submitted', lender_app_id: 'EB-555' });
    expect(lender.calls).to.be.at.most(1);
    const [submitted] = (await rows('application_transitions', id)).filter((t) => t.to_status === 'submitted');
    expect(submitted.reason).to.include('lookup found it');
    const [attempt] = await rows('submissions', id);
    expect(attempt.state).to.equal('unknown');
    expect(attempt.vendor_response.lookup).to.deep.include({ result: 'found', lenderAppId: 'EB-555' });
  });

  it('a lookup that finds nothing leaves the application for review, not resent', async () => {
    const lender = countCalls(nock(EASTBANK).post('/v2/apps').times(5), () => [502, 'Bad Gateway']);
    nock(EASTBANK).get('/v2/apps/lookup').query(true).reply(404, { Message: 'not found' });
    const id = await submit('eastbank');
    const app = await settledApplication(h.db.knex, id);
    expect(app.status).to.equal('needs_review');
    expect(lender.calls).to.equal(1);
    const [review] = (await rows('application_transitions', id)).filter((t) => t.to_status === 'needs_review');
    expect(review.reason).to.include('lookup did not find it');
  });

  it('never writes the applicant\u2019s SSN, DOB or income to the logs', async () => {
    nock(WESTLAKE).post('/api/applications').reply(200, { AppId: 'AT-LOGS' });
    const id = await submit();
    await settledApplication(h.db.knex, id);
    await h.request(`/applications/${id}`, { token: 'dealer1-token' });
    const logs = h.logs();
    expect(logs).to.include(id);
    for (const secret of ['123-45-6789', '123456789', '1988-04-12', '04/12/1988', 'westlake-test-api-key', 'eastbank-test-api-key']) {
      expect(logs, secret).not.to.include(secret);
    }
  });
});
