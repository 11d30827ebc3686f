import { expect } from 'chai';
import { pino } from 'pino';
import { jsonOf, type Harness, bearerAuth } from '../support/harness.js';
import { createApplicationHarness, FIXTURE_TODAY } from '../support/applicationHarness.js';
import { createLendwire, RateLimitedError, type Lendwire } from '../../plugin/index.js';
import { registerBuiltInAdapters } from '../../adapters/index.js';
import { applicationManifest, submitBody } from './support/fixtures.js';

describe('Per-dealer submission rate limit (Redis, shared across processes)', () => {
  let h: Harness;
  let other: Lendwire;
  before(async () => {
    h = await createApplicationHarness({ manifest: applicationManifest({ perDealerPerHour: 3 }), start: false });
    // A second installation process: same database, same Redis prefix, its own container.
    other = await createLendwire({
      manifest: applicationManifest({ perDealerPerHour: 3 }),
      knex: h.db.knex,
      redis: h.redis.redis,
      logger: pino({ level: 'silent' }),
      auth: bearerAuth(),
      queuePrefix: h.redis.prefix,
      clock: { now: () => FIXTURE_TODAY },
    });
    registerBuiltInAdapters(other);
  });
  after(async () => {
    await other.stop();
    await h.close();
  });

  const post = (token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) => h.request('/applications', { method: 'POST', token, json: body, headers });
  const stored = async (dealerId: string) => Number((await h.db.knex.withSchema('lendwire').table('applications').where({ dealer_id: dealerId }).count({ n: '*' }))[0].n);

  it('answers 429 with Retry-After past the limit, stores nothing, and keeps other dealers and replays going', async () => {
    const first = submitBody();
    expect((await post('dealer1-token', first, { 'idempotency-key': 'rl-1' })).status).to.equal(202);
    expect((await post('dealer1-token', submitBody())).status).to.equal(202);
    expect((await post('dealer1-token', submitBody())).status).to.equal(202);

    const over = await post('dealer1-token', submitBody());
    expect(over.status).to.equal(429);
    expect(over.headers.get('content-type')).to.match(/problem\+json/);
    const retryAfter = Number(over.headers.get('retry-after'));
    expect(retryAfter).to.be.within(3500, 3600);
    expect((await jsonOf(over)).detail).to.match(/3 submissions per hour/);
    expect(await stored('dealer-1')).to.equal(3);

    // A replay is not a new submission.
    const replay = await post('dealer1-token', first, { 'idempotency-key': 'rl-1' });
    expect(replay.status).to.equal(202);
    // The budget is per dealer (and per lender).
    expect((await post('dealer2-token', submitBody({ dealerId: 'dealer-2' }))).status).to.equal(202);
    expect((await post('dealer1-token', submitBody({ lenderId: 'eastbank' }))).status).to.equal(202);
    const metrics = await (await h.request('/metrics')).text();
    expect(metrics).to.match(/^lendwire_applications_received_total\{result="rate_limited"\} 1$/m);
    expect(metrics).to.match(/^lendwire_applications_received_total\{result="accepted"\} 5$/m);
    expect(metrics).to.match(/^lendwire_applications_received_total\{result="replayed"\} 1$/m);
  });

  it('is enforced by another process of the same installation too', async () => {
    let error: unknown;
    try {
      await other.applications.submit(submitBody());
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).to.be.greaterThan(3000);
    expect(await stored('dealer-1')).to.equal(4);
    // dealer-2 used 1 of 3 through the first process; the second process sees the same count.
    await other.applications.submit(submitBody({ dealerId: 'dealer-2' }));
    await other.applications.submit(submitBody({ dealerId: 'dealer-2' }));
    expect((await post('dealer2-token', submitBody({ dealerId: 'dealer-2' }))).status).to.equal(429);
  });
});
