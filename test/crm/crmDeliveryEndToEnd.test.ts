import { expect } from 'chai';
import nock from 'nock';
import type { Knex } from 'knex';
import { pino } from 'pino';
import { createHarness, type Harness } from '../support/harness.js';
import { waitFor } from '../support/waitFor.js';
import { createLendwire } from '../../plugin/index.js';
import { testManifest } from '../support/testManifest.js';
import { recordTransition } from '../../plugin/applications/recordTransition.js';
import type { ApplicationStatus } from '../../plugin/sdk/statuses.js';
import { createHubspotAdapter } from '../../adapters/crm/hubspot/index.js';
import { fixture } from './crmTestSupport.js';

const SCHEMA = process.env.LENDWIRE_SCHEMA ?? 'lendwire';
const API = 'https://api.hubapi.com';
const TOKEN = 'pat-na1-e2e-token';

async function newApplication(knex: Knex, id: string, status: ApplicationStatus): Promise<void> {
  await knex.withSchema(SCHEMA).table('applications').insert({ id, dealer_id: 'dealer-1', lender_id: 'westlake', external_ref: `DMS-${id.slice(-4)}`, status, application: JSON.stringify({}) });
}

/** A lender's decision as the callback processor records it: row, history and outbox event in one transaction. */
async function changeStatus(knex: Knex, id: string, from: ApplicationStatus, to: ApplicationStatus, eventData: Record<string, unknown> = {}): Promise<void> {
  await knex.transaction((trx) =>
    recordTransition(trx, SCHEMA, { applicationId: id, dealerId: 'dealer-1', from, to, source: 'callback', lenderStatus: to === 'conditioned' ? 'Conditioned' : to, eventData }),
  );
}

const crmDeliveries = (knex: Knex, applicationId: string) =>
  knex.withSchema(SCHEMA).table('deliveries').where({ target_kind: 'crm', target_id: 'hubspot-e2e', application_id: applicationId }).orderBy('created_at');
const attemptsOf = (knex: Knex, deliveryId: string) => knex.withSchema(SCHEMA).table('delivery_attempts').where({ delivery_id: deliveryId }).orderBy('id');

describe('CRM sync end to end: status change -> outbox relay -> crm delivery -> HubSpot', () => {
  let h: Harness;

  before(async () => {
    process.env.LW_E2E_HUBSPOT_TOKEN = TOKEN;
    h = await createHarness({
      manifest: testManifest({
        crm: [
          {
            id: 'hubspot-e2e',
            adapter: 'hubspot',
            credentials: { accessToken: { env: 'LW_E2E_HUBSPOT_TOKEN' } },
            link: { property: 'lendwire_application_id' },
            stages: { conditioned: 'qualifiedtobuy', funded: 'closedwon' },
            fields: { 'data.terms.apr': { property: 'lendwire_apr', type: 'number' }, 'application.lenderId': 'lendwire_lender' },
            actions: { withdrawn: { type: 'task', subject: 'Reactivate {application.externalRef}', dueInDays: 2 } },
            retry: { schedule: ['100ms', '100ms'] },
            rateLimit: { perSecond: 100, burst: 100 },
          },
        ],
      }),
      register: (lw) => lw.registerCrmAdapter(createHubspotAdapter()),
    });
  });
  afterEach(() => nock.cleanAll());
  after(async () => {
    delete process.env.LW_E2E_HUBSPOT_TOKEN;
    await h?.close();
  });

  it('moves the deal to the mapped stage with the lender terms, and the attempt log shows it', async () => {
    const id = 'app_01JDXE2E000000000000000001';
    await newApplication(h.db.knex, id, 'received');
    const hubspot = nock(API, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
      .patch(`/crm/v3/objects/deals/${id}?idProperty=lendwire_application_id`, { properties: { lendwire_apr: '8.19', lendwire_lender: 'westlake', dealstage: 'qualifiedtobuy' } })
      .reply(200, fixture('hubspot/deal.200.json'));
    await changeStatus(h.db.knex, id, 'received', 'conditioned', { terms: { apr: 8.19, term: 72 } });

    const [delivery] = await waitFor(async () => {
      const rows = await crmDeliveries(h.db.knex, id);
      return rows.length && rows[0].status === 'succeeded' ? rows : undefined;
    }, 10_000, 'the crm delivery to succeed');
    hubspot.done();
    expect(delivery).to.include({ event_type: 'application.status_changed', attempts: 1 });
    const attempts = await attemptsOf(h.db.knex, delivery.id);
    expect(attempts).to.have.length(1);
    expect(attempts[0]).to.include({ error_code: null, status_code: 200 });
    expect(attempts[0].response_excerpt).to.equal('HubSpot deal 18273645501 updated, dealstage qualifiedtobuy, 2 mapped field(s), 0 task(s) created');
  });

  it('waits out a 429 without using up an attempt, then delivers the reactivation task', async () => {
    const id = 'app_01JDXE2E000000000000000002';
    await newApplication(h.db.knex, id, 'conditioned');
    const hubspot = nock(API)
      .patch(`/crm/v3/objects/deals/${id}?idProperty=lendwire_application_id`)
      .reply(429, fixture('hubspot/429.ten-secondly.json'), { 'retry-after': '1' })
      .patch(`/crm/v3/objects/deals/${id}?idProperty=lendwire_application_id`, { properties: { lendwire_lender: 'westlake' } })
      .reply(200, { id: '5550001' })
      .post('/crm/v3/objects/tasks/search')
      .reply(200, fixture('hubspot/task-search.none.json'))
      .post('/crm/v3/objects/tasks', (body) => body.properties.hs_task_subject === 'Reactivate DMS-0002' && body.associations[0].to.id === '5550001')
      .reply(201, fixture('hubspot/task.201.json'));
    await changeStatus(h.db.knex, id, 'conditioned', 'withdrawn');

    const [delivery] = await waitFor(async () => {
      const rows = await crmDeliveries(h.db.knex, id);
      return rows.length && rows[0].status === 'succeeded' ? rows : undefined;
    }, 10_000, 'the crm delivery to succeed after the rate-limit wait');
    hubspot.done();
    const attempts = await attemptsOf(h.db.knex, delivery.id);
    expect(attempts.map((a) => [a.status_code, a.error_code])).to.deep.equal([
      [429, 'E_CRM_RATE_LIMITED'],
      [201, null],
    ]);
    expect(attempts[1].response_excerpt).to.equal('HubSpot deal 5550001 updated, 1 mapped field(s), 1 task(s) created');
    expect(attempts[0].error_message).to.match(/ten_secondly_rolling limit.*correlationId c9f2f6a1/);
    expect(new Date(attempts[1].started_at).getTime() - new Date(attempts[0].started_at).getTime()).to.be.at.least(900);
    // The wait did not count as a failed attempt.
    expect(delivery.attempts).to.equal(1);
  });

  it('a 429 with Retry-After: 0 waits at least the rate-limit floor (1 s), not a tight loop', async () => {
    const id = 'app_01JDXE2E000000000000000009';
    await newApplication(h.db.knex, id, 'received');
    const path = `/crm/v3/objects/deals/${id}?idProperty=lendwire_application_id`;
    const hubspot = nock(API)
      .patch(path)
      .reply(429, fixture('hubspot/429.ten-secondly.json'), { 'retry-after': '0' })
      .patch(path)
      .reply(200, fixture('hubspot/deal.200.json'));
    await changeStatus(h.db.knex, id, 'received', 'conditioned', { terms: { apr: 6.1 } });
    const [delivery] = await waitFor(async () => {
      const rows = await crmDeliveries(h.db.knex, id);
      return rows.length && rows[0].status === 'succeeded' ? rows : undefined;
    }, 10_000, 'the crm delivery to succeed after the floor');
    hubspot.done();
    const attempts = await attemptsOf(h.db.knex, delivery.id);
    expect(attempts.map((a) => a.status_code)).to.deep.equal([429, 200]);
    expect(new Date(attempts[1].started_at).getTime() - new Date(attempts[0].started_at).getTime()).to.be.at.least(950);
  });

  it('retries a CRM that is down on the schedule, dead-letters it, and a replay sends it (same attempt log)', async () => {
    const id = 'app_01JDXE2E000000000000000004';
    await newApplication(h.db.knex, id, 'received');
    const path = `/crm/v3/objects/deals/${id}?idProperty=lendwire_application_id`;
    const down = nock(API).patch(path).times(3).reply(503, '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>', { 'content-type': 'text/html' });
    await changeStatus(h.db.knex, id, 'received', 'conditioned', { terms: { apr: 7.5 } });

    const [dead] = await waitFor(async () => {
      const rows = await crmDeliveries(h.db.knex, id);
      return rows.length && rows[0].status === 'dead_lettered' ? rows : undefined;
    }, 10_000, 'the crm delivery to be dead-lettered');
    down.done();
    expect(dead).to.include({ attempts: 3, last_error_code: 'E_HTTP_5XX' });
    expect(dead.last_error).to.match(/HTML error page/);
    const opsEvent = await h.db.knex.withSchema(SCHEMA).table('outbox').where({ type: 'delivery.dead_lettered' }).whereRaw("payload->>'deliveryId' = ?", [dead.id]).first();
    expect(opsEvent.payload).to.include({ targetKind: 'crm', targetId: 'hubspot-e2e', attempts: 3 });

    const up = nock(API).patch(path, { properties: { lendwire_apr: '7.5', lendwire_lender: 'westlake', dealstage: 'qualifiedtobuy' } }).reply(200, { id: '5550004' });
    const replay = await h.lendwire.deliveries.replay(dead.id, { actor: 'u-operator' });
    expect(replay).to.include({ replayed: true });
    await waitFor(async () => (await crmDeliveries(h.db.knex, id))[0].status === 'succeeded', 10_000, 'the replayed delivery to succeed');
    up.done();
    const attempts = await attemptsOf(h.db.knex, dead.id);
    expect(attempts.map((a) => [a.attempt, a.status_code, a.error_code])).to.deep.equal([
      [1, 503, 'E_HTTP_5XX'],
      [2, 503, 'E_HTTP_5XX'],
      [3, 503, 'E_HTTP_5XX'],
      [4, 200, null],
    ]);
  });

  it('pauses the CRM target on revoked credentials, keeps the delivery, and says why', async () => {
    const id = 'app_01JDXE2E000000000000000003';
    await newApplication(h.db.knex, id, 'booked');
    const hubspot = nock(API).patch(`/crm/v3/objects/deals/${id}?idProperty=lendwire_application_id`).reply(401, fixture('hubspot/401.invalid-authentication.json'));
    await changeStatus(h.db.knex, id, 'booked', 'funded');

    const [delivery] = await waitFor(async () => {
      const rows = await crmDeliveries(h.db.knex, id);
      return rows.length && rows[0].status === 'paused' ? rows : undefined;
    }, 10_000, 'the crm delivery to be paused');
    hubspot.done();
    expect(delivery.last_error_code).to.equal('E_CRM_AUTH');
    const attempts = await attemptsOf(h.db.knex, delivery.id);
    expect(attempts).to.have.length(1);
    expect(attempts[0]).to.include({ status_code: 401, error_code: 'E_CRM_AUTH' });
    expect(attempts[0].error_message).to.match(/credentials were rejected: HubSpot deal update failed with 401: INVALID_AUTHENTICATION/);
    const paused = await h.db.knex.withSchema(SCHEMA).table('crm_targets').where({ id: 'hubspot-e2e' }).first();
    expect(paused.disabled_reason).to.match(/INVALID_AUTHENTICATION/);
    const disabled = await h.db.knex.withSchema(SCHEMA).table('outbox').where({ type: 'endpoint.disabled' });
    expect(disabled.map((e) => e.payload)).to.deep.include.members([
      { targetKind: 'crm', targetId: 'hubspot-e2e', reason: paused.disabled_reason, lastErrorCode: 'E_CRM_AUTH', failingSince: disabled[0].payload.failingSince },
    ]);

    // Later changes are kept paused, not sent and not retried forever.
    await changeStatus(h.db.knex, id, 'funded', 'cancelled');
    const rows = await waitFor(async () => {
      const all = await crmDeliveries(h.db.knex, id);
      return all.length === 2 && all.every((d) => d.status === 'paused') ? all : undefined;
    }, 10_000, 'the second delivery to be paused too');
    expect(await attemptsOf(h.db.knex, rows[1].id)).to.have.length(0);
  });

  it('sends the paused deliveries once an admin replaces the token and restarts', async () => {
    const id = 'app_01JDXE2E000000000000000003';
    await h.lendwire.stop();
    process.env.LW_E2E_HUBSPOT_TOKEN = 'pat-na1-e2e-token-rotated';
    const restarted = await createLendwire({ manifest: h.lendwire.manifest, knex: h.db.knex, redis: h.redis.redis, logger: pino({ level: 'silent' }), auth: () => null, queuePrefix: h.redis.prefix });
    restarted.registerCrmAdapter(createHubspotAdapter());
    const sent: unknown[] = [];
    const hubspot = nock(API, { reqheaders: { authorization: 'Bearer pat-na1-e2e-token-rotated' } })
      .patch(`/crm/v3/objects/deals/${id}?idProperty=lendwire_application_id`, (body) => sent.push(body) > 0)
      .times(2)
      .reply(200, { id: '5550003' });
    try {
      await restarted.start();
      await waitFor(async () => {
        const all = await crmDeliveries(h.db.knex, id);
        return all.length === 2 && all.every((d) => d.status === 'succeeded') ? all : undefined;
      }, 10_000, 'both paused deliveries to go out');
      hubspot.done();
      // Whichever of the two goes first, the deal ends up in the funded stage (the cancellation maps no stage).
      const fundedFirst = [{ properties: { lendwire_lender: 'westlake', dealstage: 'closedwon' } }, { properties: { lendwire_lender: 'westlake' } }];
      // The cancellation first: the funded event then only adds what the cancellation did not write.
      const cancelledFirst = [{ properties: { lendwire_lender: 'westlake' } }, { properties: { dealstage: 'closedwon' } }];
      expect([fundedFirst, cancelledFirst], JSON.stringify(sent)).to.deep.include(sent);
      const pause = await h.db.knex.withSchema(SCHEMA).table('crm_targets').where({ id: 'hubspot-e2e' }).first();
      expect(pause.disabled_at).to.equal(null);
      const audit = await h.db.knex.withSchema(SCHEMA).table('audit_log').where({ action: 'crm_target.resume', target_id: 'hubspot-e2e' });
      expect(audit).to.have.length(1);
      expect(audit[0]).to.include({ actor: 'system' });
      expect(audit[0].details).to.deep.equal({ resumedDeliveries: 2 });
    } finally {
      await restarted.stop();
    }
  });
});
