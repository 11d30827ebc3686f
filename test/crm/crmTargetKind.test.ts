import { expect } from 'chai';
import nock from 'nock';
import { pino } from 'pino';
import { createHarness, type Harness } from '../support/harness.js';
import { testManifest } from '../support/testManifest.js';
import { CrmTargetKind } from '../../plugin/crm/CrmTargetKind.js';
import { DispatcherPool } from '../../plugin/outbound/DispatcherPool.js';
import { CrmTargetStateStore } from '../../plugin/crm/CrmTargetStateStore.js';
import { ExtensionPoint } from '../../plugin/kernel/ExtensionPoint.js';
import { SecretResolver } from '../../plugin/manifest/SecretResolver.js';
import { Metrics } from '../../plugin/observability/Metrics.js';
import { createHubspotAdapter } from '../../adapters/crm/hubspot/index.js';
import { NotFoundError, type CrmAdapter, type Manifest } from '../../plugin/index.js';
import { CrmTargetService } from '../../plugin/crm/CrmTargetService.js';
import { KeyedSerializer } from '../../plugin/crm/KeyedSerializer.js';
import { TargetStateStore } from '../../plugin/delivery/TargetStateStore.js';
import { DeliveryQueue } from '../../plugin/delivery/DeliveryQueue.js';
import { QueueFactory } from '../../plugin/queue/QueueFactory.js';
import type { DeliverableEvent } from '../../plugin/delivery/DeliveryTargetKind.js';

const SCHEMA = process.env.LENDWIRE_SCHEMA ?? 'lendwire';
const APP_ID = 'app_01JDXCRMKIND0000000000000A';
const API = 'https://api.hubapi.com';

const crmEntries = [
  {
    id: 'hubspot-main',
    adapter: 'hubspot',
    credentials: { accessToken: { env: 'LW_TEST_HUBSPOT_TOKEN' } },
    link: { by: 'externalRef', property: 'dms_deal_ref' },
    stages: { approved: 'qualifiedtobuy', funded: 'closedwon' },
    fields: { 'application.lenderId': 'lendwire_lender', 'data.decision.apr': { property: 'lendwire_apr', type: 'number' } },
    retry: { schedule: ['1s', '1m'] },
  },
  { id: 'hubspot-all', adapter: 'hubspot', events: ['application.*'], credentials: { accessToken: { env: 'LW_TEST_HUBSPOT_TOKEN' } }, link: { property: 'x' }, rateLimit: { perSecond: 1 } },
  { id: 'hubspot-off', adapter: 'hubspot', enabled: false, credentials: { accessToken: { env: 'LW_TEST_HUBSPOT_TOKEN' } }, link: { property: 'x' } },
];

function event(data: Record<string, unknown>, type = 'application.status_changed'): DeliverableEvent {
  return { outboxId: 1, eventId: 'msg_01JDXCRMKINDEVENT000000000', type, timestamp: '2026-11-20T15:21:41.000Z', applicationId: APP_ID, dealerId: 'dealer-1', data };
}

describe('the "crm" delivery target kind', () => {
  let h: Harness;
  let kind: CrmTargetKind;
  let state: CrmTargetStateStore;
  let manifest: Manifest;
  let secrets: SecretResolver;
  const crms = new ExtensionPoint<CrmAdapter>('CRM adapter');
  crms.register(createHubspotAdapter());
  const dispatchers = new DispatcherPool('crm-http');
  const crmKind = (m: Manifest, s: SecretResolver, st: CrmTargetStateStore) => new CrmTargetKind(m, h.db.knex, { schema: SCHEMA }, crms, s, new Metrics(), pino({ level: 'silent' }), st, dispatchers);

  before(async () => {
    process.env.LW_TEST_HUBSPOT_TOKEN = 'pat-na1-first-token';
    h = await createHarness({ start: false, manifest: testManifest({ crm: crmEntries }) });
    manifest = h.lendwire.manifest;
    await h.db.knex.withSchema(SCHEMA).table('applications').insert({
      id: APP_ID,
      dealer_id: 'dealer-1',
      lender_id: 'westlake',
      external_ref: 'DMS-DEAL-7781',
      status: 'approved',
      application: JSON.stringify({ vehicle: { vin: '1HGCM82633A004352' } }),
    });
  });
  beforeEach(() => {
    secrets = new SecretResolver();
    state = new CrmTargetStateStore(h.db.knex, { schema: SCHEMA }, secrets);
    kind = crmKind(manifest, secrets, state);
  });
  afterEach(() => nock.cleanAll());
  after(async () => {
    delete process.env.LW_TEST_HUBSPOT_TOKEN;
    await dispatchers.stop();
    await h.close();
  });

  it('targets CRMs whose events filter matches (default application.status_changed), never events without an application', async () => {
    expect(await kind.targetsFor({ type: 'application.status_changed', applicationId: APP_ID, dealerId: 'dealer-1' })).to.deep.equal(['hubspot-main', 'hubspot-all', 'hubspot-off']);
    expect(await kind.targetsFor({ type: 'application.submitted', applicationId: APP_ID, dealerId: 'dealer-1' })).to.deep.equal(['hubspot-all']);
    expect(await kind.targetsFor({ type: 'delivery.dead_lettered', applicationId: null, dealerId: null })).to.deep.equal([]);
  });

  it('gives the engine retry schedule, rate limit (manifest over adapter default) and enabled state', async () => {
    expect(await kind.policy('hubspot-main')).to.deep.equal({ enabled: true, disabledReason: null, retryScheduleMs: [1000, 60_000], rateLimit: { perSecond: 3, burst: 10 } });
    const all = await kind.policy('hubspot-all');
    expect(all?.rateLimit).to.deep.equal({ perSecond: 1, burst: 10 });
    expect(all?.retryScheduleMs).to.have.length(9);
    expect(await kind.policy('hubspot-off')).to.deep.include({ enabled: false });
    expect(await kind.policy('nope')).to.equal(null);
  });

  it('sends the mapped update with the externalRef and lender read from the application row', async () => {
    const scope = nock(API)
      .patch('/crm/v3/objects/deals/DMS-DEAL-7781?idProperty=dms_deal_ref', { properties: { lendwire_lender: 'westlake', lendwire_apr: '8.19', dealstage: 'qualifiedtobuy' } })
      .reply(200, { id: '991' });
    const outcome = await kind.send(event({ previousStatus: 'received', status: 'approved', decision: { apr: '8.19' } }), { deliveryId: 'dlv_1', attempt: 1, targetId: 'hubspot-main' });
    expect(outcome).to.deep.include({ result: 'delivered' });
    scope.done();
  });

  it('records a skipped event as delivered with the reason, without calling the CRM', async () => {
    await h.db.knex.withSchema(SCHEMA).table('applications').where({ id: APP_ID }).update({ external_ref: null });
    try {
      const outcome = await kind.send(event({ previousStatus: 'received', status: 'approved' }), { deliveryId: 'dlv_2', attempt: 1, targetId: 'hubspot-main' });
      expect(outcome.result).to.equal('delivered');
      expect((outcome as { responseExcerpt: string }).responseExcerpt).to.match(/^skipped, nothing sent to the CRM: the application has no externalRef/);
    } finally {
      await h.db.knex.withSchema(SCHEMA).table('applications').where({ id: APP_ID }).update({ external_ref: 'DMS-DEAL-7781' });
    }
  });

  it('notes fields it had to leave out in the attempt log excerpt', async () => {
    nock(API).patch('/crm/v3/objects/deals/DMS-DEAL-7781?idProperty=dms_deal_ref', { properties: { lendwire_lender: 'westlake', dealstage: 'qualifiedtobuy' } }).reply(200, { id: '991' });
    const outcome = await kind.send(event({ previousStatus: 'received', status: 'approved', decision: { apr: 'n/a' } }), { deliveryId: 'dlv_3', attempt: 1, targetId: 'hubspot-main' });
    expect((outcome as { responseExcerpt: string }).responseExcerpt).to.match(/updated.*; left out: data\.decision\.apr is "n\/a", not a number; lendwire_apr was not updated/);
  });

  it('stays paused after the engine disables it, until the credentials change', async () => {
    const crm = manifest.crm[0];
    const paused = await h.db.knex.transaction((trx) => kind.disable('hubspot-main', 'disabled after 401: credentials were rejected', trx));
    expect(paused).to.equal(true);
    expect(await h.db.knex.transaction((trx) => kind.disable('hubspot-main', 'again', trx))).to.equal(false);
    expect(await kind.policy('hubspot-main')).to.deep.include({ enabled: false, disabledReason: 'disabled after 401: credentials were rejected' });
    const [row] = await h.db.knex.withSchema(SCHEMA).table('crm_targets').where({ id: 'hubspot-main' });
    expect(row.credentials_fingerprint).to.equal(state.fingerprint(crm)).and.not.to.contain('first-token');

    // An admin puts a new token in place and restarts: a fresh secret resolver reads it.
    process.env.LW_TEST_HUBSPOT_TOKEN = 'pat-na1-second-token';
    const restarted = crmKind(manifest, new SecretResolver(), new CrmTargetStateStore(h.db.knex, { schema: SCHEMA }, new SecretResolver()));
    expect(await restarted.policy('hubspot-main')).to.deep.include({ enabled: true });
  });

  it('shows operators which CRM targets are paused and why, and resumes one with an audit entry', async () => {
    const queues = new QueueFactory(h.redis.redis, { queuePrefix: h.redis.prefix }, pino({ level: 'silent' }));
    try {
      const service = new CrmTargetService(manifest, h.db.knex, { schema: SCHEMA }, state, new TargetStateStore(h.db.knex, { schema: SCHEMA }), new DeliveryQueue(queues), pino({ level: 'silent' }));
      await h.db.knex.transaction((trx) => kind.disable('hubspot-all', 'disabled after 401: credentials were rejected', trx));
      const listed = await service.list();
      expect(listed.map((t) => [t.id, t.enabledInManifest, t.paused?.reason ?? null])).to.deep.equal([
        ['hubspot-main', true, null],
        ['hubspot-all', true, 'disabled after 401: credentials were rejected'],
        ['hubspot-off', false, null],
      ]);
      expect(listed[1]).to.include({ adapter: 'hubspot', pausedDeliveries: 0 });
      expect(listed[1].events).to.deep.equal(['application.*']);

      const resumed = await service.resume('hubspot-all', { actor: 'u-operator' });
      expect(resumed.paused).to.equal(null);
      expect(await kind.policy('hubspot-all')).to.deep.include({ enabled: true });
      const audit = await h.db.knex.withSchema(SCHEMA).table('audit_log').where({ action: 'crm_target.resume', target_id: 'hubspot-all' });
      expect(audit.map((a) => a.actor)).to.deep.equal(['u-operator']);
      let missing: unknown;
      await service.resume('nope', { actor: 'u-operator' }).catch((err) => (missing = err));
      expect(missing).to.be.instanceOf(NotFoundError);
    } finally {
      await queues.close(1000);
    }
  });

  it('does not let an older event retried after newer ones overwrite what they already wrote', async () => {
    const synced = async (suffix: string, payload: Record<string, unknown>) => {
      const eventId = `msg_01JDXCRMKINDNEWER0000000${suffix}`;
      const [row] = await h.db.knex
        .withSchema(SCHEMA)
        .table('outbox')
        .insert({ event_id: eventId, type: 'application.status_changed', application_id: APP_ID, dealer_id: 'dealer-1', payload: JSON.stringify(payload) })
        .returning(['id']);
      await h.db.knex.withSchema(SCHEMA).table('deliveries').insert({
        id: `dlv_01JDXCRMKINDNEWER0000000${suffix}`,
        outbox_id: row.id,
        event_id: eventId,
        event_type: 'application.status_changed',
        application_id: APP_ID,
        target_kind: 'crm',
        target_id: 'hubspot-main',
        status: 'succeeded',
      });
      return Number(row.id);
    };
    const firstNewer = await synced('01', { previousStatus: 'approved', status: 'funded' });
    const older = { ...event({ previousStatus: 'received', status: 'approved', decision: { apr: '9.99' } }), outboxId: firstNewer - 1 };

    // The newer event set the stage and the lender, not the APR: only the APR goes out.
    const partial = nock(API).patch('/crm/v3/objects/deals/DMS-DEAL-7781?idProperty=dms_deal_ref', { properties: { lendwire_apr: '9.99' } }).reply(200, { id: '991' });
    const first = await kind.send(older, { deliveryId: 'dlv_5', attempt: 3, targetId: 'hubspot-main' });
    partial.done();
    expect((first as { responseExcerpt: string }).responseExcerpt).to.match(
      /^HubSpot deal 991 updated, 1 mapped field\(s\), 0 task\(s\) created; not sent \(newer event msg_01JDXCRMKINDNEWER000000001 already synced\): stage, lendwire_lender$/,
    );

    // Once a newer event also carried the APR, nothing of the older one is left to send.
    await synced('02', { previousStatus: 'funded', status: 'funded', decision: { apr: '8.00' } });
    const second = await kind.send(older, { deliveryId: 'dlv_5', attempt: 4, targetId: 'hubspot-main' });
    expect(second).to.deep.equal({
      result: 'delivered',
      responseExcerpt: 'skipped, nothing sent to the CRM: newer events (msg_01JDXCRMKINDNEWER000000001, msg_01JDXCRMKINDNEWER000000002) have already been synced',
    });
    expect(nock.pendingMocks()).to.deep.equal([]);
  });

  it('sends events about the same deal one at a time, others in parallel', async () => {
    const serializer = new KeyedSerializer();
    const log: string[] = [];
    const step = (name: string, ms: number) => async () => {
      log.push(`${name}:start`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`${name}:end`);
      if (name === 'a1') throw new Error('a1 failed');
      return name;
    };
    const results = await Promise.allSettled([serializer.run('a', step('a1', 30)), serializer.run('a', step('a2', 1)), serializer.run('b', step('b1', 5))]);
    expect(results.map((r) => r.status)).to.deep.equal(['rejected', 'fulfilled', 'fulfilled']);
    // a2 waits for a1 (even though a1 failed); b1 does not wait for anyone.
    expect(log.indexOf('a2:start')).to.be.greaterThan(log.indexOf('a1:end'));
    expect(log.indexOf('b1:end')).to.be.lessThan(log.indexOf('a1:end'));
  });

  it('fails permanently and pauses a target its adapter finds misconfigured', async () => {
    const broken = { ...manifest, crm: [{ ...manifest.crm[0], stages: { approved: 12345 } }] };
    const k = crmKind(broken, secrets, state);
    const outcome = await k.send(event({ previousStatus: 'received', status: 'approved' }), { deliveryId: 'dlv_4', attempt: 1, targetId: 'hubspot-main' });
    expect(outcome).to.deep.include({ result: 'permanent', code: 'E_CRM_CONFIG', disableTarget: true });
    expect((outcome as { message: string }).message).to.match(/\/crm\/0\/link\/pipeline: is required when stages name custom-pipeline stage ids/);
  });
});
