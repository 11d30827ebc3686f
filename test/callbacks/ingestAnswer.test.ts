import { expect } from 'chai';
import { pino } from 'pino';
import type { Harness } from '../support/harness.js';
import { createTestRedis, type TestRedis } from '../support/testRedis.js';
import { QueueFactory } from '../../plugin/queue/QueueFactory.js';
import { CALLBACK_QUEUE, CallbackQueue, MAX_BACKGROUND_ENQUEUES, callbackJobId } from '../../plugin/callbacks/CallbackQueue.js';
import { SCHEMA, callbackHarness, fixture, postApptraker, renumbered } from './callbackSupport.js';
import { waitFor } from '../delivery/support/deliveryTestKit.js';

/** Pauses Redis' write commands (BullMQ's add script among them) for every client, for at most `ms`. */
async function pauseWrites(redis: TestRedis, ms: number): Promise<void> {
  await redis.redis.call('CLIENT', 'PAUSE', String(ms), 'WRITE');
}

const unpause = (redis: TestRedis) => redis.redis.call('CLIENT', 'UNPAUSE');

function jobExists(redis: TestRedis, rawCallbackId: string): Promise<boolean> {
  return redis.redis.exists(`${redis.prefix}:${CALLBACK_QUEUE}:${callbackJobId(rawCallbackId)}`).then((n) => n === 1);
}

describe('a callback is answered once stored; its job goes to Redis behind the answer', function () {
  this.timeout(30_000);

  describe('an API process (no workers: every stored callback gets a job)', () => {
    let h: Harness;
    before(async () => {
      h = await callbackHarness({ start: false });
    });
    after(async () => {
      await unpause(h.redis);
      await h.close();
    });

    it('answers 200 while Redis takes seconds to write, and the job is there once Redis writes again', async () => {
      await pauseWrites(h.redis, 1_500);
      const started = Date.now();
      const res = await postApptraker(h, 'westlake', renumbered(fixture('01-stage1-processed.json'), 'AT-BEHIND1', '7800001'));
      const tookMs = Date.now() - started;
      expect(res.status).to.equal(200);
      // Before, the answer waited for the job up to QUEUE_WAIT_MS (1 s).
      expect(tookMs, 'answered without waiting for Redis').to.be.below(500);
      const { id } = (await res.json()) as { id: string };
      expect((await h.db.knex.withSchema(SCHEMA).table('raw_callbacks').where({ id }).first()).process_status).to.equal('pending');
      expect(await jobExists(h.redis, id), 'no job while Redis is paused').to.equal(false);
      await waitFor(() => jobExists(h.redis, id), 5_000, 'the job once Redis writes again');
    });

    it('stopping waits for the jobs of the callbacks it answered', async () => {
      await pauseWrites(h.redis, 400);
      const res = await postApptraker(h, 'westlake', renumbered(fixture('01-stage1-processed.json'), 'AT-BEHIND2', '7800002'));
      expect(res.status).to.equal(200);
      const { id } = (await res.json()) as { id: string };
      expect(await jobExists(h.redis, id)).to.equal(false);
      await h.lendwire.stop();
      expect(await jobExists(h.redis, id), 'queued before Redis was closed').to.equal(true);
    });
  });

  describe('the bound on enqueues behind answers', () => {
    let redis: TestRedis;
    let queues: QueueFactory;
    before(async () => {
      redis = await createTestRedis();
      queues = new QueueFactory(redis.redis, { queuePrefix: redis.prefix }, pino({ level: 'silent' }));
    });
    after(async () => {
      await unpause(redis);
      await queues.close(1_000);
      await redis.cleanup();
    });

    it(`leaves up to ${MAX_BACKGROUND_ENQUEUES} enqueues running; the next caller is handed its enqueue to wait for`, async () => {
      const queue = new CallbackQueue(queues);
      const failures: unknown[] = [];
      // The queue's connection is up before the pause (its first command would wait behind it otherwise).
      await queue.enqueue('warm-up');
      await pauseWrites(redis, 2_000);
      const ids = Array.from({ length: MAX_BACKGROUND_ENQUEUES }, (_, i) => `b${i}`);
      for (const id of ids) expect(queue.enqueueBehind(id, undefined, { lenderId: 'westlake', orderingKey: null }, (err) => failures.push(err))).to.equal(undefined);
      const waited = queue.enqueueBehind('over', undefined, { lenderId: 'westlake', orderingKey: null }, (err) => failures.push(err));
      expect(waited, 'the caller past the bound waits').to.be.instanceOf(Promise);
      let done = false;
      void waited!.then(() => (done = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(done, 'not queued while Redis is paused').to.equal(false);
      await unpause(redis);
      await waited;
      await queue.settled(5_000);
      expect(failures).to.deep.equal([]);
      const exist = await Promise.all([...ids, 'over'].map((id) => jobExists(redis, id)));
      expect(exist.filter(Boolean)).to.have.length(MAX_BACKGROUND_ENQUEUES + 1);
      // The bound counts only the enqueues still running: with them done, the next one goes behind again.
      expect(queue.enqueueBehind('after', undefined, { lenderId: 'westlake', orderingKey: null }, (err) => failures.push(err))).to.equal(undefined);
      await queue.settled(5_000);
      expect(await jobExists(redis, 'after')).to.equal(true);
    });

    it('a background enqueue that fails is reported to its caller\'s handler, never thrown; the others in its batch are queued', async () => {
      const queue = new CallbackQueue(queues);
      const failures: unknown[] = [];
      const notQueued = (err: unknown) => failures.push(err);
      // BullMQ refuses a job id with ':' in it.
      for (const id of ['ok-1', 'bad:id', 'ok-2']) expect(queue.enqueueBehind(id, undefined, { lenderId: 'westlake', orderingKey: null }, notQueued)).to.equal(undefined);
      await queue.settled(5_000);
      expect(failures).to.have.length(1);
      expect(String(failures[0])).to.match(/:/);
      expect(await jobExists(redis, 'ok-1')).to.equal(true);
      expect(await jobExists(redis, 'ok-2')).to.equal(true);
    });
  });
});
