import { expect } from 'chai';
import nock from 'nock';
import { createPipedriveAdapter } from '../../adapters/crm/pipedrive/index.js';
import type { CrmConfig } from '../../plugin/index.js';
import { crmTarget, fixture, operationFor, syncContext } from './crmTestSupport.js';

const BASE = 'https://acme-dealer.pipedrive.com';
const APP_ID = 'app_01JDX5M0C2R8J6E3ZP7Q9K1V4B';
const LINK_KEY = 'c7f8a3b1d2e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8';
const APR_KEY = '9d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e';
const DECIDED_KEY = '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567';
const API_TOKEN = '0123456789abcdef0123456789abcdef01234567';
const SEARCH = `/api/v2/deals/search?term=${APP_ID}&fields=custom_fields&exact_match=true&limit=2`;

const pipedrive = (link: Record<string, unknown> = {}, credentials: Record<string, unknown> = { apiToken: { env: 'PIPEDRIVE_TOKEN' } }): CrmConfig =>
  crmTarget({
    id: 'pipedrive-main',
    adapter: 'pipedrive',
    baseUrl: BASE,
    credentials,
    link: { property: LINK_KEY, name: 'Finance {application.externalRef}', pipeline: 1, initialStage: 1, ...link },
    stages: { conditioned: 4, funded: '7' },
    fields: {
      'data.decision.apr': { property: APR_KEY, type: 'number' },
      'data.decision.decidedAt': { property: DECIDED_KEY, type: 'datetime' },
      'data.decision.amountFinanced': { property: 'value', type: 'number' },
    },
    actions: { withdrawn: { type: 'task', subject: 'Reactivate {application.externalRef}', body: 'Reason: {data.reason}', dueInDays: 3 } },
  });
const ctx = () => syncContext({ PIPEDRIVE_TOKEN: API_TOKEN, PIPEDRIVE_OAUTH: 'v1u:oauth-access-token' });

describe('Pipedrive CRM adapter', () => {
  const adapter = createPipedriveAdapter();
  afterEach(() => {
    nock.cleanAll();
  });

  it('finds the deal by a custom-field search and PATCHes stage_id and strictly typed custom_fields (x-api-token)', async () => {
    const scope = nock(BASE, { reqheaders: { 'x-api-token': API_TOKEN } })
      .get(SEARCH)
      .reply(200, fixture('pipedrive/search.one.json'))
      .patch('/api/v2/deals/4211', { value: 21529.69, stage_id: 4, custom_fields: { [APR_KEY]: 8.19, [DECIDED_KEY]: '2026-11-20' } })
      .reply(200, fixture('pipedrive/deal.200.json'));
    const outcome = await adapter.sync(operationFor('event.approved.json', pipedrive()), pipedrive(), ctx());
    expect(outcome, JSON.stringify(outcome)).to.deep.include({ result: 'delivered' });
    expect((outcome as { responseExcerpt: string }).responseExcerpt).to.match(/Pipedrive deal 4211 updated, stage_id 4/);
    scope.done();
  });

  it('uses an OAuth bearer token when the manifest gives accessToken', async () => {
    const crm = pipedrive({}, { accessToken: { env: 'PIPEDRIVE_OAUTH' } });
    const scope = nock(BASE, { reqheaders: { authorization: 'Bearer v1u:oauth-access-token' }, badheaders: ['x-api-token'] })
      .get(SEARCH)
      .reply(200, fixture('pipedrive/search.one.json'))
      .patch('/api/v2/deals/4211')
      .reply(200, fixture('pipedrive/deal.200.json'));
    const outcome = await adapter.sync(operationFor('event.approved.json', crm), crm, ctx());
    expect(outcome.result).to.equal('delivered');
    scope.done();
  });

  it('creates a missing deal holding our id in the link custom field, then the task activity', async () => {
    const scope = nock(BASE)
      .get(SEARCH)
      .reply(200, fixture('pipedrive/search.none.json'))
      .post('/api/v2/deals', { title: 'Finance DMS-DEAL-7781', expected_close_date: '2026-12-21', pipeline_id: 1, stage_id: 1, custom_fields: { [LINK_KEY]: APP_ID } })
      .reply(201, fixture('pipedrive/deal.created.json'))
      .get('/api/v2/activities?deal_id=4500&done=false&limit=500')
      .reply(200, fixture('pipedrive/activities.none.json'))
      .post('/api/v2/activities', { subject: 'Reactivate DMS-DEAL-7781', type: 'task', due_date: '2026-11-24', deal_id: 4500, note: 'Reason: customer chose another lender' })
      .reply(201, fixture('pipedrive/activity.json'));
    const outcome = await adapter.sync(operationFor('event.withdrawn.json', pipedrive()), pipedrive(), ctx());
    expect((outcome as { responseExcerpt: string }).responseExcerpt).to.match(/deal 4500 created.*1 activity\(ies\) created$/);
    scope.done();
  });

  it('does not create the activity again when an earlier attempt already did', async () => {
    const scope = nock(BASE)
      .get(SEARCH)
      .reply(200, fixture('pipedrive/search.one.json'))
      .patch('/api/v2/deals/4211')
      .reply(200, fixture('pipedrive/deal.200.json'))
      .get('/api/v2/activities?deal_id=4211&done=false&limit=500')
      .reply(200, fixture('pipedrive/activities.one.json'));
    const crm = pipedrive({}, { apiToken: { env: 'PIPEDRIVE_TOKEN' } });
    const op = operationFor('event.withdrawn.json', crm);
    op.properties = { [APR_KEY]: { type: 'number', value: 8.19 } };
    const outcome = await adapter.sync(op, crm, ctx());
    expect((outcome as { responseExcerpt: string }).responseExcerpt).to.match(/deal 4211 updated.*0 activity\(ies\) created \(1 already there\)$/);
    scope.done();
  });

  it('reports a missing deal as permanent when link.create is false, and several matches as permanent', async () => {
    nock(BASE).get(SEARCH).reply(200, fixture('pipedrive/search.none.json'));
    const crm = pipedrive({ create: false });
    const missing = await adapter.sync(operationFor('event.approved.json', crm), crm, ctx());
    expect(missing).to.deep.include({ result: 'permanent', code: 'E_CRM_NOT_FOUND' });

    nock(BASE).get(SEARCH).reply(200, fixture('pipedrive/search.two.json'));
    const several = await adapter.sync(operationFor('event.approved.json', pipedrive()), pipedrive(), ctx());
    expect(several).to.deep.include({ result: 'permanent', code: 'E_CRM_MULTIPLE_MATCHES' });
  });

  it('honours x-ratelimit-reset on 429', async () => {
    nock(BASE).get(SEARCH).reply(429, fixture('pipedrive/429.json'), { 'x-ratelimit-limit': '80', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2' });
    const outcome = await adapter.sync(operationFor('event.approved.json', pipedrive()), pipedrive(), ctx());
    expect(outcome).to.deep.include({ result: 'rateLimited', waitMs: 2000, statusCode: 429 });
    expect((outcome as { message: string }).message).to.match(/Request over limit/);
  });

  it('pauses the target on a revoked token', async () => {
    nock(BASE).get(SEARCH).reply(401, fixture('pipedrive/401.json'));
    const outcome = await adapter.sync(operationFor('event.approved.json', pipedrive()), pipedrive(), ctx());
    expect(outcome).to.deep.include({ result: 'permanent', code: 'E_CRM_AUTH', disableTarget: true, statusCode: 401 });
    expect((outcome as { message: string }).message).to.match(/unauthorized access/);
  });

  it('records a validation error with the Pipedrive code and message as permanent', async () => {
    nock(BASE).get(SEARCH).reply(200, fixture('pipedrive/search.one.json')).patch('/api/v2/deals/4211').reply(400, fixture('pipedrive/400.validation.json'));
    const outcome = await adapter.sync(operationFor('event.approved.json', pipedrive()), pipedrive(), ctx());
    expect(outcome).to.deep.include({ result: 'permanent', code: 'E_CRM_VALIDATION', statusCode: 400 });
    expect((outcome as { message: string }).message).to.match(/ERR_SCHEMA_VALIDATION_FAILED: Validation failed: stage_id: Stage with id 999 does not exist/);
  });

  it('retries connection failures', async () => {
    nock(BASE).get(SEARCH).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    const outcome = await adapter.sync(operationFor('event.approved.json', pipedrive()), pipedrive(), ctx());
    expect(outcome.result).to.equal('retryable');
  });
});
