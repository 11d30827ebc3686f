import { SHARED_FIXTURES } from '../support/sharedFixtures.js';
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import nock from 'nock';
import { registerBuiltInAdapters } from '../../adapters/index.js';
import { createHarness, type Harness } from '../support/harness.js';
import { waitFor } from '../support/waitFor.js';
import { testManifest } from '../support/testManifest.js';
import { fixture } from './crmTestSupport.js';

const SCHEMA = process.env.LENDWIRE_SCHEMA ?? 'lendwire';
const APPTRAKER = `${SHARED_FIXTURES}/apptraker`;
const CALLBACK_KEY = 'wl-crm-e2e-callback-key';
const API = 'https://api.hubapi.com';
const APP_ID = 'app_01JDXCRMCALLBACK000000000A';

describe('CRM sync from a lender callback: appTRAKER decision -> HubSpot deal', () => {
  let h: Harness;

  before(async () => {
    process.env.LW_CRM_E2E_CALLBACK_KEY = CALLBACK_KEY;
    process.env.LW_CRM_E2E_HUBSPOT_TOKEN = 'pat-na1-callback-e2e';
    h = await createHarness({
      manifest: testManifest({
        lenders: [{ id: 'westlake', adapter: 'apptraker', callbacks: { apiKey: { env: 'LW_CRM_E2E_CALLBACK_KEY' } } }],
        crm: [
          {
            id: 'hubspot-dealer',
            adapter: 'hubspot',
            credentials: { accessToken: { env: 'LW_CRM_E2E_HUBSPOT_TOKEN' } },
            link: { property: 'lendwire_application_id' },
            stages: { conditioned: 'qualifiedtobuy', funded: 'closedwon' },
            fields: {
              'data.terms.amountFinanced': { property: 'amount', type: 'number' },
              'data.terms.apr': { property: 'lendwire_apr', type: 'number' },
              'data.terms.term': { property: 'lendwire_term_months', type: 'integer' },
              'data.booked.firstPaymentDate': { property: 'lendwire_first_payment', type: 'date' },
            },
            retry: { schedule: ['100ms'] },
          },
        ],
      }),
      register: registerBuiltInAdapters,
    });
    await h.db.knex.withSchema(SCHEMA).table('applications').insert({ id: APP_ID, dealer_id: 'dealer-1', lender_id: 'westlake', status: 'submitted', lender_app_id: 'AT-7Q2K9W', application: '{}' });
  });
  after(async () => {
    nock.cleanAll();
    delete process.env.LW_CRM_E2E_CALLBACK_KEY;
    delete process.env.LW_CRM_E2E_HUBSPOT_TOKEN;
    await h?.close();
  });

  const post = (name: string, renumber?: { appId: string; appNo: string }) => {
    const text = readFileSync(`${APPTRAKER}/${name}`, 'utf8');
    const body = renumber ? text.replaceAll('AT-7Q2K9W', renumber.appId).replaceAll('1048576', renumber.appNo) : text;
    return fetch(`${h.url}/callbacks/westlake`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': CALLBACK_KEY }, body });
  };
  const processedRaw = (id: string) =>
    waitFor(async () => {
      const row = await h.db.knex.withSchema(SCHEMA).table('raw_callbacks').where({ id }).first();
      return row && row.process_status !== 'pending' ? row : undefined;
    }, 10_000, `callback ${id} to be processed`);

  it('moves the deal to the mapped stage with the decision terms, visible in the attempt log', async () => {
    const hubspot = nock(API, { reqheaders: { authorization: 'Bearer pat-na1-callback-e2e' } })
      .patch(`/crm/v3/objects/deals/${APP_ID}?idProperty=lendwire_application_id`, {
        properties: { amount: '21529.69', lendwire_apr: '8.19', lendwire_term_months: '72', dealstage: 'qualifiedtobuy' },
      })
      .reply(200, fixture('hubspot/deal.200.json'));

    expect((await post('01-stage1-processed.json')).status).to.equal(200);
    await waitFor(async () => (await h.db.knex.withSchema(SCHEMA).table('applications').where({ id: APP_ID }).first())?.lender_app_no === '1048576', 10_000, 'the stage-1 link');
    expect((await post('02-decision-conditioned.json')).status).to.equal(200);

    const delivery = await waitFor(
      async () => h.db.knex.withSchema(SCHEMA).table('deliveries').where({ target_kind: 'crm', target_id: 'hubspot-dealer', application_id: APP_ID, status: 'succeeded' }).whereExists(function () {
        this.select(h.db.knex.raw('1')).from(`${SCHEMA}.outbox`).whereRaw('outbox.id = deliveries.outbox_id').whereRaw("outbox.payload->>'status' = 'conditioned'");
      }).first(),
      10_000,
      'the conditioned decision to reach HubSpot',
    );
    hubspot.done();
    const attempts = await h.db.knex.withSchema(SCHEMA).table('delivery_attempts').where({ delivery_id: delivery.id });
    expect(attempts).to.have.length(1);
    expect(attempts[0]).to.include({ status_code: 200, error_code: null, response_excerpt: 'HubSpot deal 18273645501 updated, dealstage qualifiedtobuy, 3 mapped field(s), 0 task(s) created' });
    expect(h.logs()).not.to.contain('pat-na1-callback-e2e');
  });

  it('sends fields of a data-only update (booked applied after funded) to a target that follows status changes', async () => {
    const appId = 'app_01JDXCRMCALLBACK000000000B';
    const ids = { appId: 'AT-BOOKLATE', appNo: '2097152' };
    await h.db.knex.withSchema(SCHEMA).table('applications').insert({ id: appId, dealer_id: 'dealer-1', lender_id: 'westlake', status: 'submitted', lender_app_id: ids.appId, application: '{}' });
    const deal = `/crm/v3/objects/deals/${appId}?idProperty=lendwire_application_id`;
    const firstPayment = String(Date.UTC(2026, 11, 20)); // HubSpot dates: epoch ms at 00:00 UTC
    const funded = nock(API).patch(deal, (body) => body.properties.dealstage === 'closedwon').reply(200, fixture('hubspot/deal.200.json'));
    const dataOnly = nock(API)
      .patch(deal, (body) => body.properties.lendwire_first_payment === firstPayment && body.properties.dealstage === undefined)
      .reply(200, fixture('hubspot/deal.200.json'));

    for (const name of ['01-stage1-processed.json', '05-funded.json', '04-booked.json']) {
      const res = await post(name, ids);
      expect(res.status).to.equal(200);
      await processedRaw(((await res.json()) as { id: string }).id);
    }
    const updated = await h.db.knex.withSchema(SCHEMA).table('outbox').where({ application_id: appId, type: 'application.updated' }).first();
    expect(updated.payload.booked.firstPaymentDate).to.equal('2026-12-20');
    await waitFor(async () => funded.isDone() && dataOnly.isDone(), 10_000, 'the funded stage and the first payment date to reach HubSpot');
    const app = await h.db.knex.withSchema(SCHEMA).table('applications').where({ id: appId }).first();
    expect(app.status).to.equal('funded');
  });
});
