import { expect } from 'chai';
import nock from 'nock';
import { createSalesforceAdapter } from '../../adapters/crm/salesforce/index.js';
import { Metrics } from '../../plugin/observability/Metrics.js';
import type { CrmConfig } from '../../plugin/index.js';
import { crmTarget, fixture, operationFor, syncContext } from './crmTestSupport.js';

const LOGIN = 'https://acme-dealer.my.salesforce.com';
const INSTANCE = 'https://acme-dealer.my.salesforce.com';
const API = '/services/data/v62.0/sobjects';
const APP_ID = 'app_01JDX5M0C2R8J6E3ZP7Q9K1V4B';
const BY_EXT_ID = `${API}/Opportunity/Lendwire_Application_Id__c/${APP_ID}`;
const OPP_ID = '006Kx00000AbCdEIAV';
const TOKEN = (fixture('salesforce/token.200.json') as { access_token: string }).access_token;
const SECRETS = { SF_CLIENT_ID: '3MVG9fakeConsumerKeyForTests', SF_CLIENT_SECRET: 'F4KE5ECRET0123456789' };

const salesforce = (link: Record<string, unknown> = {}): CrmConfig =>
  crmTarget({
    id: 'salesforce-main',
    adapter: 'salesforce',
    baseUrl: LOGIN,
    credentials: { clientId: { env: 'SF_CLIENT_ID' }, clientSecret: { env: 'SF_CLIENT_SECRET' } },
    link: { property: 'Lendwire_Application_Id__c', name: 'Finance {application.externalRef}', initialStage: 'Prospecting', ...link },
    stages: { conditioned: 'Conditionally Approved', funded: 'Closed Won' },
    fields: {
      'data.decision.apr': { property: 'Lendwire_APR__c', type: 'number' },
      'data.decision.decidedAt': { property: 'Lendwire_Decided_On__c', type: 'date' },
      'timestamp': { property: 'Lendwire_Last_Event_At__c', type: 'datetime' },
    },
    actions: { withdrawn: { type: 'task', subject: 'Reactivate {application.externalRef}', dueInDays: 3, priority: 'high' } },
  });

function tokenEndpoint(times = 1) {
  return nock(LOGIN)
    .post('/services/oauth2/token', { grant_type: 'client_credentials', client_id: SECRETS.SF_CLIENT_ID, client_secret: SECRETS.SF_CLIENT_SECRET })
    .times(times)
    .reply(200, fixture('salesforce/token.200.json'));
}

describe('Salesforce CRM adapter', () => {
  afterEach(() => {
    nock.cleanAll();
  });

  it('gets a client-credentials token, finds the Opportunity by external id and PATCHes StageName and typed fields', async () => {
    const adapter = createSalesforceAdapter();
    const metrics = new Metrics();
    const token = tokenEndpoint();
    const api = nock(INSTANCE, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
      .get(`${BY_EXT_ID}?fields=Id`)
      .reply(200, fixture('salesforce/opportunity.200.json'), { 'sforce-limit-info': 'api-usage=25/15000' })
      .patch(`${API}/Opportunity/${OPP_ID}`, {
        Lendwire_APR__c: 8.19,
        Lendwire_Decided_On__c: '2026-11-20',
        Lendwire_Last_Event_At__c: '2026-11-20T15:21:41.000Z',
        StageName: 'Conditionally Approved',
      })
      .reply(204, '', { 'sforce-limit-info': 'api-usage=26/15000' });
    const outcome = await adapter.sync(operationFor('event.approved.json', salesforce()), salesforce(), syncContext(SECRETS, metrics));
    expect(outcome, JSON.stringify(outcome)).to.deep.include({ result: 'delivered' });
    expect((outcome as { responseExcerpt: string }).responseExcerpt).to.match(/Opportunity 006Kx00000AbCdEIAV updated, StageName Conditionally Approved/);
    token.done();
    api.done();
    const text = await metrics.registry.metrics();
    expect(text).to.contain('lendwire_salesforce_api_usage{target="salesforce-main",measure="used"} 26');
    expect(text).to.contain('lendwire_salesforce_api_usage{target="salesforce-main",measure="limit"} 15000');
  });

  it('reuses the cached token, and on 401 INVALID_SESSION_ID fetches a new one once and retries', async () => {
    const adapter = createSalesforceAdapter();
    const token = tokenEndpoint(2);
    const api = nock(INSTANCE)
      .get(`${BY_EXT_ID}?fields=Id`)
      .reply(200, fixture('salesforce/opportunity.200.json'))
      .patch(`${API}/Opportunity/${OPP_ID}`)
      .reply(204)
      // second sync: the cached session has expired meanwhile
      .get(`${BY_EXT_ID}?fields=Id`)
      .reply(401, fixture('salesforce/401.invalid-session.json'))
      .get(`${BY_EXT_ID}?fields=Id`)
      .reply(200, fixture('salesforce/opportunity.200.json'))
      .patch(`${API}/Opportunity/${OPP_ID}`)
      .reply(204);
    const first = await adapter.sync(operationFor('event.approved.json', salesforce()), salesforce(), syncContext(SECRETS));
    expect(first.result).to.equal('delivered');
    expect(token.pendingMocks()).to.have.length(1); // one token for the first sync's two calls
    const second = await adapter.sync(operationFor('event.approved.json', salesforce()), salesforce(), syncContext(SECRETS));
    expect(second.result).to.equal('delivered');
    token.done();
    api.done();
  });

  it('pauses the target when the new token is rejected as well (revoked user)', async () => {
    const adapter = createSalesforceAdapter();
    tokenEndpoint(2);
    nock(INSTANCE).get(`${BY_EXT_ID}?fields=Id`).times(2).reply(401, fixture('salesforce/401.invalid-session.json'));
    const outcome = await adapter.sync(operationFor('event.approved.json', salesforce()), salesforce(), syncContext(SECRETS));
    expect(outcome).to.deep.include({ result: 'permanent', code: 'E_CRM_AUTH', disableTarget: true, statusCode: 401 });
    expect((outcome as { message: string }).message).to.match(/INVALID_SESSION_ID: Session expired or invalid/);
  });

  it('pauses the target when the connected app credentials are rejected', async () => {
    const adapter = createSalesforceAdapter();
    nock(LOGIN).post('/services/oauth2/token').reply(400, fixture('salesforce/token.400.invalid-client.json'));
    const outcome = await adapter.sync(operationFor('event.approved.json', salesforce()), salesforce(), syncContext(SECRETS));
    expect(outcome).to.deep.include({ result: 'permanent', code: 'E_CRM_AUTH', disableTarget: true, statusCode: 400 });
    expect((outcome as { message: string }).message).to.equal('credentials were rejected: Salesforce token request failed with 400: invalid_client (invalid client credentials)');
  });

  it('creates a missing Opportunity by upsert on the external id, with Name, CloseDate and stage, then the Task with WhatId', async () => {
    const adapter = createSalesforceAdapter();
    tokenEndpoint();
    const api = nock(INSTANCE)
      .get(`${BY_EXT_ID}?fields=Id`)
      .reply(404, fixture('salesforce/404.not-found.json'))
      .patch(BY_EXT_ID, { Name: 'Finance DMS-DEAL-7781', CloseDate: '2026-12-21', StageName: 'Prospecting', Lendwire_Last_Event_At__c: '2026-11-21T09:00:00.000Z' })
      .reply(201, fixture('salesforce/upsert.201.json'))
      .get('/services/data/v62.0/query')
      .query({ q: "SELECT Id FROM Task WHERE WhatId = '006Kx00000AbCdGIAV' AND Subject = 'Reactivate DMS-DEAL-7781' AND ActivityDate = 2026-11-24 LIMIT 1" })
      .reply(200, fixture('salesforce/task-query.none.json'))
      .post(`${API}/Task`, { Subject: 'Reactivate DMS-DEAL-7781', ActivityDate: '2026-11-24', Status: 'Not Started', Priority: 'High', WhatId: '006Kx00000AbCdGIAV' })
      .reply(201, fixture('salesforce/task.201.json'));
    const outcome = await adapter.sync(operationFor('event.withdrawn.json', salesforce()), salesforce(), syncContext(SECRETS));
    expect((outcome as { responseExcerpt: string }).responseExcerpt).to.match(/Opportunity 006Kx00000AbCdGIAV created.*1 task\(s\) created$/);
    api.done();
  });

  it('does not create the Task again when an earlier attempt already did, and escapes the subject in SOQL', async () => {
    const adapter = createSalesforceAdapter();
    tokenEndpoint();
    const crm = salesforce();
    const op = operationFor('event.withdrawn.json', crm);
    op.tasks[0].subject = "Call O'Brien back";
    const api = nock(INSTANCE)
      .get(`${BY_EXT_ID}?fields=Id`)
      .reply(200, fixture('salesforce/opportunity.200.json'))
      .patch(`${API}/Opportunity/${OPP_ID}`)
      .reply(204)
      .get('/services/data/v62.0/query')
      .query({ q: "SELECT Id FROM Task WHERE WhatId = '006Kx00000AbCdEIAV' AND Subject = 'Call O\\'Brien back' AND ActivityDate = 2026-11-24 LIMIT 1" })
      .reply(200, fixture('salesforce/task-query.one.json'));
    const outcome = await adapter.sync(op, crm, syncContext(SECRETS));
    expect((outcome as { responseExcerpt: string }).responseExcerpt).to.match(/0 task\(s\) created \(1 already there\)$/);
    api.done();
  });

  it('reports a missing Opportunity as permanent when link.create is false', async () => {
    const adapter = createSalesforceAdapter();
    tokenEndpoint();
    nock(INSTANCE).get(`${BY_EXT_ID}?fields=Id`).reply(404, fixture('salesforce/404.not-found.json'));
    const crm = salesforce({ create: false });
    const outcome = await adapter.sync(operationFor('event.approved.json', crm), crm, syncContext(SECRETS));
    expect(outcome).to.deep.include({ result: 'permanent', code: 'E_CRM_NOT_FOUND' });
  });

  it('treats 300 Multiple Choices (several records with the external id) as permanent', async () => {
    const adapter = createSalesforceAdapter();
    tokenEndpoint();
    nock(INSTANCE).get(`${BY_EXT_ID}?fields=Id`).reply(300, fixture('salesforce/300.multiple.json'));
    const outcome = await adapter.sync(operationFor('event.approved.json', salesforce()), salesforce(), syncContext(SECRETS));
    expect(outcome).to.deep.include({ result: 'permanent', code: 'E_CRM_MULTIPLE_MATCHES', statusCode: 300 });
    expect((outcome as { message: string }).message).to.match(/^2 Salesforce records match/);
  });

  it('treats REQUEST_LIMIT_EXCEEDED as rate limited, not as a permission problem', async () => {
    const adapter = createSalesforceAdapter();
    tokenEndpoint();
    nock(INSTANCE).get(`${BY_EXT_ID}?fields=Id`).reply(403, fixture('salesforce/403.request-limit.json'));
    const outcome = await adapter.sync(operationFor('event.approved.json', salesforce()), salesforce(), syncContext(SECRETS));
    expect(outcome).to.deep.include({ result: 'rateLimited', code: 'E_CRM_RATE_LIMITED', waitMs: 15 * 60_000, statusCode: 403 });
  });

  it('records a validation error with Salesforce errorCode, message and fields', async () => {
    const adapter = createSalesforceAdapter();
    tokenEndpoint();
    nock(INSTANCE)
      .get(`${BY_EXT_ID}?fields=Id`)
      .reply(200, fixture('salesforce/opportunity.200.json'))
      .patch(`${API}/Opportunity/${OPP_ID}`)
      .reply(400, fixture('salesforce/400.picklist.json'));
    const outcome = await adapter.sync(operationFor('event.approved.json', salesforce()), salesforce(), syncContext(SECRETS));
    expect(outcome).to.deep.include({ result: 'permanent', code: 'E_CRM_VALIDATION', statusCode: 400 });
    expect((outcome as { message: string }).message).to.equal(
      'Salesforce Opportunity 006Kx00000AbCdEIAV update failed with 400: INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: Stage: bad value for restricted picklist field: Conditionally Approved [StageName]',
    );
  });

  it('retries when the token endpoint is down', async () => {
    const adapter = createSalesforceAdapter();
    nock(LOGIN).post('/services/oauth2/token').reply(503, '<html><body>Service Unavailable</body></html>', { 'content-type': 'text/html' });
    const outcome = await adapter.sync(operationFor('event.approved.json', salesforce()), salesforce(), syncContext(SECRETS));
    expect(outcome).to.deep.include({ result: 'retryable', statusCode: 503 });
  });
});
