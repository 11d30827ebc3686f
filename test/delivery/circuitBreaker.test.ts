import { expect } from 'chai';
import { createHarness, type Harness } from '../support/harness.js';
import { startReceiver, answer, type Receiver } from './support/receiver.js';
import { deliveriesOf, deliveryManifest, emit, registerWebhook, sleep, subscription, waitFor } from './support/deliveryTestKit.js';

const fastRetries = Array.from({ length: 30 }, () => '20ms');

describe('circuit breaker, disabling failing endpoints, backlog alerts', () => {
  let h: Harness;
  const r: Record<string, Receiver> = {};

  before(async () => {
    for (const name of ['flapping', 'dead', 'backlog']) r[name] = await startReceiver(answer(500));
    h = await createHarness({
      manifest: deliveryManifest({
        subscriptions: [
          subscription('flapping', r.flapping.url, { events: ['flap.test'], retry: { schedule: fastRetries } }),
          subscription('dead', r.dead.url, { events: ['dead.test'], retry: { schedule: fastRetries } }),
          subscription('backlog', r.backlog.url, { events: ['backlog.test'], enabled: false }),
        ],
        delivery: { circuitBreaker: { failureThreshold: 3, cooldown: '1s', disableAfter: '2s' }, backlogThreshold: 3, reconcileInterval: '200ms' },
      }),
      register: registerWebhook,
    });
  });
  after(async () => {
    await h?.close();
    for (const x of Object.values(r)) await x.close();
  });

  it('opens after N consecutive failures (no more hammering, no attempts used while open), probes after the cool-down, closes on success', async () => {
    for (let i = 0; i < 4; i++) await emit(h.db.knex, 'flap.test', { n: i });
    await waitFor(() => r.flapping.requests.length >= 3, 5_000, '3 failures');
    const state = await waitFor(() => h.db.knex.withSchema('lendwire').table('delivery_targets').where({ target_id: 'flapping' }).whereNotNull('circuit_open_until').first(), 2_000, 'open circuit');
    // Before it opened a delivery may have retried already (20 ms retries, deliveries created at different times): counted from here.
    const sentWhenSeenOpen = r.flapping.requests.length;
    expect(state.consecutive_failures).to.be.at.least(3);
    await sleep(400);
    // With 20 ms retries and 4 deliveries, a closed circuit would have sent dozens of requests by now;
    // an open one lets only the attempts already in flight (one per delivery) and one probe per
    // cool-down (1 s) through: counted from when it opened, so a slow machine does not fail this.
    const openedAt = new Date(state.circuit_open_until).getTime() - 1000;
    const probes = 1 + Math.floor((Date.now() - openedAt) / 1000);
    expect(r.flapping.requests.length - sentWhenSeenOpen).to.be.at.most(4 + probes);
    expect(await (await h.request('/metrics')).text()).to.match(/^lendwire_circuit_open\{kind="subscription",target="flapping"\} 1$/m);
    r.flapping.handler = answer(200);
    await waitFor(async () => (await deliveriesOf(h.db.knex, 'flapping')).every((d) => d.status === 'succeeded'), 5_000, 'all delivered after the probe');
    const closed = await h.db.knex.withSchema('lendwire').table('delivery_targets').where({ target_id: 'flapping' }).first();
    expect(closed).to.include({ consecutive_failures: 0, circuit_open_until: null });
    expect(await (await h.request('/metrics')).text()).to.match(/^lendwire_circuit_open\{kind="subscription",target="flapping"\} 0$/m);
    const rows = await deliveriesOf(h.db.knex, 'flapping');
    // Waiting on an open circuit did not eat the retry budget.
    const attempts = rows.reduce((n, d) => n + d.attempts, 0);
    expect(attempts).to.be.at.most(r.flapping.requests.length);
  });

  it('disables an endpoint failing every attempt for the configured time (endpoint.disabled); deliveries are kept and replayable', async () => {
    const eventId = await emit(h.db.knex, 'dead.test');
    const sub = await waitFor(async () => {
      const s = await h.lendwire.subscriptions.get('dead');
      return s.enabled ? undefined : s;
    }, 10_000, 'disabled');
    expect(sub.disabledReason).to.match(/failing every attempt/);
    const [delivery] = await deliveriesOf(h.db.knex, 'dead');
    expect(delivery).to.include({ event_id: eventId, status: 'paused' });
    const events = await h.db.knex.withSchema('lendwire').table('outbox').where({ type: 'endpoint.disabled' }).whereRaw("payload->>'targetId' = 'dead'");
    expect(events).to.have.length(1);
    r.dead.handler = answer(204);
    const replay = await h.lendwire.deliveries.replay(delivery.id, { actor: 'u-operator' });
    expect(replay.replayed).to.equal(true);
    // Still disabled: the replayed delivery waits (paused) until the endpoint is enabled.
    await waitFor(async () => (await deliveriesOf(h.db.knex, 'dead'))[0].status === 'paused', 5_000, 'paused again');
    await h.lendwire.subscriptions.enable('dead', { actor: 'u-operator' });
    await waitFor(async () => (await deliveriesOf(h.db.knex, 'dead'))[0].status === 'succeeded', 5_000, 'delivered');
  });

  it('raises endpoint.backlog_exceeded once per crossing of the pending threshold', async () => {
    for (let i = 0; i < 5; i++) await emit(h.db.knex, 'backlog.test', { n: i });
    const alerts = () => h.db.knex.withSchema('lendwire').table('outbox').where({ type: 'endpoint.backlog_exceeded' }).whereRaw("payload->>'targetId' = 'backlog'");
    await waitFor(async () => (await alerts()).length === 1, 5_000, 'backlog alert');
    expect((await alerts())[0].payload).to.include({ targetKind: 'subscription', targetId: 'backlog', threshold: 3 });
    for (let i = 0; i < 3; i++) await emit(h.db.knex, 'backlog.test', { n: i });
    await sleep(700);
    expect(await alerts()).to.have.length(1);
    const metrics = await (await h.request('/metrics')).text();
    expect(metrics).to.match(/^lendwire_deliveries_pending\{kind="subscription",target="backlog"\} 8$/m);

    // Drained (below the threshold) re-arms the alert; a new crossing raises it again.
    r.backlog.handler = answer(200);
    await h.lendwire.subscriptions.enable('backlog', { actor: 'u-admin' });
    await waitFor(async () => (await deliveriesOf(h.db.knex, 'backlog')).every((d) => d.status === 'succeeded'), 10_000, 'drained');
    await waitFor(async () => !(await h.db.knex.withSchema('lendwire').table('delivery_targets').where({ target_id: 'backlog' }).first())?.backlog_alerted, 5_000, 're-armed');
    await h.lendwire.subscriptions.disable('backlog', 'again', { actor: 'u-admin' });
    for (let i = 0; i < 4; i++) await emit(h.db.knex, 'backlog.test', { n: i });
    await waitFor(async () => (await alerts()).length === 2, 5_000, 'second alert');
  });
});
