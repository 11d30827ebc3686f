import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { createHarness, type Harness } from '../support/harness.js';
import { TEST_REDIS_URL } from '../support/testRedis.js';
import { startReceiver, answer, type Receiver } from './support/receiver.js';
import { deliveriesOf, deliveryManifest, emit, registerWebhook, subscription, waitFor } from './support/deliveryTestKit.js';
import { newDeliveryId } from '../../plugin/delivery/fanOut.js';
import { exited, startWorkerProcess as startWorker } from './support/startWorkerProcess.js';

describe('crash safety: SIGKILL mid-delivery, Redis flush, lost enqueues', function () {
  this.timeout(60_000);

  describe('a worker process killed with SIGKILL mid-delivery', () => {
    let h: Harness;
    let r: Receiver;
    let manifest: Record<string, unknown>;
    const workers: ChildProcess[] = [];

    before(async () => {
      r = await startReceiver(answer(200));
      manifest = deliveryManifest({ subscriptions: [subscription('partner', r.url, { events: ['crash.test'] })], delivery: { stalledJobTimeout: '1s', reconcileInterval: '500ms' } });
      // This process only writes events; the child processes relay and deliver.
      h = await createHarness({ manifest, register: registerWebhook, extra: { runWorkers: false } });
    });
    after(async () => {
      for (const w of workers) w.kill('SIGKILL');
      await h?.close();
      await r?.close();
    });

    it('ends with every event delivered, the interrupted one again with the same webhook-id', async () => {
      let hung: string | undefined;
      r.handler = (req, res) => {
        // The first request is left hanging: the worker dies while waiting for it.
        if (!hung) {
          hung = req.headers['webhook-id'];
          return;
        }
        res.writeHead(200).end();
      };
      const first = await startWorker(h, manifest);
      workers.push(first);
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) ids.push(await emit(h.db.knex, 'crash.test', { n: i }));
      await waitFor(() => hung, 10_000, 'a delivery in flight');
      first.kill('SIGKILL');
      await exited(first);

      const second = await startWorker(h, manifest);
      workers.push(second);
      await waitFor(async () => (await deliveriesOf(h.db.knex, 'partner')).filter((d) => d.status === 'succeeded').length === 10, 20_000, 'all delivered');
      const received = r.requests.map((q) => q.headers['webhook-id']);
      expect(new Set(received)).to.deep.equal(new Set(ids));
      expect(received.filter((id) => id === hung)).to.have.length(2);
      expect(await deliveriesOf(h.db.knex, 'partner')).to.have.length(10);
      second.kill('SIGTERM');
      await exited(second);
    });
  });

  describe('Redis flushed while deliveries wait for their retry', () => {
    let h: Harness;
    let r: Receiver;
    let redis: Redis;

    before(async () => {
      // A Redis database of its own, so FLUSHDB here cannot touch anyone else's keys.
      redis = new Redis(`${TEST_REDIS_URL.replace(/\/\d*$/, '')}/13`);
      r = await startReceiver(answer(503));
      h = await createHarness({
        manifest: deliveryManifest({ subscriptions: [subscription('partner', r.url, { events: ['flush.test'], retry: { schedule: ['3s', '3s'] } })], delivery: { reconcileInterval: '300ms' } }),
        register: registerWebhook,
        extra: { redis },
      });
    });
    after(async () => {
      await h?.close();
      await redis?.flushdb();
      redis?.disconnect();
      await r?.close();
    });

    it('the reconciler rebuilds the queue from Postgres and every event is delivered (same webhook-id)', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await emit(h.db.knex, 'flush.test', { n: i }));
      await waitFor(async () => (await deliveriesOf(h.db.knex, 'partner')).filter((d) => d.attempts === 1 && d.status === 'pending').length === 5, 10_000, 'first attempts failed');
      await redis.flushdb();
      r.handler = answer(200);
      await waitFor(async () => (await deliveriesOf(h.db.knex, 'partner')).filter((d) => d.status === 'succeeded').length === 5, 15_000, 'all delivered');
      const delivered = r.requests.filter((q) => q.headers['webhook-id'] && r.requests.indexOf(q) >= 5).map((q) => q.headers['webhook-id']);
      expect(new Set(delivered)).to.deep.equal(new Set(ids));
      expect(h.logs()).to.match(/re-enqueued deliveries that had no job/);
    });

    it('a crash between commit and enqueue (rows without jobs) is repaired too', async () => {
      const eventId = await h.db.knex.transaction(async (trx) => {
        const [row] = await trx.withSchema('lendwire').table('outbox').insert({ event_id: 'msg_01JLOSTENQUEUE0000000000000', type: 'flush.test', payload: JSON.stringify({ lost: true }), relayed_at: trx.fn.now() }).returning(['id', 'event_id']);
        await trx.withSchema('lendwire').table('deliveries').insert({ id: newDeliveryId(), outbox_id: row.id, event_id: row.event_id, event_type: 'flush.test', target_kind: 'subscription', target_id: 'partner', status: 'pending' });
        return row.event_id as string;
      });
      const req = await waitFor(() => r.requests.find((q) => q.headers['webhook-id'] === eventId), 10_000, 'the lost delivery');
      expect(JSON.parse(req.body).data).to.deep.equal({ lost: true });
    });
  });
});
