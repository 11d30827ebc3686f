import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { createHarness, type Harness } from '../support/harness.js';
import { startReceiver, answer, type Receiver } from './support/receiver.js';
import { deliveriesOf, deliveryManifest, emit, emitTogether, registerWebhook, sleep, subscription, waitFor } from './support/deliveryTestKit.js';
import { partnerHarness } from './support/partnerHarness.js';
import { exited, startWorkerProcess as startWorker } from './support/startWorkerProcess.js';
import { LocalDeliveries, type LocalDelivery } from '../../plugin/delivery/LocalDeliveries.js';
import { claimDeliveries } from '../../plugin/delivery/claimDeliveries.js';
import { newDeliveryId } from '../../plugin/delivery/fanOut.js';
import { DELIVERY_TOKENS } from '../../plugin/delivery/tokens.js';
import { TOKENS } from '../../plugin/kernel/tokens.js';
import { createContainer } from '../../plugin/app/createContainer.js';
import { parseManifest } from '../../plugin/index.js';
import { RunState } from '../../plugin/app/RunState.js';
import { SecretResolver } from '../../plugin/manifest/SecretResolver.js';
import { systemClock } from '../../plugin/kernel/Clock.js';
import { pino } from 'pino';
import knexFactory from 'knex';

describe('deliveries sent without a job (LocalDeliveries)', function () {
  this.timeout(60_000);

  describe('the hand-over', () => {
    /** A LocalDeliveries whose attempts finish when the test says so. */
    function local(concurrency: number) {
      const l = new LocalDeliveries({ concurrency });
      const started: string[] = [];
      const finish = new Map<string, () => void>();
      l.open((d) => {
        started.push(d.id);
        return new Promise<void>((resolve) => finish.set(d.id, resolve));
      });
      return { l, started, finish };
    }
    const ids = (n: number, from = 0): LocalDelivery[] => Array.from({ length: n }, (_, i) => ({ id: `dlv_${from + i}` }));

    it('sends at most `concurrency` at once, in the order offered; the rest wait, and there is room for more once fewer than `concurrency` wait', async () => {
      const { l, started, finish } = local(2);
      expect(l.offer(ids(5))).to.deep.equal([]);
      expect(started).to.deep.equal(['dlv_0', 'dlv_1']);
      expect(l.size).to.equal(5);
      expect(['dlv_0', 'dlv_4', 'dlv_9'].map((id) => l.holds(id))).to.deep.equal([true, true, false]);
      let room = false;
      void l.roomForMore().then(() => (room = true));
      finish.get('dlv_0')!();
      await sleep(5);
      expect(started).to.deep.equal(['dlv_0', 'dlv_1', 'dlv_2']);
      expect(room, 'two still wait').to.equal(false);
      finish.get('dlv_1')!();
      await sleep(5);
      expect(started).to.deep.equal(['dlv_0', 'dlv_1', 'dlv_2', 'dlv_3']);
      expect(room, 'one waits').to.equal(true);
      for (const id of ['dlv_2', 'dlv_3']) {
        finish.get(id)!();
        await sleep(5);
      }
      expect(started).to.deep.equal(['dlv_0', 'dlv_1', 'dlv_2', 'dlv_3', 'dlv_4']);
      expect(l.holds('dlv_0')).to.equal(false);
      finish.get('dlv_4')!();
    });

    it('takeWaiting() gives back the ones not started, and makes room', async () => {
      const { l, started, finish } = local(1);
      l.offer(ids(4));
      let room = false;
      void l.roomForMore().then(() => (room = true));
      expect(l.takeWaiting().map((d) => d.id)).to.deep.equal(['dlv_1', 'dlv_2', 'dlv_3']);
      await sleep(1);
      expect(room).to.equal(true);
      expect([l.size, l.holds('dlv_1')]).to.deep.equal([1, false]);
      finish.get('dlv_0')!();
      await sleep(5);
      expect(started).to.deep.equal(['dlv_0']);
    });

    it('takes one delivery once, and gives back what is beyond 1,000 waiting', () => {
      const { l, started } = local(1);
      expect(l.offer([{ id: 'dlv_0' }, { id: 'dlv_0' }])).to.deep.equal([]);
      expect(started).to.deep.equal(['dlv_0']);
      const rest = l.offer(ids(1_005, 1));
      expect(rest.map((d) => d.id)).to.deep.equal(['dlv_1001', 'dlv_1002', 'dlv_1003', 'dlv_1004', 'dlv_1005']);
      expect(l.size).to.equal(1_001);
    });

    it('close() gives back what waits, waits (bounded) for what is being sent, and afterwards takes nothing', async () => {
      const { l, finish } = local(1);
      l.offer(ids(3));
      let room = false;
      void l.roomForMore().then(() => (room = true));
      const closing = l.close(1_000);
      setTimeout(() => finish.get('dlv_0')!(), 50);
      const t0 = Date.now();
      expect((await closing).map((d) => d.id)).to.deep.equal(['dlv_1', 'dlv_2']);
      expect(Date.now() - t0).to.be.within(30, 900);
      expect(room, 'a relay waiting for room stops waiting').to.equal(true);
      expect(l.offer(ids(2, 10)).map((d) => d.id)).to.deep.equal(['dlv_10', 'dlv_11']);
      expect(l.size).to.equal(0);
    });

    it('a closed (never opened) one takes nothing: a process without the worker gives every delivery a job', () => {
      const l = new LocalDeliveries({ concurrency: 4 });
      expect(l.offer(ids(2)).map((d) => d.id)).to.deep.equal(['dlv_0', 'dlv_1']);
    });

    it('names the deliveries whose attempt has run for a while (their leases are renewed)', async () => {
      const { l, finish } = local(2);
      l.offer(ids(1));
      await sleep(60);
      l.offer(ids(1, 1));
      expect(l.sendingLongerThan(40)).to.deep.equal(['dlv_0']);
      finish.get('dlv_0')!();
      finish.get('dlv_1')!();
    });
  });

  describe('the claim: one holder at a time', () => {
    let h: Harness;
    const schema = 'lendwire';

    before(async () => {
      h = await createHarness({ manifest: deliveryManifest(), register: registerWebhook, start: false });
    });
    after(async () => h?.close());

    /** A delivery row as the relay creates it (pending, due now), or as given. */
    async function delivery(row: Record<string, unknown> = {}): Promise<string> {
      const [event] = await h.db.knex.withSchema(schema).table('outbox').insert({ event_id: `msg_${newDeliveryId()}`, type: 'lease.test', payload: JSON.stringify({ n: 1 }), relayed_at: h.db.knex.fn.now() }).returning(['id', 'event_id']);
      const id = newDeliveryId();
      await h.db.knex.withSchema(schema).table('deliveries').insert({ id, outbox_id: event.id, event_id: event.event_id, event_type: 'lease.test', target_kind: 'subscription', target_id: 'partner', status: 'pending', next_attempt_at: h.db.knex.fn.now(), ...row });
      return id;
    }
    const at = (ms: number) => new Date(Date.now() + ms);
    const claim = async (id: string, now: Date, leaseMs?: number) => (await claimDeliveries(h.db.knex, schema, [id], now, { leaseMs }))[0]?.id;
    const claimBatch = async (ids: string[], now: Date, leaseMs?: number) => (await claimDeliveries(h.db.knex, schema, ids, now, { leaseMs })).map((r) => r?.id);

    it("a job's claim does not take a delivery leased by another claim until the lease ran out", async () => {
      const id = await delivery();
      expect(await claim(id, at(0), 1_000), 'the leased claim').to.equal(id);
      const row = await h.db.knex.withSchema(schema).table('deliveries').where({ id }).first();
      expect(row.status).to.equal('delivering');
      expect(new Date(row.next_attempt_at).getTime() - Date.now()).to.be.within(500, 1_100);
      expect(await claim(id, at(0)), "a job's claim while leased").to.equal(undefined);
      expect(await claimBatch([id], at(0)), 'in a batch too').to.deep.equal([undefined]);
      expect(await claim(id, at(1_500)), "a job's claim once the lease ran out").to.equal(id);
    });

    it("a leased claim does not take a delivery a job's claim holds, nor one already leased", async () => {
      const [jobs, leased] = [await delivery(), await delivery()];
      expect(await claim(jobs, at(0))).to.equal(jobs);
      expect(await claim(leased, at(0), 1_000)).to.equal(leased);
      expect(await claimBatch([jobs, leased], at(2_000), 1_000)).to.deep.equal([undefined, undefined]);
      // A stalled job's retry still takes what a job held.
      expect(await claim(jobs, at(10))).to.equal(jobs);
    });

    it('a leased claim takes only a delivery never attempted (not one a job attempted and scheduled again)', async () => {
      const later = await delivery({ next_attempt_at: at(60_000), attempts: 1 });
      expect(await claim(later, at(0), 1_000)).to.equal(undefined);
      expect(await claim(later, at(0)), 'its job still takes it').to.equal(later);
    });

    it('a claim commits without waiting for the WAL flush, and leaves the connection as it was', async () => {
      const one = knexFactory({ client: 'pg', connection: h.db.url, pool: { min: 1, max: 1 } });
      try {
        const id = await delivery();
        await one.transaction(async (trx) => {
          expect((await claimDeliveries(trx, schema, [id], at(0)))[0]?.id).to.equal(id);
          expect((await trx.raw('SHOW synchronous_commit')).rows[0].synchronous_commit, 'in its transaction').to.equal('off');
        });
        expect((await one.raw('SHOW synchronous_commit')).rows[0].synchronous_commit, 'afterwards, on the same connection').to.equal('on');
        const leased = await delivery();
        expect((await claimDeliveries(one, schema, [leased, id], at(60_000), { leaseMs: 1_000 }))[0]?.id).to.equal(leased);
        expect((await one.raw('SHOW synchronous_commit')).rows[0].synchronous_commit, 'after a claim on its own').to.equal('on');
      } finally {
        await one.destroy();
      }
    });

    it('the reconciler gives a job to a delivery whose lease ran out, not to one still leased or held by this process', async () => {
      await h.db.knex.withSchema(schema).table('deliveries').delete();
      const [running, expired, held] = [await delivery(), await delivery(), await delivery()];
      await claimBatch([running, expired], at(0), 60_000);
      await h.db.knex.withSchema(schema).table('deliveries').where({ id: expired }).update({ next_attempt_at: at(-1_000) });
      const container = createContainer({
        config: { schema, queuePrefix: h.redis.prefix, runWorkers: true, shutdownTimeoutMs: 1000, baseDir: '.', preparedStatements: true },
        manifest: parseManifest(deliveryManifest()),
        secrets: new SecretResolver(),
        knex: h.db.knex,
        redis: h.redis.redis,
        logger: pino({ level: 'silent' }),
        auth: () => null,
        clock: systemClock,
        run: new RunState(),
        tuning: {},
      });
      const local = container.get(DELIVERY_TOKENS.LocalDeliveries);
      local.open(() => new Promise<void>(() => undefined));
      local.offer([{ id: held }]);
      try {
        expect(await container.get(DELIVERY_TOKENS.DeliveryReconciler).requeueOrphans()).to.equal(1);
        const jobs = async (id: string) => h.redis.redis.exists(`${h.redis.prefix}:deliveries:${id}`);
        expect({ running: await jobs(running), expired: await jobs(expired), held: await jobs(held) }).to.deep.equal({ running: 0, expired: 1, held: 0 });
      } finally {
        await local.close(0);
        await container.get(TOKENS.Queues).close(1000);
      }
    });
  });

  describe('two worker processes, an attempt longer than the lease', () => {
    let h: Harness;
    let r: Receiver;
    const workers: ChildProcess[] = [];

    before(async () => {
      r = await startReceiver(answer(200));
      h = await createHarness({ manifest: deliveryManifest(), register: registerWebhook, extra: { runWorkers: false } });
    });
    after(async () => {
      for (const w of workers) w.kill('SIGKILL');
      await h?.close();
      await r?.close();
    });

    it("sends each delivery once: the other process' reconciler leaves a renewed lease alone", async () => {
      // Lease 1 s, attempts of 2.5 s, each reconciler every 200 ms: without renewal, the other process would send each one again.
      const manifest = deliveryManifest({ subscriptions: [subscription('partner', r.url, { events: ['lease.test'] })], delivery: { stalledJobTimeout: '1s', reconcileInterval: '200ms' } });
      r.handler = (_req, res) => void setTimeout(() => res.writeHead(200).end(), 2_500);
      workers.push(await startWorker(h, manifest), await startWorker(h, manifest));
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push(await emit(h.db.knex, 'lease.test', { n: i }));
      await waitFor(async () => (await deliveriesOf(h.db.knex, 'partner')).filter((d) => d.status === 'succeeded').length === 6, 20_000, 'all delivered');
      await sleep(1_500);
      const received = r.requests.map((q) => q.headers['webhook-id']).sort();
      expect(received).to.deep.equal([...ids].sort());
      for (const w of workers) w.kill('SIGTERM');
      await Promise.all(workers.map(exited));
    });
  });

  describe('behind a slow attempt', () => {
    // No polling pass: the four events come in one commit, fanned out in one pass.
    const p = partnerHarness('slow.test', { concurrency: 1, relayPollInterval: '60s' });

    it('the deliveries waiting for a slot get jobs after a while, and go out before the slow one ends', async () => {
      let slow: string | undefined;
      p.r.handler = (req, res) => {
        if (slow) return void res.writeHead(200).end();
        slow = req.headers['webhook-id'];
        setTimeout(() => res.writeHead(200).end(), 4_000);
      };
      await emitTogether(p.h.db.knex, 'slow.test', 4);
      await waitFor(async () => (await deliveriesOf(p.h.db.knex, 'partner')).filter((d) => d.status === 'succeeded').length === 3, 2_500, 'the three behind the slow one');
      expect((await deliveriesOf(p.h.db.knex, 'partner')).find((d) => d.event_id === slow)?.status).to.equal('delivering');
      await waitFor(async () => (await deliveriesOf(p.h.db.knex, 'partner')).filter((d) => d.status === 'succeeded').length === 4, 6_000, 'the slow one');
      expect(p.r.requests).to.have.length(4);
    });
  });

  describe('created claimed', () => {
    const p = partnerHarness('claimed.test', { concurrency: 2, relayPollInterval: '60s' });

    it('the relay creates as many deliveries as its worker starts at once already claimed (no claim statement), the rest pending', async () => {
      const held: (() => void)[] = [];
      p.r.handler = (_req, res) => void held.push(() => res.writeHead(200).end());
      await emitTogether(p.h.db.knex, 'claimed.test', 3);
      await waitFor(() => held.length === 2, 10_000, 'two attempts');
      const rows = (await deliveriesOf(p.h.db.knex, 'partner')).sort((a, b) => Number(a.outbox_id) - Number(b.outbox_id));
      expect(rows.map((d) => d.status)).to.deep.equal(['delivering', 'delivering', 'pending']);
      // Never updated since the relay inserted them, and leased.
      for (const d of rows.slice(0, 2)) {
        expect(new Date(d.updated_at).getTime(), 'not claimed by an UPDATE').to.equal(new Date(d.created_at).getTime());
        expect(new Date(d.next_attempt_at).getTime(), 'its lease').to.be.greaterThan(Date.now());
      }
      for (const release of held.splice(0)) release();
      await waitFor(() => held.length === 1, 10_000, 'the third attempt');
      const third = await p.h.db.knex.withSchema('lendwire').table('deliveries').where({ id: rows[2].id }).first();
      expect(new Date(third.updated_at).getTime(), 'claimed when its turn came').to.be.greaterThan(new Date(third.created_at).getTime());
      held[0]();
      await waitFor(async () => (await deliveriesOf(p.h.db.knex, 'partner')).every((d) => d.status === 'succeeded'), 10_000, 'all three sent');
      expect(p.r.requests).to.have.length(3);
    });
  });

  describe('stopping', () => {
    // No polling pass (it would give the waiting ones jobs after a while): the four events come in one commit, fanned out in one pass.
    const p = partnerHarness('stop.test', { concurrency: 1, relayPollInterval: '60s' }, { shutdownTimeoutMs: 300 });

    it('gives the deliveries it had not started a job each; the one being sent stays under its lease', async () => {
      // The first attempt hangs until the end; any other is answered at once.
      let release: (() => void) | undefined;
      p.r.handler = (_req, res) => {
        if (release) return void res.writeHead(200).end();
        release = () => res.writeHead(200).end();
      };
      await emitTogether(p.h.db.knex, 'stop.test', 4);
      await waitFor(() => release, 10_000, 'the first attempt');
      expect(await deliveriesOf(p.h.db.knex, 'partner')).to.have.length(4);
      await p.h.lendwire.stop();
      const rows = await deliveriesOf(p.h.db.knex, 'partner');
      const byStatus = (s: string) => rows.filter((d) => d.status === s).map((d) => d.id as string);
      expect(byStatus('delivering')).to.have.length(1);
      // BullMQ's worker may still take one job while it stops (a fetch it was blocked in returns it): that one is sent.
      expect(byStatus('pending').length + byStatus('succeeded').length).to.equal(3);
      expect(byStatus('pending').length, 'left for the others').to.be.at.least(2);
      for (const id of byStatus('pending')) expect(await p.h.redis.redis.exists(`${p.h.redis.prefix}:deliveries:${id}`), `${id} has a job`).to.equal(1);
      expect(new Date(rows.find((d) => d.status === 'delivering')!.next_attempt_at).getTime(), 'its lease').to.be.greaterThan(Date.now());
      release!();
    });
  });
});
