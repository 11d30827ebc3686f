import { AsyncLocalStorage } from 'node:async_hooks';
import { expect } from 'chai';
import { callbackAccepted, type LenderAdapter } from '../../plugin/sdk/index.js';
import { LocalCallbacks } from '../../plugin/callbacks/LocalCallbacks.js';
import { CALLBACK_QUEUE, callbackJobId } from '../../plugin/callbacks/CallbackQueue.js';
import type { CallbackJobData } from '../../plugin/callbacks/CallbackQueue.js';
import type { Harness } from '../support/harness.js';
import { inspectQueue } from '../support/inspectQueue.js';
import { waitFor } from '../support/waitFor.js';
import { application, apptrakerDecision, callbackHarness, callbackManifest, insertApplication, outboxOf, rawRow, SCHEMA, settled, WESTLAKE_KEY } from './callbackSupport.js';
import { exited, startHostProcess } from '../delivery/support/startWorkerProcess.js';
import type { ChildProcess } from 'node:child_process';

/** A test lender whose callbacks `{ appNo, apr }` set the decision's APR; while `failing`, applying one throws (a BigInt the JSON columns cannot hold). */
let failing = false;
const flakyAdapter: LenderAdapter = {
  id: 'flaky-probe',
  callbacks: {
    authenticate: () => callbackAccepted(),
    subjectOf: (request) => ({ lenderAppNo: String((JSON.parse(request.body.toString('utf8')) as { appNo: string }).appNo) }),
    parse(callback) {
      const body = JSON.parse(callback.body.toString('utf8')) as { appNo: string; apr: number };
      const ref = { lenderAppNo: body.appNo };
      return { parseStatus: 'parsed', reason: null, subject: ref, events: [{ kind: 'update', ref, status: null, lenderStatus: null, vendorAt: null, terms: { apr: failing ? BigInt(body.apr) : body.apr } }] };
    },
  },
};

function flakyManifest(): Record<string, unknown> {
  return callbackManifest([{ id: 'flaky', adapter: 'flaky-probe', callbacks: {} }]);
}

const post = (h: Harness, body: Record<string, unknown>) =>
  fetch(`${h.url}/callbacks/flaky`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (res) => {
    expect(res.status).to.equal(200);
    return ((await res.json()) as { id: string }).id;
  });

/** Whether BullMQ ever added a job for the callback (its `added` event), and whether one is there now. */
async function jobOf(h: Harness, rawCallbackId: string): Promise<{ added: boolean; present: boolean }> {
  return inspectQueue(h.redis.redis, CALLBACK_QUEUE, h.redis.prefix, async (queue) => {
    const events = await h.redis.redis.xrange(queue.keys.events, '-', '+');
    const added = events.some(([, fields]) => fields.includes('added') && fields.includes(callbackJobId(rawCallbackId)));
    return { added, present: (await queue.getJob(callbackJobId(rawCallbackId))) !== undefined };
  });
}

describe('callbacks processed by the process that stored them', function () {
  this.timeout(30_000);

  describe('LocalCallbacks', () => {
    const data = (id: string): CallbackJobData => ({ rawCallbackId: id, lenderId: 'w', orderingKey: `no:${id}` });

    it('takes callbacks only while open and below its capacity, one of each id, and says which it holds', async () => {
      const local = new LocalCallbacks({ held: 2 });
      expect(local.offer(data('1')), 'closed').to.equal(false);
      const release: (() => void)[] = [];
      const seen: string[] = [];
      local.open((d) => new Promise<void>((resolve) => release.push(() => (seen.push(d.rawCallbackId), resolve()))));
      expect(local.offer(data('1'))).to.equal(true);
      expect(local.offer(data('1')), 'the same callback again').to.equal(false);
      expect(local.offer(data('2'))).to.equal(true);
      expect(local.offer(data('3')), 'full').to.equal(false);
      expect([local.holds('1'), local.holds('2'), local.holds('3'), local.size]).to.deep.equal([true, true, false, 2]);
      release.shift()!();
      await waitFor(() => !local.holds('1'), 2000, 'the first to finish');
      expect(local.offer(data('3')), 'room again').to.equal(true);
      const closing = local.close(5000);
      expect(local.offer(data('4')), 'closing').to.equal(false);
      for (const r of release.splice(0)) r();
      await closing;
      expect([seen, local.size]).to.deep.equal([['1', '2', '3'], 0]);
    });

    it('stops waiting for a callback still running once the timeout has passed (it stays pending for the sweep)', async () => {
      const local = new LocalCallbacks({ held: 2 });
      local.open(() => new Promise<void>(() => undefined));
      expect(local.offer(data('1'))).to.equal(true);
      const started = performance.now();
      await local.close(200);
      expect(performance.now() - started).to.be.within(150, 2000);
      expect(local.offer(data('2'))).to.equal(false);
    });

    it("runs the processing outside the caller's async context (it outlives the request)", async () => {
      const request = new AsyncLocalStorage<{ url: string }>();
      const local = new LocalCallbacks({ held: 2 });
      let store: unknown = 'not run';
      local.open(async () => {
        store = request.getStore();
      });
      request.run({ url: '/callbacks/w' }, () => expect(local.offer(data('1'))).to.equal(true));
      await local.close(2000);
      expect(store).to.equal(undefined);
    });
  });

  describe('in a process that runs the workers', () => {
    let h: Harness;
    before(async () => {
      h = await callbackHarness({ manifest: flakyManifest(), register: (lw) => lw.registerLenderAdapter(flakyAdapter) });
    });
    after(async () => {
      failing = false;
      await h?.close();
    });

    it('applies a callback it stored without a queue job', async () => {
      const appId = await insertApplication(h, { lenderId: 'flaky', lenderAppId: 'FL-1', lenderAppNo: '8100001', status: 'received' });
      const id = await post(h, { appNo: '8100001', apr: 5 });
      expect((await settled(h, id)).process_status).to.equal('applied');
      expect((await application(h, appId)).decision).to.deep.equal({ apr: 5 });
      expect(await jobOf(h, id)).to.deep.equal({ added: false, present: false });
    });

    it('counts the callbacks it holds in lendwire_callbacks_in_process', async () => {
      const appId = await insertApplication(h, { lenderId: 'flaky', lenderAppId: 'FL-4', lenderAppNo: '8100004', status: 'received' });
      const held = () => h.request('/metrics').then(async (res) => /^lendwire_callbacks_in_process (\d+)$/m.exec(await res.text())?.[1]);
      expect(await held()).to.equal('0');
      // The application is locked, so its callback's transaction waits.
      const blocker = await h.db.knex.transaction();
      let id: string;
      try {
        await blocker.withSchema(SCHEMA).table('applications').where({ id: appId }).forUpdate().first();
        id = await post(h, { appNo: '8100004', apr: 4 });
        expect(await held()).to.equal('1');
      } finally {
        await blocker.rollback();
      }
      expect((await settled(h, id)).process_status).to.equal('applied');
      await waitFor(async () => (await held()) === '0', 5000, 'the callback to be let go');
    });

    it('queues a callback whose processing failed, whose job retries it until it is applied, once', async () => {
      const appId = await insertApplication(h, { lenderId: 'flaky', lenderAppId: 'FL-2', lenderAppNo: '8100002', status: 'received' });
      failing = true;
      const id = await post(h, { appNo: '8100002', apr: 7 });
      await waitFor(async () => (await jobOf(h, id)).added, 10_000, 'the failed callback to be queued');
      expect((await rawRow(h, id))?.process_status).to.equal('pending');
      failing = false;
      expect((await settled(h, id)).process_status).to.equal('applied');
      expect((await application(h, appId)).decision).to.deep.equal({ apr: 7 });
      expect((await outboxOf(h, appId, 'application.updated')).map((e) => String(e.payload.rawCallbackId))).to.deep.equal([id]);
    });
  });

  describe('in a process that runs no workers', () => {
    let h: Harness;
    before(async () => {
      h = await callbackHarness({ manifest: flakyManifest(), register: (lw) => lw.registerLenderAdapter(flakyAdapter), extra: { runWorkers: false } });
    });
    after(async () => {
      await h?.close();
    });

    it('queues the callbacks it stores for the processes that run them', async () => {
      await insertApplication(h, { lenderId: 'flaky', lenderAppId: 'FL-3', lenderAppNo: '8100003', status: 'received' });
      const id = await post(h, { appNo: '8100003', apr: 9 });
      // The job goes to Redis right behind the answer.
      await waitFor(async () => (await jobOf(h, id)).present, 5_000, 'its job');
      expect(await jobOf(h, id)).to.deep.equal({ added: true, present: true });
      expect((await rawRow(h, id))?.process_status).to.equal('pending');
    });
  });

  describe('a process killed with SIGKILL while it holds callbacks it stored', () => {
    let h: Harness;
    let host: ChildProcess | undefined;
    // The sweep queues a pending callback once it is a second old (10 s by default).
    const manifest = { ...callbackManifest(), runtime: { callbackPendingGrace: '1s', callbackSweepInterval: '500ms' } };
    before(async () => {
      h = await callbackHarness({ manifest, start: false });
    });
    after(async () => {
      host?.kill('SIGKILL');
      await h?.close();
    });

    it('loses none: they are still pending in Postgres, and the sweep of a process still running applies each once', async () => {
      const appNos = ['8200001', '8200002', '8200003'];
      const appIds = await Promise.all(appNos.map((appNo) => insertApplication(h, { lenderAppId: `AT-L${appNo}`, lenderAppNo: appNo, status: 'received' })));
      // The last application is locked, so the host's processing of it waits until the kill.
      const blocker = await h.db.knex.transaction();
      const ids: string[] = [];
      try {
        await blocker.withSchema(SCHEMA).table('applications').where({ id: appIds[2] }).forUpdate().first();
        const started = await startHostProcess(h, manifest);
        host = started.child;
        for (const [i, appNo] of appNos.entries()) {
          const res = await fetch(`${started.url}/callbacks/westlake`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': WESTLAKE_KEY }, body: apptrakerDecision(appNo, i + 1) });
          expect(res.status).to.equal(200);
          ids.push(((await res.json()) as { id: string }).id);
        }
        await waitFor(async () => {
          const { rows } = await h.db.knex.raw(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%applications%for update%'`);
          return rows.length > 0;
        }, 15_000, "the host's processing to wait on the locked application");
        host.kill('SIGKILL');
        await exited(host);
      } finally {
        await blocker.rollback();
      }
      // Held in the host, never queued: only Postgres knows them now.
      for (const id of ids) expect(await jobOf(h, id), `callback ${id}`).to.deep.equal({ added: false, present: false });
      expect((await rawRow(h, ids[2]))?.process_status).to.equal('pending');

      await h.lendwire.start();
      await waitFor(async () => (await Promise.all(ids.map((id) => rawRow(h, id)))).every((r) => r?.process_status === 'applied'), 20_000, 'every callback applied after the sweep');
      for (const [i, appId] of appIds.entries()) {
        expect((await outboxOf(h, appId)).map((e) => String(e.payload.rawCallbackId)), `application ${i}`).to.deep.equal([ids[i]]);
        expect((await application(h, appId)).decision).to.include({ apr: i + 1 });
      }
    });
  });
});
