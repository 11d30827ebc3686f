import { expect } from 'chai';
import knexFactory, { type Knex } from 'knex';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { createTestRedis, type TestRedis } from '../support/testRedis.js';
import { createTcpProxy, type CutMode, type TcpProxy } from '../support/tcpProxy.js';
import { waitFor } from '../support/waitFor.js';
import { WESTLAKE_KEY, fixture, renumbered } from '../callbacks/callbackSupport.js';
import {
  CONVERGE_WITHIN_MS,
  SCHEMA,
  applicationReaches,
  expectEveryEventDelivered,
  expectUnavailable,
  liveSubmitBody,
  outageRequests,
  startOutageHost,
  timedRequest,
  type OutageHost,
} from './outageKit.js';

describe('outage: PostgreSQL cut off (TCP proxy)', function () {
  this.timeout(120_000);
  let db: TestDatabase;
  let redis: TestRedis;
  let proxy: TcpProxy;
  let proxied: Knex;
  let host: OutageHost;
  let before: { id: string; lenderAppId: string };

  this.beforeAll(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
    proxy = await createTcpProxy(Number(new URL(db.url).port || 5432));
    const url = new URL(db.url);
    url.port = String(proxy.port);
    // The host's knex as most hosts write it: no acquireConnectionTimeout (60 s), no pg connectionTimeoutMillis (none).
    proxied = knexFactory({ client: 'pg', connection: url.toString(), pool: { min: 0, max: 5 } });
    host = await startOutageHost({ knex: proxied, redis: redis.redis, queuePrefix: redis.prefix });
    const res = await timedRequest(`${host.url}/applications`, { method: 'POST', token: 'dealer1-token', json: liveSubmitBody() });
    expect(res.status, res.body).to.equal(202);
    const id = (JSON.parse(res.body) as { id: string }).id;
    const app = await applicationReaches(db.knex, id, ['submitted'], 15_000);
    before = { id, lenderAppId: app.lender_app_id! };
  });
  this.afterAll(async () => {
    proxy?.restore();
    await host?.close();
    await proxied?.destroy();
    await proxy?.close();
    await redis?.cleanup();
    await db?.drop();
  });

  for (const mode of ['reset', 'blackhole'] as CutMode[]) {
    it(`answers every route 503 problem+json with Retry-After within 2 s while connections are ${mode === 'reset' ? 'dropped' : 'left unanswered'}`, async () => {
      proxy.cut(mode);
      try {
        const requests = outageRequests(host, before.id, before.lenderAppId);
        // One at a time and then all at once: a queue of requests on a dead pool must not add up.
        for (const r of requests) expectUnavailable(r.name, await r.run());
        const together = await Promise.all(requests.map((r) => r.run()));
        together.forEach((a, i) => expectUnavailable(requests[i].name, a));
      } finally {
        proxy.restore();
      }
      const logs = host.logs().join('\n');
      expect(logs).not.to.match(/"msg":"request failed"/);
    });
  }

  it('converges once PostgreSQL is back: new work is accepted, submitted once, its callbacks and events go through', async () => {
    const submissionsBefore = host.lender.submissions;
    const restoredAt = Date.now();
    // The first dealer request after the outage may still meet a connection the cut broke; it must come back 202 quickly.
    const accepted = await waitFor(
      async () => {
        const res = await timedRequest(`${host.url}/applications`, { method: 'POST', token: 'dealer1-token', json: liveSubmitBody() });
        expect(res.status, res.body).to.be.oneOf([202, 503]);
        return res.status === 202 ? (JSON.parse(res.body) as { id: string }) : undefined;
      },
      CONVERGE_WITHIN_MS,
      'the dealer API to accept applications again',
    );
    const app = await applicationReaches(db.knex, accepted.id, ['submitted'], CONVERGE_WITHIN_MS - (Date.now() - restoredAt));
    const callback = await timedRequest(`${host.url}/callbacks/westlake`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': WESTLAKE_KEY },
      body: renumbered(fixture('01-stage1-processed.json'), app.lender_app_id!, '8800002'),
    });
    expect(callback.status, callback.body).to.equal(200);
    await applicationReaches(db.knex, accepted.id, ['received'], CONVERGE_WITHIN_MS - (Date.now() - restoredAt));
    await expectEveryEventDelivered(db.knex, host, [before.id, accepted.id], CONVERGE_WITHIN_MS - (Date.now() - restoredAt));
    // Nothing accepted was lost or sent twice: one lender call per application.
    expect(host.lender.submissions - submissionsBefore).to.equal(1);
    const stored = await db.knex.withSchema(SCHEMA).table('applications').count({ n: '*' }).first();
    expect(Number(stored?.n)).to.equal(2);
    const pending = await db.knex.withSchema(SCHEMA).table('raw_callbacks').where({ process_status: 'pending' }).count({ n: '*' }).first();
    expect(Number(pending?.n)).to.equal(0);
  });
});
