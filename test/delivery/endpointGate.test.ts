import { expect } from 'chai';
import { EndpointGate } from '../../plugin/delivery/EndpointGate.js';
import { createTestRedis, type TestRedis } from '../support/testRedis.js';

describe('EndpointGate: in-flight cap and rate limit in one Redis round trip', () => {
  let r: TestRedis;
  let gate: EndpointGate;
  const base = { endpoint: 'subscription:partner', slotTtlMs: 10_000, cap: 2, tokenHeld: false };

  beforeEach(async () => {
    r = await createTestRedis();
    gate = new EndpointGate(r.redis, { queuePrefix: r.prefix });
  });
  afterEach(async () => {
    await r.cleanup();
  });

  it('admits up to the cap across callers; at the cap it takes nothing, so the rate-limit bucket is not drained by waiting deliveries', async () => {
    const limit = { perSecond: 1, burst: 3 };
    expect(await gate.admit({ ...base, deliveryId: 'd1', rateLimit: limit })).to.deep.equal({ verdict: 'go' });
    expect(await gate.admit({ ...base, deliveryId: 'd2', rateLimit: limit })).to.deep.equal({ verdict: 'go' });
    for (let i = 0; i < 5; i++) expect(await gate.admit({ ...base, deliveryId: 'd3', rateLimit: limit })).to.deep.equal({ verdict: 'at_cap' });
    // The same delivery asking again keeps its slot (a re-try after a crash).
    expect(await gate.admit({ ...base, deliveryId: 'd1', rateLimit: limit })).to.deep.equal({ verdict: 'go' });
    await gate.release('subscription:partner', 'd1', 5);
    await gate.release('subscription:partner', 'd2', 5);
    // The burst had 3 tokens: d1 took two (its re-try too), d2 one; none went to the 5 refused attempts.
    const next = await gate.admit({ ...base, deliveryId: 'd3', rateLimit: limit });
    expect(next.verdict).to.equal('rate_limited');
  });

  it('rate limited: the token is reserved for the job, which comes back holding it and only needs a slot', async () => {
    const limit = { perSecond: 10, burst: 1 };
    expect(await gate.admit({ ...base, deliveryId: 'a', rateLimit: limit })).to.deep.equal({ verdict: 'go' });
    const waiting = await gate.admit({ ...base, deliveryId: 'b', rateLimit: limit });
    expect(waiting.verdict).to.equal('rate_limited');
    expect((waiting as { waitMs: number }).waitMs).to.be.within(1, 100);
    // A third one queues behind b's reserved token.
    const third = await gate.admit({ ...base, deliveryId: 'c', rateLimit: limit });
    expect((third as { waitMs: number }).waitMs).to.be.within(101, 200);
    expect(await gate.admit({ ...base, deliveryId: 'b', rateLimit: limit, tokenHeld: true })).to.deep.equal({ verdict: 'go' });
  });

  it('gives slots back in one pipeline and wakes a delivery waiting in this process for a fast endpoint', async () => {
    for (const id of ['x', 'y']) expect((await gate.admit({ ...base, deliveryId: id })).verdict).to.equal('go');
    expect(gate.turnover.isFast('subscription:partner')).to.equal(false); // no history yet: a waiter would be parked
    await Promise.all([gate.release('subscription:partner', 'x', 3), gate.release('subscription:partner', 'y', 3)]);
    expect(await r.redis.zcard(`${r.prefix}:inflight:subscription:partner`)).to.equal(0);
    expect(gate.turnover.isFast('subscription:partner')).to.equal(true);
    for (const id of ['x2', 'y2']) await gate.admit({ ...base, deliveryId: id });
    const woken = gate.turnover.next('subscription:partner', 5_000).then(() => 'woken');
    await gate.release('subscription:partner', 'x2', 3);
    expect(await Promise.race([woken, new Promise((resolve) => setTimeout(() => resolve('timed out'), 1_000))])).to.equal('woken');
    expect((await gate.admit({ ...base, deliveryId: 'z' })).verdict).to.equal('go');
  });

  it('a slow endpoint is not waited for', async () => {
    await gate.admit({ ...base, deliveryId: 's' });
    await gate.release('subscription:partner', 's', 1_500);
    expect(gate.turnover.isFast('subscription:partner')).to.equal(false);
  });
});
