import { expect } from 'chai';
import { jsonOf, type Harness } from '../support/harness.js';
import { startSampleReceiver, type SampleReceiver } from '../../host-example/receiver/sampleReceiver.js';
import { createAdminHarness, seedApplication, seedDelivery, testSealer, waitFor, WEBHOOK_SECRET, type SeededApplication } from './adminFixtures.js';

describe('admin API: replay, re-process, subscriptions', () => {
  let h: Harness;
  let receiver: SampleReceiver;
  let app: SeededApplication;
  const api = (path: string, token?: string, init: RequestInit & { json?: unknown } = {}) => h.request(`/admin/api${path}`, { ...init, token });
  const delivery = (id: string) => h.db.knex.withSchema('lendwire').table('deliveries').where({ id }).first();

  before(async () => {
    receiver = await startSampleReceiver({ secret: WEBHOOK_SECRET, print: () => undefined });
    h = await createAdminHarness(receiver.webhookUrl);
    app = await seedApplication(h.db.knex, testSealer(), { dealerId: 'dealer-1' });
  });
  after(async () => {
    await h?.close();
    await receiver?.close();
  });

  it('replays a dead letter: the operator\'s replay redelivers it to the endpoint, signed, and is audited', async () => {
    const id = await seedDelivery(h.db.knex, app, { status: 'dead_lettered' });
    const eventId = (await delivery(id)).event_id;
    const res = await api(`/deliveries/${id}/replay`, 'operator-token', { method: 'POST' });
    expect(res.status).to.equal(200);
    expect(await jsonOf(res)).to.include({ deliveryId: id, replayed: true });
    const got = await waitFor(async () => receiver.received.find((r) => r.id === eventId), 10_000, 'the replayed webhook');
    expect(got.type).to.equal('application.status_changed');
    await waitFor(async () => (await delivery(id)).status === 'succeeded', 10_000, 'succeeded');
    expect((await delivery(id)).replays).to.equal(1);
    const audit = await h.db.knex.withSchema('lendwire').table('audit_log').where({ action: 'delivery.replay', target_id: id });
    expect(audit[0]).to.include({ actor: 'u-operator' });
  });

  it('treats a replay of a delivery that is pending or in flight as a no-op and says so', async () => {
    const id = await seedDelivery(h.db.knex, app, { status: 'delivering' });
    const body = await jsonOf(await api(`/deliveries/${id}/replay`, 'admin-token', { method: 'POST' }));
    expect(body).to.include({ replayed: false, status: 'delivering' });
    expect(body.note).to.match(/no-op/);
    expect((await delivery(id)).replays).to.equal(0);
    expect((await api('/deliveries/dlv_missing/replay', 'admin-token', { method: 'POST' })).status).to.equal(404);
  });

  it('bulk-replays an endpoint\'s failures since a time only when confirmed, and bounded', async () => {
    const old = await seedDelivery(h.db.knex, app, { status: 'dead_lettered', targetId: 'partner', completedAt: new Date('2020-01-01T00:00:00Z') });
    const recent = [await seedDelivery(h.db.knex, app, { status: 'failed' }), await seedDelivery(h.db.knex, app, { status: 'dead_lettered' })];
    const since = new Date(Date.now() - 60_000).toISOString();
    const dry = await jsonOf(await api('/deliveries/replay', 'operator-token', { method: 'POST', json: { targetId: 'partner', since } }));
    expect(dry).to.include({ dryRun: true, matching: 2, limit: 1000 });
    expect((await delivery(recent[0])).status).to.equal('failed');
    const done = await jsonOf(await api('/deliveries/replay', 'operator-token', { method: 'POST', json: { targetId: 'partner', since, confirm: true } }));
    expect(done.replayed).to.equal(2);
    expect(done.deliveryIds).to.have.members(recent);
    for (const id of recent) await waitFor(async () => (await delivery(id)).status === 'succeeded', 10_000, `${id} succeeded`);
    expect((await delivery(old)).status).to.equal('dead_lettered');
    const bad = await api('/deliveries/replay', 'operator-token', { method: 'POST', json: { since: 'last night' } });
    expect(bad.status).to.equal(422);
    expect((await jsonOf(bad)).errors.map((e: { path: string }) => e.path).sort()).to.deep.equal(['/since', '/targetId']);
    const tooMany = await api('/deliveries/replay', 'operator-token', { method: 'POST', json: { deliveryIds: Array.from({ length: 101 }, (_, i) => `dlv_${i}`) } });
    expect(tooMany.status).to.equal(422);
  });

  it('replays selected deliveries by id', async () => {
    const ids = [await seedDelivery(h.db.knex, app, { status: 'dead_lettered' }), await seedDelivery(h.db.knex, app, { status: 'dead_lettered' })];
    const body = await jsonOf(await api('/deliveries/replay', 'admin-token', { method: 'POST', json: { deliveryIds: [...ids, 'dlv_unknown'] } }));
    expect(body.replayed).to.equal(2);
    expect(body.results.find((r: { deliveryId: string }) => r.deliveryId === 'dlv_unknown').status).to.equal('not_found');
  });

  it('lists unparseable callbacks for review and re-processes one, recording the outcome', async () => {
    const [row] = await h.db.knex
      .withSchema('lendwire')
      .table('raw_callbacks')
      .insert({ lender_id: 'westlake', headers: '{}', body: Buffer.from('<html>502</html>'), content_type: 'text/html', parse_status: 'unparseable', parse_reason: 'not JSON', process_status: 'review' })
      .returning(['id']);
    const list = await jsonOf(await api('/callbacks?parseStatus=unparseable', 'viewer-token'));
    expect(list.items.map((c: { id: string }) => c.id)).to.include(String(row.id));
    expect((await api(`/callbacks/${row.id}/reprocess`, 'viewer-token', { method: 'POST' })).status).to.equal(403);
    const res = await api(`/callbacks/${row.id}/reprocess`, 'operator-token', { method: 'POST' });
    expect(res.status).to.equal(200);
    const outcome = await jsonOf(res);
    expect(outcome.id).to.equal(String(row.id));
    expect(outcome.processCount).to.be.greaterThan(0);
    const audit = await h.db.knex.withSchema('lendwire').table('audit_log').where({ action: 'callback.reprocess', target_id: String(row.id) });
    expect(audit[0].actor).to.equal('u-operator');
    const dry = await jsonOf(await api('/callbacks/reprocess', 'operator-token', { method: 'POST', json: { lenderId: 'westlake', since: '2000-01-01T00:00:00Z' } }));
    expect(dry).to.include({ dryRun: true, matching: 1 });
  });

  it('lets admins create, rotate, test and disable subscriptions; operators only read them', async () => {
    expect((await api('/subscriptions', 'operator-token', { method: 'POST', json: { url: receiver.webhookUrl, events: ['application.*'] } })).status).to.equal(403);
    const created = await api('/subscriptions', 'admin-token', { method: 'POST', json: { id: 'extra', url: receiver.webhookUrl, events: ['webhook.test'] } });
    expect(created.status).to.equal(201);
    const body = await jsonOf(created);
    expect(body.secret).to.match(/^whsec_/);
    const list = await jsonOf(await api('/subscriptions', 'operator-token'));
    expect(list.items.map((s: { id: string }) => s.id)).to.include.members(['partner', 'extra']);
    expect(JSON.stringify(list)).not.to.include(body.secret);
    const rotated = await jsonOf(await api('/subscriptions/extra/rotate-secret', 'admin-token', { method: 'POST' }));
    expect(rotated.secret).to.match(/^whsec_/).and.not.equal(body.secret);
    const test = await api('/subscriptions/partner/test', 'admin-token', { method: 'POST' });
    expect(test.status).to.equal(202);
    const { eventId } = await jsonOf(test);
    await waitFor(async () => receiver.received.find((r) => r.id === eventId), 10_000, 'the test event');
    const patched = await jsonOf(await api('/subscriptions/extra', 'admin-token', { method: 'PATCH', json: { events: ['webhook.test', 'application.*'] } }));
    expect(patched.events).to.deep.equal(['webhook.test', 'application.*']);
    expect((await api('/subscriptions/partner', 'admin-token', { method: 'PATCH', json: { url: 'http://127.0.0.1:1/x' } })).status).to.equal(409);
    const disabled = await jsonOf(await api('/subscriptions/extra/disable', 'admin-token', { method: 'POST', json: { reason: 'partner migrating' } }));
    expect(disabled).to.include({ enabled: false, disabledReason: 'partner migrating' });
    const invalid = await api('/subscriptions', 'admin-token', { method: 'POST', json: { url: 'not a url', events: [] } });
    expect(invalid.status).to.equal(422);
    const audit = await jsonOf(await api('/audit?targetType=subscription', 'viewer-token'));
    expect(audit.items.map((a: { action: string }) => a.action)).to.include.members(['subscription.create', 'subscription.rotate_secret', 'subscription.disable']);
  });
});
