import { expect } from 'chai';
import nock from 'nock';
import { createHubspotAdapter } from '../../adapters/crm/hubspot/index.js';
import { toHubspotDealProperties, toHubspotValue } from '../../adapters/crm/hubspot/toHubspotProperties.js';
import type { CrmConfig } from '../../plugin/index.js';
import { crmTarget, fixture, operationFor, syncContext } from './crmTestSupport.js';

const API = 'https://api.hubapi.com';
const TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';
const APP_ID = 'app_01JDX5M0C2R8J6E3ZP7Q9K1V4B';

const hubspot = (link: Record<string, unknown> = {}): CrmConfig =>
  crmTarget({
    id: 'hubspot-main',
    adapter: 'hubspot',
    credentials: { accessToken: { env: 'HUBSPOT_TOKEN' } },
    link: { property: 'lendwire_application_id', name: 'Finance {application.externalRef}', pipeline: 'default', ...link },
    stages: { conditioned: 'qualifiedtobuy', funded: 'closedwon' },
    fields: {
      'data.decision.apr': { property: 'lendwire_apr', type: 'number' },
      'data.decision.decidedAt': { property: 'lendwire_decided_on', type: 'date' },
      'application.lenderId': 'lendwire_lender',
    },
    actions: { withdrawn: { type: 'task', subject: 'Reactivate {application.externalRef}', body: 'Reason: {data.reason}', dueInDays: 3, priority: 'high' } },
  });
const ctx = () => syncContext({ HUBSPOT_TOKEN: TOKEN });
const dealPath = `/crm/v3/objects/deals/${APP_ID}?idProperty=lendwire_application_id`;

describe('HubSpot CRM adapter', () => {
  const adapter = createHubspotAdapter();
  afterEach(() => {
    nock.cleanAll();
  });

  it('formats values the HubSpot way: strings, epoch-ms dates at midnight UTC', () => {
    expect(toHubspotValue({ type: 'number', value: 8.19 })).to.equal('8.19');
    expect(toHubspotValue({ type: 'boolean', value: false })).to.equal('false');
    expect(toHubspotValue({ type: 'date', value: '2026-11-20' })).to.equal('1795132800000');
    expect(toHubspotValue({ type: 'datetime', value: '2026-11-20T15:21:40.000Z' })).to.equal('1795188100000');
    expect(toHubspotValue({ type: 'null', value: null })).to.equal('');
    expect(toHubspotDealProperties(operationFor('event.approved.json', hubspot()))).to.deep.equal({
      lendwire_apr: '8.19',
      lendwire_decided_on: '1795132800000',
      lendwire_lender: 'westlake',
      dealstage: 'qualifiedtobuy',
      pipeline: 'default',
    });
  });

  it('PATCHes the deal by its unique property with a bearer token, dealstage and custom properties', async () => {
    const scope = nock(API, { reqheaders: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } })
      .patch(dealPath, {
        properties: { lendwire_apr: '8.19', lendwire_decided_on: '1795132800000', lendwire_lender: 'westlake', dealstage: 'qualifiedtobuy', pipeline: 'default' },
      })
      .reply(200, fixture('hubspot/deal.200.json'));
    const outcome = await adapter.sync(operationFor('event.approved.json', hubspot()), hubspot(), ctx());
    expect(outcome, JSON.stringify(outcome)).to.deep.include({ result: 'delivered' });
    expect((outcome as { responseExcerpt: string }).responseExcerpt).to.match(/HubSpot deal 18273645501 updated, dealstage qualifiedtobuy/);
    scope.done();
  });

  it('creates a missing deal through batch upsert by the unique property', async () => {
    const scope = nock(API)
      .patch(dealPath)
      .reply(404, fixture('hubspot/404.object-not-found.json'))
      .post('/crm/v3/objects/deals/batch/upsert', {
        inputs: [
          {
            idProperty: 'lendwire_application_id',
            id: APP_ID,
            properties: {
              dealname: 'Finance DMS-DEAL-7781',
              pipeline: 'default',
              closedate: String(Date.parse('2026-12-20T00:00:00Z')),
              lendwire_apr: '8.19',
              lendwire_decided_on: '1795132800000',
              lendwire_lender: 'westlake',
              dealstage: 'qualifiedtobuy',
            },
          },
        ],
      })
      .reply(200, fixture('hubspot/batch-upsert.200.json'));
    const outcome = await adapter.sync(operationFor('event.approved.json', hubspot()), hubspot(), ctx());
    expect((outcome as { responseExcerpt: string }).responseExcerpt).to.match(/deal 18273645999 created/);
    scope.done();
  });

  it('reports a missing deal as permanent when link.create is false', async () => {
    nock(API).patch(dealPath).reply(404, fixture('hubspot/404.object-not-found.json'));
    const crm = hubspot({ create: false });
    const outcome = await adapter.sync(operationFor('event.approved.json', crm), crm, ctx());
    expect(outcome).to.deep.include({ result: 'permanent', code: 'E_CRM_NOT_FOUND', statusCode: 404 });
    expect((outcome as { message: string }).message).to.match(/no HubSpot deal has lendwire_application_id = app_01J.* and link.create is false/);
  });

  it('creates the reactivation task associated with the deal (association type 216)', async () => {
    const scope = nock(API)
      .patch(dealPath, { properties: { lendwire_lender: 'westlake' } })
      .reply(200, fixture('hubspot/deal.200.json'))
      .post('/crm/v3/objects/tasks/search', {
        filterGroups: [
          {
            filters: [
              { propertyName: 'associations.deal', operator: 'EQ', value: '18273645501' },
              { propertyName: 'hs_task_subject', operator: 'EQ', value: 'Reactivate DMS-DEAL-7781' },
              { propertyName: 'hs_timestamp', operator: 'EQ', value: String(Date.parse('2026-11-24T09:00:00.000Z')) },
            ],
          },
        ],
        properties: ['hs_task_subject'],
        limit: 1,
      })
      .reply(200, fixture('hubspot/task-search.none.json'))
      .post('/crm/v3/objects/tasks', {
        properties: {
          hs_timestamp: '2026-11-24T09:00:00.000Z',
          hs_task_subject: 'Reactivate DMS-DEAL-7781',
          hs_task_body: 'Reason: customer chose another lender',
          hs_task_status: 'NOT_STARTED',
          hs_task_priority: 'HIGH',
          hs_task_type: 'TODO',
        },
        associations: [{ to: { id: '18273645501' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 216 }] }],
      })
      .reply(201, fixture('hubspot/task.201.json'));
    const outcome = await adapter.sync(operationFor('event.withdrawn.json', hubspot()), hubspot(), ctx());
    expect(outcome).to.deep.include({ result: 'delivered', statusCode: 201 });
    expect((outcome as { responseExcerpt: string }).responseExcerpt).to.match(/1 task\(s\) created$/);
    scope.done();
  });

  it('does not create the task again when an earlier attempt already did (answer lost to a timeout)', async () => {
    const scope = nock(API)
      .patch(dealPath)
      .reply(200, fixture('hubspot/deal.200.json'))
      .post('/crm/v3/objects/tasks/search')
      .reply(200, fixture('hubspot/task-search.one.json'));
    const outcome = await adapter.sync(operationFor('event.withdrawn.json', hubspot()), hubspot(), ctx());
    expect((outcome as { responseExcerpt: string }).responseExcerpt).to.match(/0 task\(s\) created \(1 already there\)$/);
    scope.done();
    expect(nock.pendingMocks()).to.deep.equal([]);
  });

  it('waits out the ten-secondly limit: Retry-After when sent, else ten seconds', async () => {
    nock(API).patch(dealPath).reply(429, fixture('hubspot/429.ten-secondly.json'), { 'retry-after': '3' });
    const withHeader = await adapter.sync(operationFor('event.approved.json', hubspot()), hubspot(), ctx());
    expect(withHeader).to.deep.include({ result: 'rateLimited', waitMs: 3000, statusCode: 429 });
    expect((withHeader as { message: string }).message).to.match(/You have reached your ten_secondly_rolling limit.*correlationId c9f2f6a1/);

    nock(API).patch(dealPath).reply(429, fixture('hubspot/429.ten-secondly.json'));
    const without = await adapter.sync(operationFor('event.approved.json', hubspot()), hubspot(), ctx());
    expect(without).to.deep.include({ result: 'rateLimited', waitMs: 10_000 });
  });

  it('waits for the next day on the DAILY policy', async () => {
    nock(API).patch(dealPath).reply(429, fixture('hubspot/429.daily.json'));
    const before = Date.now();
    const outcome = await adapter.sync(operationFor('event.approved.json', hubspot()), hubspot(), ctx());
    const after = Date.now();
    expect(outcome.result).to.equal('rateLimited');
    const waitMs = (outcome as { waitMs: number }).waitMs;
    // The adapter read the clock between before and after, so it waits until the
    // midnight UTC after one of them (both the same one unless the call spanned midnight).
    const midnights = [before, after].map((t) => new Date(t).setUTCHours(24, 0, 0, 0));
    expect(midnights.some((m) => m >= before + waitMs - 1000 && m <= after + waitMs + 1000), `waits ${waitMs} ms from ${new Date(before).toISOString()}`).to.equal(true);
  });

  it('records validation errors with HubSpot category, message and correlationId as permanent', async () => {
    nock(API).patch(dealPath).reply(400, fixture('hubspot/400.validation.json'));
    const outcome = await adapter.sync(operationFor('event.approved.json', hubspot()), hubspot(), ctx());
    expect(outcome).to.deep.include({ result: 'permanent', code: 'E_CRM_VALIDATION', statusCode: 400 });
    expect((outcome as { message: string }).message).to.match(/VALIDATION_ERROR: Property values were not valid.*8\.19x is not a valid number value.*correlationId 0c2f4b3e/);
    expect((outcome as { responseExcerpt: string }).responseExcerpt).to.contain('"category":"VALIDATION_ERROR"');
  });

  it('reports a batch upsert 207 error as permanent with the CRM message', async () => {
    nock(API).patch(dealPath).reply(404, fixture('hubspot/404.object-not-found.json')).post('/crm/v3/objects/deals/batch/upsert').reply(207, fixture('hubspot/207.batch-error.json'));
    const outcome = await adapter.sync(operationFor('event.approved.json', hubspot()), hubspot(), ctx());
    expect(outcome).to.deep.include({ result: 'permanent', code: 'E_CRM_VALIDATION' });
    expect((outcome as { message: string }).message).to.match(/Stage not found/);
  });

  it('pauses the target on revoked credentials or missing scopes', async () => {
    nock(API).patch(dealPath).reply(401, fixture('hubspot/401.invalid-authentication.json'));
    const revoked = await adapter.sync(operationFor('event.approved.json', hubspot()), hubspot(), ctx());
    expect(revoked).to.deep.include({ result: 'permanent', code: 'E_CRM_AUTH', disableTarget: true, statusCode: 401 });
    expect((revoked as { message: string }).message).to.match(/credentials were rejected: .*INVALID_AUTHENTICATION/);

    nock(API).patch(dealPath).reply(403, fixture('hubspot/403.missing-scopes.json'));
    const scopes = await adapter.sync(operationFor('event.approved.json', hubspot()), hubspot(), ctx());
    expect(scopes).to.deep.include({ result: 'permanent', disableTarget: true, statusCode: 403 });
    expect((scopes as { message: string }).message).to.match(/lacks a scope/);
  });

  it('pauses the target without calling HubSpot when the token is missing', async () => {
    const outcome = await adapter.sync(operationFor('event.approved.json', hubspot()), hubspot(), syncContext({}));
    expect(outcome).to.deep.include({ result: 'permanent', code: 'E_CRM_CREDENTIALS', disableTarget: true });
    expect((outcome as { message: string }).message).to.equal('CRM target "hubspot-main": the secret for credentials.accessToken cannot be read');
  });

  it('retries HTML error pages from a proxy and timeouts', async () => {
    nock(API).patch(dealPath).reply(502, '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>', { 'content-type': 'text/html' });
    const html = await adapter.sync(operationFor('event.approved.json', hubspot()), hubspot(), ctx());
    expect(html).to.deep.include({ result: 'retryable', code: 'E_HTTP_5XX', statusCode: 502 });
    expect((html as { message: string }).message).to.match(/HTML error page/);

    nock(API).patch(dealPath).delay(500).reply(200, fixture('hubspot/deal.200.json'));
    const slow = await adapter.sync(operationFor('event.approved.json', hubspot()), hubspot(), syncContext({ HUBSPOT_TOKEN: TOKEN }, undefined, 100));
    expect(slow).to.deep.include({ result: 'retryable', code: 'E_TIMEOUT' });
    expect((slow as { message: string }).message).to.match(/no answer within 100 ms/);
  });
});
