import { expect } from 'chai';
import { Redis } from 'ioredis';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { startOwnRedis, type OwnRedis } from '../support/ownRedis.js';
import { waitFor } from '../support/waitFor.js';
import { answer } from '../delivery/support/receiver.js';
import { WESTLAKE_KEY, fixture, renumbered } from '../callbacks/callbackSupport.js';
import {
  ANSWER_WITHIN_MS,
  CONVERGE_WITHIN_MS,
  SCHEMA,
  applicationReaches,
  expectEveryEventDelivered,
  liveSubmitBody,
  outageRequests,
  startOutageHost,
  timedRequest,
  type OutageHost,
} from './outageKit.js';

/** Everything written to stdout and stderr while `capture` is on (ioredis prints unhandled error events there). */
function captureConsole(): { text(): string; stop(): void } {
  const chunks: string[] = [];
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const tap =
    (write: typeof out) =>
    (chunk: unknown, ...rest: unknown[]): boolean => {
      chunks.push(String(chunk));
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    };
  process.stdout.write = tap(out) as typeof process.stdout.write;
  process.stderr.write = tap(err) as typeof process.stderr.write;
  return {
    text: () => chunks.join(''),
    stop() {
      process.stdout.write = out;
      process.stderr.write = err;
    },
  };
}

const lines = (host: OutageHost, re: RegExp) => host.logs().filter((l) => re.test(l));

/** Log lines per Redis connection role matching `re`. */
function perRole(host: OutageHost, re: RegExp): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const l of host.logs()) {
    const { redisConnection, msg } = JSON.parse(l) as { redisConnection?: string; msg?: string };
    if (!redisConnection || !re.test(msg ?? '')) continue;
    counts[redisConnection] = (counts[redisConnection] ?? 0) + 1;
  }
  return counts;
}

async function storedApplications(db: TestDatabase): Promise<{ id: string; status: string }[]> {
  return db.knex.withSchema(SCHEMA).table('applications').select('id', 'status');
}

describe('outage: Redis stopped, restarted empty, flushed (a redis-server of this test)', function () {
  this.timeout(150_000);
  const PER_HOUR = 3;
  let db: TestDatabase;
  let own: OwnRedis;
  let hostRedis: Redis;
  let host: OutageHost;
  let first: { id: string; lenderAppId: string };

  before(async () => {
    db = await createTestDatabase();
    own = await startOwnRedis();
    // The host's connection as hosts create it: ioredis defaults (20 retries per command), no 'error' listener of its own.
    hostRedis = new Redis(own.url);
    host = await startOutageHost({ knex: db.knex, redis: hostRedis, queuePrefix: '{lendwire}', perDealerPerHour: PER_HOUR });
    const res = await timedRequest(`${host.url}/applications`, { method: 'POST', token: 'dealer1-token', json: liveSubmitBody() });
    expect(res.status, res.body).to.equal(202);
    const id = (JSON.parse(res.body) as { id: string }).id;
    first = { id, lenderAppId: (await applicationReaches(db.knex, id, ['submitted'], 15_000)).lender_app_id! };
  });
  after(async () => {
    await own?.start().catch(() => undefined);
    await host?.close();
    hostRedis?.disconnect();
    await own?.stop('SIGKILL');
    await db?.drop();
  });

  it('while Redis is down: answers within 2 s, never 500; dealers are limited per process; no unhandled error events; one log line per connection', async () => {
    const output = captureConsole();
    try {
      await own.stop('SIGTERM');
      const requests = outageRequests(host, first.id, first.lenderAppId);
      for (const r of requests) {
        const a = await r.run();
        expect(a.status, `${r.name}: ${a.body.slice(0, 200)}`).not.to.be.within(500, 502);
        expect(a.status, r.name).not.to.be.within(504, 599);
        expect(a.ms, `${r.name} answered after ${Math.round(a.ms)} ms`).to.be.below(ANSWER_WITHIN_MS);
        if (a.status === 503) expect(Number(a.headers.get('retry-after')), r.name).to.be.at.least(1);
      }
      // Dealer submissions are accepted (stored in Postgres, submitted once Redis is back) up to the limit, counted in this process.
      const more: number[] = [];
      for (let i = 0; i < PER_HOUR; i++) {
        const a = await timedRequest(`${host.url}/applications`, { method: 'POST', token: 'dealer1-token', json: liveSubmitBody() });
        expect(a.ms).to.be.below(ANSWER_WITHIN_MS);
        more.push(a.status);
        if (a.status === 429) expect(Number(a.headers.get('retry-after'))).to.be.at.least(1);
      }
      // The outage list above already submitted once: PER_HOUR in this process allows PER_HOUR - 1 more.
      expect(more).to.deep.equal([...Array(PER_HOUR - 1).fill(202), 429]);
      const health = await timedRequest(`${host.url}/health`);
      expect(health.status).to.equal(503);
      expect(JSON.parse(health.body).checks.redis.ok).to.equal(false);
      // Long enough for ioredis to fail many reconnect attempts on every connection.
      await new Promise((r) => setTimeout(r, 3000));
    } finally {
      output.stop();
    }
    expect(output.text()).not.to.match(/Unhandled error event/);
    const lost = perRole(host, / lost; /);
    expect(Object.keys(lost)).to.include.members(['host', 'queues']);
    expect(Object.keys(lost).some((role) => role.startsWith('worker:'))).to.equal(true);
    for (const [role, n] of Object.entries(lost)) expect(n, `outage lines for "${role}"`).to.equal(1);
    expect(lines(host, /"msg":"request failed"/)).to.deep.equal([]);
    expect(lines(host, /dealer rate limits are enforced per process/)).to.have.length(1);
  });

  it('converges within 30 s of Redis coming back empty: every accepted application submitted once, every callback processed, every event delivered', async () => {
    const accepted = await storedApplications(db);
    expect(accepted).to.have.length(1 + PER_HOUR);
    const restartedAt = Date.now();
    await own.start();
    const left = () => CONVERGE_WITHIN_MS - (Date.now() - restartedAt);
    for (const a of accepted) await applicationReaches(db.knex, a.id, ['submitted', 'received'], left());
    await waitFor(async () => Number((await db.knex.withSchema(SCHEMA).table('raw_callbacks').where({ process_status: 'pending' }).count({ n: '*' }).first())?.n) === 0, left(), 'no pending callbacks');
    await applicationReaches(db.knex, first.id, ['received'], left());
    await expectEveryEventDelivered(db.knex, host, accepted.map((a) => a.id), left());
    expect(host.lender.submissions, 'one lender call per application').to.equal(accepted.length);
    // Every connection that logged its loss logs its recovery within the window: an idle worker's
    // connection retries on its own schedule (ioredis: every 2 s at most), so it may come back after
    // the work above converged through the busy ones.
    const lostRoles = Object.keys(perRole(host, / lost; /)).sort();
    await waitFor(() => Object.keys(perRole(host, /" is back$/)).length >= lostRoles.length, left(), 'a recovery line for every lost connection');
    const back = perRole(host, /" is back$/);
    for (const [role, n] of Object.entries(back)) expect(n, `recovery lines for "${role}"`).to.equal(1);
    expect(Object.keys(back).sort()).to.deep.equal(lostRoles);
    await waitFor(() => lines(host, /reconciling queues with Postgres now/).length >= 1, left(), 'the reconciliation after Redis came back');
  });

  it('converges within 30 s of a FLUSHALL while deliveries wait for their retry and callbacks arrive', async () => {
    host.receiver.handler = answer(503);
    const before = host.receiver.requests.length;
    const callbacks: string[] = [];
    const res = await timedRequest(`${host.url}/applications`, { method: 'POST', token: 'dealer2-token', json: { ...liveSubmitBody(), dealerId: 'dealer-2' } });
    expect(res.status, res.body).to.equal(202);
    const id = (JSON.parse(res.body) as { id: string }).id;
    const app = await applicationReaches(db.knex, id, ['submitted'], 15_000);
    await waitFor(() => host.receiver.requests.length > before, 10_000, 'a first failed delivery attempt');
    const cb = await timedRequest(`${host.url}/callbacks/westlake`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': WESTLAKE_KEY },
      body: renumbered(fixture('01-stage1-processed.json'), app.lender_app_id!, '8800009'),
    });
    expect(cb.status).to.equal(200);
    callbacks.push((JSON.parse(cb.body) as { id: string }).id);
    await own.flushAll();
    const flushedAt = Date.now();
    host.receiver.handler = answer(200);
    const left = () => CONVERGE_WITHIN_MS - (Date.now() - flushedAt);
    await applicationReaches(db.knex, id, ['received'], left());
    await expectEveryEventDelivered(db.knex, host, [id], left());
    const pending = await db.knex.withSchema(SCHEMA).table('raw_callbacks').whereIn('id', callbacks).whereNot({ process_status: 'applied' });
    expect(pending).to.deep.equal([]);
    // Same webhook-id on the retry after the flush: one id per event, delivered at least once.
    const events: { event_id: string }[] = await db.knex.withSchema(SCHEMA).table('outbox').where({ application_id: id }).select('event_id');
    const ids = new Set(host.receiver.requests.slice(before).map((r) => r.headers['webhook-id']));
    for (const e of events) expect(ids.has(e.event_id)).to.equal(true);
  });
});
