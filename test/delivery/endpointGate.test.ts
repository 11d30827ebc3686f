import { expect } from 'chai';
import { EndpointGate } from '../../plugin/delivery/EndpointGate.js';
import { createTestRedis, type TestRedis } from '../support/testRedis.js';

describe('EndpointGate: in-flight cap and rate limit, one Redis round trip per tick', () => {
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

  /** Counts the pipelines opened on the test's Redis client from now on. */
  function countPipelines(): { opened: number } {
    const counter = { opened: 0 };
    const pipeline = r.redis.pipeline.bind(r.redis);
    r.redis.pipeline = ((...args: Parameters<typeof pipeline>) => {
      counter.opened++;
      return pipeline(...args);
    }) as typeof r.redis.pipeline;
    return counter;
  }

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
  it('admissions asked for in the same tick share one pipeline; each script still takes its slot atomically', async () => {
    const pipelines = countPipelines();
    const answers = await Promise.all(['p1', 'p2', 'p3', 'p4', 'p5'].map((id) => gate.admit({ ...base, cap: 3, deliveryId: id })));
    expect(pipelines.opened).to.equal(1);
    expect(answers.map((a) => a.verdict)).to.deep.equal(['go', 'go', 'go', 'at_cap', 'at_cap']);
    expect(await r.redis.zcard(`${r.prefix}:inflight:subscription:partner`)).to.equal(3);
  });

  it('a Redis that lost its scripts (restart, SCRIPT FLUSH) still admits: the script is loaded again', async () => {
    expect((await gate.admit({ ...base, deliveryId: 'before' })).verdict).to.equal('go');
    await r.redis.script('FLUSH');
    const answers = await Promise.all(['after1', 'after2'].map((id) => gate.admit({ ...base, cap: 5, deliveryId: id })));
    expect(answers.map((a) => a.verdict)).to.deep.equal(['go', 'go']);
  });

  it('an admission or a release alone in its tick is one command, without a pipeline around it, with the same answers', async () => {
    const pipelines = countPipelines();
    expect(await gate.admit({ ...base, cap: 1, deliveryId: 'alone' })).to.deep.equal({ verdict: 'go' });
    expect(await gate.admit({ ...base, cap: 1, deliveryId: 'second' })).to.deep.equal({ verdict: 'at_cap' });
    await gate.release('subscription:partner', 'alone', 3);
    expect(await r.redis.zcard(`${r.prefix}:inflight:subscription:partner`)).to.equal(0);
    // Scripts flushed (a Redis restart): the command loads its script again.
    await r.redis.script('FLUSH');
    expect(await gate.admit({ ...base, cap: 1, deliveryId: 'second' })).to.deep.equal({ verdict: 'go' });
    // A script that fails alone rejects its admission.
    await r.redis.set(`${r.prefix}:inflight:subscription:broken`, 'not a sorted set');
    const broken = await gate.admit({ ...base, endpoint: 'subscription:broken', deliveryId: 'b' }).catch((err: unknown) => err);
    expect(String(broken)).to.match(/WRONGTYPE/);
    expect(pipelines.opened, 'pipelines opened').to.equal(0);
  });

  it('a failing script fails only its own admission', async () => {
    // A key of the wrong type makes the script fail for that endpoint alone.
    await r.redis.set(`${r.prefix}:inflight:subscription:broken`, 'not a sorted set');
    const [ok, broken] = await Promise.allSettled([gate.admit({ ...base, deliveryId: 'fine' }), gate.admit({ ...base, endpoint: 'subscription:broken', deliveryId: 'b' })]);
    expect(ok).to.deep.equal({ status: 'fulfilled', value: { verdict: 'go' } });
    expect(broken.status).to.equal('rejected');
    expect(String((broken as PromiseRejectedResult).reason)).to.match(/WRONGTYPE/);
  });
});
