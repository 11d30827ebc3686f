import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHarness, jsonOf, type Harness } from '../support/harness.js';
import { registerBuiltInAdapters } from '../../adapters/index.js';
import { startReceiver, answer, type Receiver } from '../delivery/support/receiver.js';
import { exited, startWorkerProcess } from '../delivery/support/startWorkerProcess.js';
import { WESTLAKE_KEY, fixture, renumbered } from '../callbacks/callbackSupport.js';
import { CONVERGE_WITHIN_MS, SCHEMA, applicationReaches, expectEveryEventDelivered, liveSubmitBody, outageManifest, type OutageHost } from './outageKit.js';
import { waitFor } from '../support/waitFor.js';

/**
 * Issue 10: a worker process killed with SIGKILL while it holds work — a webhook
 * mid-send, a submission mid-call, a callback just accepted — and a new worker
 * process on the DEFAULT runtime settings (no scaled-down locks or sweeps) must
 * converge within 30 s: everything delivered, processed, nothing sent twice.
 */
describe('outage: a worker process killed with SIGKILL (default runtime settings)', function () {
  this.timeout(90_000);
  let h: Harness;
  let receiver: Receiver;
  let manifest: Record<string, unknown>;
  const workers: ChildProcess[] = [];
  // A lender on 127.0.0.1: answers the first submission, holds every later one (the worker dies waiting).
  let posts = 0;
  const held: ServerResponse[] = [];
  const lender = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      posts++;
      if (posts === 1) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ AppId: 'AT-KILL-1', Status: 'RECEIVED' }));
      else held.push(res);
    });
  });

  before(async () => {
    await new Promise<void>((resolve) => lender.listen(0, '127.0.0.1', resolve));
    receiver = await startReceiver(answer(200));
    manifest = outageManifest(`http://127.0.0.1:${(lender.address() as AddressInfo).port}/api/applications`, receiver.url);
    // This process only serves the API (dealer, lender callbacks); the child processes run every worker.
    h = await createHarness({ manifest, register: registerBuiltInAdapters, extra: { runWorkers: false } });
  });
  after(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    await h?.close();
    await receiver?.close();
    for (const res of held) res.destroy();
    lender.closeAllConnections();
    await new Promise<void>((resolve) => lender.close(() => resolve()));
  });

  it('converges within 30 s of the restart: the interrupted delivery arrives (same webhook-id), the callback is processed, the submission is sent at most once', async () => {
    const knex = h.db.knex;
    const first = await startWorkerProcess(h, manifest);
    workers.push(first);

    // A1 goes through to the lender and gets its lender app id.
    const a1 = await jsonOf(await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: liveSubmitBody() }));
    const app1 = await applicationReaches(knex, a1.id, ['submitted'], 20_000);

    // From now on the receiver leaves the first webhook it gets hanging: the worker dies mid-send.
    let hung: string | undefined;
    receiver.handler = (req, res) => {
      if (!hung) {
        hung = req.headers['webhook-id'];
        return;
      }
      res.writeHead(200).end();
    };
    // A2 is mid-call at the lender when the worker dies.
    const a2 = await jsonOf(await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: liveSubmitBody() }));
    await waitFor(() => posts === 2 && hung !== undefined, 20_000, 'a submission and a delivery in flight');
    expect((await knex.withSchema(SCHEMA).table('submissions').where({ application_id: a2.id })).map((s) => s.state)).to.deep.equal(['sending']);

    // A callback for A1, accepted (stored) by the API; the worker that would process it is killed at once.
    const callback = await h.request('/callbacks/westlake', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': WESTLAKE_KEY },
      body: renumbered(fixture('01-stage1-processed.json'), app1.lender_app_id!, '8800001'),
    });
    expect(callback.status, await callback.clone().text()).to.equal(200);
    first.kill('SIGKILL');
    await exited(first);

    const second = await startWorkerProcess(h, manifest);
    workers.push(second);
    const restartedAt = Date.now();
    const left = () => CONVERGE_WITHIN_MS - (Date.now() - restartedAt);
    const marks: Record<string, number> = {};
    const mark = (name: string) => (marks[name] = Date.now() - restartedAt);

    await Promise.all([
      applicationReaches(knex, a1.id, ['received'], left()).then(() => mark('callback processed')),
      applicationReaches(knex, a2.id, ['needs_review', 'submitted'], left()).then(() => mark('interrupted submission settled')),
      waitFor(() => receiver.requests.filter((r) => r.headers['webhook-id'] === hung).length >= 2, left(), 'the interrupted delivery again').then(() => mark('interrupted delivery redelivered')),
    ]);
    const host = { receiver, logs: () => h.logs().split('\n') } as unknown as OutageHost;
    await expectEveryEventDelivered(knex, host, [a1.id, a2.id], left());
    mark('everything delivered');
    const convergedMs = Date.now() - restartedAt;
    console.log(`      converged ${convergedMs} ms after the restart (${Object.entries(marks).map(([k, v]) => `${k} ${v} ms`).join(', ')})`);
    expect(convergedMs).to.be.below(CONVERGE_WITHIN_MS);

    // Nothing sent twice, nothing left pending or in flight.
    expect(posts, 'lender calls').to.equal(2);
    const attempts = await knex.withSchema(SCHEMA).table('submissions').where({ application_id: a2.id });
    expect(attempts.map((a) => a.state)).to.deep.equal(['unknown']);
    const count = async (table: string, where: (q: ReturnType<typeof knex.table>) => unknown) => {
      const q = knex.withSchema(SCHEMA).table(table);
      where(q);
      return Number((await q.count({ n: '*' }).first())?.n);
    };
    expect(await count('raw_callbacks', (q) => q.whereIn('process_status', ['pending', 'orphaned'])), 'callbacks unfinished').to.equal(0);
    expect(await count('deliveries', (q) => q.whereNot({ status: 'succeeded' })), 'deliveries not succeeded').to.equal(0);
    expect(await count('outbox', (q) => q.whereNull('relayed_at')), 'events not relayed').to.equal(0);
    expect(await count('submissions', (q) => q.where({ state: 'sending' })), 'submissions in flight').to.equal(0);
    // The interrupted webhook was sent again under the same webhook-id, once more only.
    expect(receiver.requests.filter((r) => r.headers['webhook-id'] === hung)).to.have.length(2);

    second.kill('SIGTERM');
    await exited(second);
  });
});
