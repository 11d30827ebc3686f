import { expect } from 'chai';
import { createHarness, type Harness } from '../support/harness.js';
import { startReceiver, answer, type Receiver } from './support/receiver.js';
import { pino } from 'pino';
import { createLendwire } from '../../plugin/index.js';
import { attemptsOf, deliveriesOf, deliveryManifest, emit, registerWebhook, sleep, subscription, waitFor } from './support/deliveryTestKit.js';

describe('per-endpoint rate limits, Retry-After, 410 and isolation', () => {
  let h: Harness;
  const receivers: Record<string, Receiver> = {};

  before(async () => {
    for (const name of ['limited', 'hanging', 'healthy', 'busy', 'gone', 'eager']) receivers[name] = await startReceiver(answer(200));
    receivers.hanging.handler = () => undefined; // never answers
    h = await createHarness({
      manifest: deliveryManifest({
        subscriptions: [
          subscription('limited', receivers.limited.url, { events: ['rate.test'], rateLimit: { perSecond: 20, burst: 5 } }),
          subscription('hanging', receivers.hanging.url, { events: ['isolation.test', 'hang.test'], timeoutMs: 1500 }),
          subscription('healthy', receivers.healthy.url, { events: ['isolation.test'] }),
          subscription('busy', receivers.busy.url, { events: ['busy.test'], retry: { schedule: ['50ms', '50ms'] } }),
          subscription('gone', receivers.gone.url, { events: ['gone.test'] }),
          subscription('eager', receivers.eager.url, { events: ['eager.test'], retry: { schedule: ['400ms', '400ms', '400ms'] } }),
        ],
        delivery: { concurrency: 20, maxInFlightPerEndpoint: 4 },
      }),
      register: registerWebhook,
    });
  });
  after(async () => {
    await h?.close();
    for (const r of Object.values(receivers)) await r.close();
  });

  it('holds a burst to the endpoint rate limit (shared token bucket) without using up attempts', async () => {
    const count = 25;
    for (let i = 0; i < count; i++) await emit(h.db.knex, 'rate.test', { n: i });
    await waitFor(async () => (await deliveriesOf(h.db.knex, 'limited')).filter((d) => d.status === 'succeeded').length === count, 15_000, 'all delivered');
    const times = receivers.limited.requests.map((r) => r.at).sort((a, b) => a - b);
    // 5 go at once (burst), the other 20 at 20/s: at least ~1 s for the whole burst.
    expect(times[count - 1] - times[0]).to.be.at.least(900);
    // In any 500 ms window, at most burst + 10 requests.
    for (const t of times) expect(times.filter((u) => u >= t && u < t + 500).length).to.be.at.most(5 + 11);
    for (const d of await deliveriesOf(h.db.knex, 'limited')) expect(d.attempts).to.equal(1);
  });

  it('shares the token bucket between workers: a second worker instance does not double the rate', async () => {
    const second = await createLendwire({ manifest: h.lendwire.manifest, knex: h.db.knex, redis: h.redis.redis, auth: () => null, queuePrefix: h.redis.prefix, logger: pino({ level: 'silent' }) });
    registerWebhook(second);
    await second.start();
    try {
      await sleep(300); // let the bucket refill after the previous test
      const before = receivers.limited.requests.length;
      const count = 25;
      for (let i = 0; i < count; i++) await emit(h.db.knex, 'rate.test', { n: i, round: 2 });
      await waitFor(() => receivers.limited.requests.length - before === count, 15_000, 'all delivered');
      const times = receivers.limited.requests.slice(before).map((r) => r.at).sort((a, b) => a - b);
      expect(times[count - 1] - times[0]).to.be.at.least(900);
    } finally {
      await second.stop();
    }
  });

  it('a hanging endpoint times out with E_TIMEOUT and does not slow deliveries to another endpoint', async () => {
    // 30 deliveries to the hanging endpoint would fill every one of the 20 worker slots without the per-endpoint cap.
    for (let i = 0; i < 30; i++) await emit(h.db.knex, 'hang.test', { n: i });
    await waitFor(() => receivers.hanging.requests.length >= 4, 5_000, 'hanging requests in flight');
    const started = Date.now();
    for (let i = 0; i < 5; i++) await emit(h.db.knex, 'isolation.test', { n: i });
    await waitFor(async () => (await deliveriesOf(h.db.knex, 'healthy')).filter((d) => d.status === 'succeeded').length === 5, 5_000, 'healthy deliveries');
    expect(Date.now() - started).to.be.below(1000);
    // Never more than the cap in flight at the slow endpoint.
    expect(receivers.hanging.requests.length).to.be.at.most(4 + 5);
    const hanging = await waitFor(async () => {
      const rows = (await deliveriesOf(h.db.knex, 'hanging')).filter((d) => d.last_error_code === 'E_TIMEOUT');
      return rows.length >= 4 ? rows : undefined;
    }, 10_000, 'timeouts recorded');
    const [attempt] = await attemptsOf(h.db.knex, hanging[0].id);
    expect(attempt.error_code).to.equal('E_TIMEOUT');
    expect(attempt.duration_ms).to.be.within(1300, 5000);
  });

  it('honours Retry-After on 429 and 503', async () => {
    let calls = 0;
    receivers.busy.handler = (_req, res) => {
      calls++;
      if (calls === 1) res.writeHead(429, { 'retry-after': '1' }).end('slow down');
      else res.writeHead(200).end();
    };
    const eventId = await emit(h.db.knex, 'busy.test');
    await waitFor(async () => (await deliveriesOf(h.db.knex, 'busy')).find((d) => d.event_id === eventId && d.status === 'succeeded'), 10_000, 'delivered after waiting');
    const [first, second] = receivers.busy.requests.filter((r) => r.headers['webhook-id'] === eventId);
    // The schedule says 50 ms; the endpoint asked for 1 s.
    expect(second.at - first.at).to.be.at.least(950);
  });

  it('Retry-After: 0 never shortens the schedule: 503 Retry-After: 0 waits the scheduled 400 ms between each of 4 attempts', async () => {
    receivers.eager.handler = (_req, res) => {
      res.writeHead(503, { 'retry-after': '0' }).end('busy');
    };
    const eventId = await emit(h.db.knex, 'eager.test');
    const [dead] = await waitFor(async () => {
      const rows = (await deliveriesOf(h.db.knex, 'eager')).filter((d) => d.event_id === eventId && d.status === 'dead_lettered');
      return rows.length ? rows : undefined;
    }, 15_000, 'dead-lettered after the schedule');
    const times = receivers.eager.requests.filter((r) => r.headers['webhook-id'] === eventId).map((r) => r.at);
    expect(times).to.have.length(4);
    // 400 ms ± 10% jitter each time, whatever the endpoint's Retry-After: 0 says.
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1], `gap before attempt ${i + 1}`).to.be.at.least(350);
    expect(dead.attempts).to.equal(4);
  });

  it('410 Gone disables the endpoint with endpoint.disabled; its deliveries are kept (paused) and go out once re-enabled', async () => {
    receivers.gone.handler = answer(410, 'gone');
    const first = await emit(h.db.knex, 'gone.test');
    const sub = await waitFor(async () => {
      const s = await h.lendwire.subscriptions.get('gone');
      return s.enabled ? undefined : s;
    }, 10_000, 'disabled');
    expect(sub.disabledReason).to.match(/410/);
    const event = await waitFor(
      async () => h.db.knex.withSchema('lendwire').table('outbox').where({ type: 'endpoint.disabled' }).whereRaw("payload->>'targetId' = 'gone'").first(),
      5_000,
      'endpoint.disabled',
    );
    expect(event.payload).to.include({ targetKind: 'subscription', targetId: 'gone' });
    const second = await emit(h.db.knex, 'gone.test');
    await waitFor(async () => (await deliveriesOf(h.db.knex, 'gone')).filter((d) => d.status === 'paused').length === 2, 5_000, 'both paused');
    const sentWhileDisabled = receivers.gone.requests.length;
    expect(receivers.gone.requests.filter((r) => r.headers['webhook-id'] === second)).to.have.length(0);

    receivers.gone.handler = answer(200);
    await h.lendwire.subscriptions.enable('gone', { actor: 'u-admin' });
    await waitFor(async () => (await deliveriesOf(h.db.knex, 'gone')).filter((d) => d.status === 'succeeded').length === 2, 10_000, 'both delivered');
    const ids = receivers.gone.requests.slice(sentWhileDisabled).map((r) => r.headers['webhook-id']);
    expect(ids.sort()).to.deep.equal([first, second].sort());
  });
});
