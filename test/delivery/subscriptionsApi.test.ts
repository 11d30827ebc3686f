import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { createHarness, type Harness } from '../support/harness.js';
import { startReceiver, answer, type Receiver } from './support/receiver.js';
import { deliveriesOf, deliveryManifest, emit, manifestSecret, registerWebhook, rejection, subscription, waitFor } from './support/deliveryTestKit.js';
import { ConflictError, NotFoundError } from '../../plugin/index.js';

/** Lets a test move lendwire's clock forward (e.g. past a rotation's 24 h overlap). */
let clockOffsetMs = 0;

describe('subscriptions API (programmatic)', () => {
  let h: Harness;
  let r: Receiver;

  before(async () => {
    r = await startReceiver(answer(200));
    h = await createHarness({
      manifest: deliveryManifest({ subscriptions: [subscription('from-manifest', r.url, { events: ['manifest.only'] })] }),
      register: registerWebhook,
      extra: { clock: { now: () => new Date(Date.now() + clockOffsetMs) } },
    });
  });
  after(async () => {
    await h?.close();
    await r?.close();
  });

  it('lists manifest subscriptions (source manifest) without secret material', async () => {
    const list = await h.lendwire.subscriptions.list();
    const sub = list.find((s) => s.id === 'from-manifest')!;
    expect(sub).to.include({ source: 'manifest', url: r.url, enabled: true, signature: 'standard-webhooks', timeoutMs: 15000 });
    expect(sub.rateLimit).to.deep.equal({ perSecond: 50, burst: 200 });
    expect(JSON.stringify(list)).not.to.include(manifestSecret());
  });

  it('creates a subscription with a generated whsec_ secret, stored encrypted, that signs its deliveries', async () => {
    const { subscription: sub, secret } = await h.lendwire.subscriptions.create({ id: 'crm-bridge', url: r.url, events: ['case.*'] }, { actor: 'u-admin' });
    expect(secret).to.match(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(sub).to.include({ id: 'crm-bridge', source: 'api', enabled: true });
    const row = await h.db.knex.withSchema('lendwire').table('subscriptions').where({ id: 'crm-bridge' }).first();
    expect(row.secret_sealed).to.be.instanceOf(Buffer);
    expect(row.secret_sealed.toString('latin1')).not.to.include(secret.slice(6));
    const eventId = await emit(h.db.knex, 'case.outcome', { caseId: 'c1' });
    const req = await waitFor(() => r.requests.find((q) => q.headers['webhook-id'] === eventId), 10_000, 'delivery');
    expect((new Webhook(secret).verify(req.body, req.headers) as { data: unknown }).data).to.deep.equal({ caseId: 'c1' });
    const audit = await h.db.knex.withSchema('lendwire').table('audit_log').where({ action: 'subscription.create', target_id: 'crm-bridge' }).first();
    expect(audit.actor).to.equal('u-admin');
    expect(await rejection(h.lendwire.subscriptions.create({ id: 'crm-bridge', url: r.url, events: ['x'] }, { actor: 'u-admin' }))).to.be.instanceOf(ConflictError);
  });

  it('rotates the secret: for 24 h both the new and the old secret sign, and each verifies', async () => {
    const { secret: old } = await h.lendwire.subscriptions.create({ id: 'rotating', url: r.url, events: ['rotate.test'] }, { actor: 'u-admin' });
    const rotated = await h.lendwire.subscriptions.rotateSecret('rotating', { actor: 'u-admin' });
    expect(rotated.secret).to.not.equal(old);
    expect(new Date(rotated.previousSecretValidUntil).getTime() - Date.now()).to.be.closeTo(24 * 3600_000, 60_000);
    const eventId = await emit(h.db.knex, 'rotate.test');
    const req = await waitFor(() => r.requests.find((q) => q.headers['webhook-id'] === eventId), 10_000, 'delivery');
    expect(req.headers['webhook-signature'].split(' ')).to.have.length(2);
    new Webhook(rotated.secret).verify(req.body, req.headers);
    new Webhook(old).verify(req.body, req.headers);
    // 24 hours later the overlap is over: only the new secret signs.
    clockOffsetMs = 24 * 3600_000 + 60_000;
    let req2;
    try {
      const later = await emit(h.db.knex, 'rotate.test');
      req2 = await waitFor(() => r.requests.find((q) => q.headers['webhook-id'] === later), 10_000, 'delivery');
    } finally {
      clockOffsetMs = 0;
    }
    // (The timestamp is 24 h ahead, so compare signatures computed by the library rather than verify().)
    const signed = (secret: string) => new Webhook(secret).sign(req2.headers['webhook-id'], new Date(Number(req2.headers['webhook-timestamp']) * 1000), req2.body);
    expect(req2.headers['webhook-signature']).to.equal(signed(rotated.secret));
    expect(req2.headers['webhook-signature']).not.to.include(signed(old));
  });

  it('supports the broker signature scheme (hex HMAC of the raw body with a delivery timestamp inside)', async () => {
    const { secret } = await h.lendwire.subscriptions.create({ id: 'broker-style', url: r.url, events: ['broker.test'], signature: 'broker' }, { actor: 'u-admin' });
    const eventId = await emit(h.db.knex, 'broker.test', { n: 1 });
    const req = await waitFor(() => r.requests.find((q) => q.headers['x-broker-delivery-id'] === eventId), 10_000, 'delivery');
    expect(req.headers['x-broker-signature']).to.equal(createHmac('sha256', secret).update(req.body).digest('hex'));
    const body = JSON.parse(req.body);
    expect(body).to.include({ type: 'broker.test' });
    expect(Date.now() - Date.parse(body.deliveredAt)).to.be.within(0, 60_000);
  });

  it('sends a test event to one subscription only', async () => {
    const { deliveryId, eventId } = await h.lendwire.subscriptions.sendTestEvent('crm-bridge', { actor: 'u-operator' });
    const req = await waitFor(() => r.requests.find((q) => q.headers['webhook-id'] === eventId), 10_000, 'test event');
    expect(JSON.parse(req.body)).to.include({ type: 'webhook.test' });
    expect(r.requests.filter((q) => q.headers['webhook-id'] === eventId)).to.have.length(1);
    const d = await h.lendwire.deliveries.get(deliveryId);
    expect(d).to.include({ targetId: 'crm-bridge', eventType: 'webhook.test' });
    await waitFor(async () => (await h.lendwire.deliveries.get(deliveryId)).status === 'succeeded', 5_000, 'succeeded');
  });

  it('updates, disables (deliveries kept) and re-enables; manifest-owned fields are refused', async () => {
    const updated = await h.lendwire.subscriptions.update('crm-bridge', { events: ['case.*', 'customer_link.ready'], timeoutMs: 5000, rateLimit: { perSecond: 5, burst: 10 } }, { actor: 'u-admin' });
    expect(updated).to.include({ timeoutMs: 5000 });
    expect(updated.events).to.deep.equal(['case.*', 'customer_link.ready']);
    const disabled = await h.lendwire.subscriptions.disable('crm-bridge', 'partner maintenance', { actor: 'u-admin' });
    expect(disabled).to.include({ enabled: false, disabledReason: 'partner maintenance' });
    const eventId = await emit(h.db.knex, 'customer_link.ready', { link: 'x' });
    await waitFor(async () => (await deliveriesOf(h.db.knex, 'crm-bridge')).find((d) => d.event_id === eventId && d.status === 'paused'), 10_000, 'paused');
    expect(r.requests.find((q) => q.headers['webhook-id'] === eventId)).to.equal(undefined);
    await h.lendwire.subscriptions.update('crm-bridge', { enabled: true }, { actor: 'u-admin' });
    await waitFor(() => r.requests.find((q) => q.headers['webhook-id'] === eventId), 10_000, 'sent after enabling');

    const refused = await rejection(h.lendwire.subscriptions.update('from-manifest', { url: 'http://127.0.0.1:1/x' }, { actor: 'u-admin' }));
    expect(refused).to.be.instanceOf(ConflictError);
    expect(refused.message).to.match(/manifest/);
    expect(await rejection(h.lendwire.subscriptions.get('nope'))).to.be.instanceOf(NotFoundError);
  });
});
