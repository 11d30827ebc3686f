import { expect } from 'chai';
import { pino } from 'pino';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { createTestRedis, type TestRedis } from '../support/testRedis.js';
import { migrateLatest } from '../../plugin/app/migrate.js';
import { QueueFactory } from '../../plugin/queue/QueueFactory.js';
import { DeliveryQueue } from '../../plugin/delivery/DeliveryQueue.js';
import { OutboxRelay } from '../../plugin/delivery/outbox/OutboxRelay.js';
import { LocalDeliveries } from '../../plugin/delivery/LocalDeliveries.js';
import { systemClock } from '../../plugin/kernel/Clock.js';
import { appendEvent } from '../../plugin/events/appendEvent.js';
import type { DeliveryTargetKind } from '../../plugin/delivery/DeliveryTargetKind.js';
import { sleep, waitFor } from '../delivery/support/deliveryTestKit.js';

/** A target kind with two targets that want every event (and can be told to fail). */
function fakeKind(): DeliveryTargetKind & { failOn?: string } {
  const kind: DeliveryTargetKind & { failOn?: string } = {
    kind: 'fake',
    async targetsFor(event) {
      if (kind.failOn && event.type === kind.failOn) throw new Error('target lookup failed');
      return ['a', 'b'];
    },
    async send() {
      return { result: 'delivered' };
    },
    async policy() {
      return { enabled: true, retryScheduleMs: [] };
    },
  };
  return kind;
}

describe('outbox relay', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let queues: QueueFactory;
  const logger = pino({ level: 'silent' });

  before(async () => {
    db = await createTestDatabase();
    redis = await createTestRedis();
    await migrateLatest(db.knex, 'lendwire');
    queues = new QueueFactory(redis.redis, { queuePrefix: redis.prefix }, logger);
  });
  after(async () => {
    await queues.close(1000);
    await redis.cleanup();
    await db.drop();
  });

  const relay = (kind: DeliveryTargetKind, pollIntervalMs = 60_000) =>
    new OutboxRelay(db.knex, { schema: 'lendwire' }, [kind], new DeliveryQueue(queues), logger, { relayPollIntervalMs: pollIntervalMs, stalledJobTimeoutMs: 10_000 }, /* never opened: every delivery gets a job */ new LocalDeliveries({ concurrency: 1 }), systemClock, { batchSize: 25, relistenDelayMs: 200 });
  const count = async (table: string, where: Record<string, unknown> = {}) => Number((await db.knex.withSchema('lendwire').table(table).where(where).count({ n: '*' }))[0].n);

  it('several relays running at once fan every event out exactly once (each event claimed by one of them), each delivery with a job whose id is the delivery id', async () => {
    for (let i = 0; i < 200; i++) await db.knex.transaction((trx) => appendEvent(trx, 'lendwire', { type: 'application.submitted', data: { n: i } }));
    const kind = fakeKind();
    const relays = [relay(kind), relay(kind), relay(kind)];
    await Promise.all(relays.map((r) => r.start()));
    try {
      await waitFor(async () => (await count('outbox')) > 0 && (await db.knex.withSchema('lendwire').table('outbox').whereNull('relayed_at').first()) === undefined, 10_000, 'all relayed');
    } finally {
      await Promise.all(relays.map((r) => r.stop()));
    }
    expect(await count('deliveries')).to.equal(400);
    const [{ n }] = await db.knex.withSchema('lendwire').table('deliveries').countDistinct({ n: db.knex.raw('(outbox_id, target_id)') });
    expect(Number(n)).to.equal(400);
    const sample = await db.knex.withSchema('lendwire').table('deliveries').orderBy('id').limit(5);
    for (const d of sample) expect((await new DeliveryQueue(queues).queue.getJob(d.id))?.id).to.equal(d.id);
    // What the reconciler relies on to find rows without a job.
    const present = await new DeliveryQueue(queues).existing([...sample.map((d) => d.id), 'dlv_NOJOB']);
    expect([...present].sort()).to.deep.equal(sample.map((d) => d.id).sort());
  });

  it('a delivery enqueued alone gets its job (the add script, no MULTI) once, however often it is enqueued', async () => {
    const queue = new DeliveryQueue(queues);
    await queue.enqueue([{ id: 'dlv_ALONE', traceContext: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } }]);
    await queue.enqueue([{ id: 'dlv_ALONE' }]);
    const job = await queue.queue.getJob('dlv_ALONE');
    expect(job?.id).to.equal('dlv_ALONE');
    expect(job?.data.correlationId).to.equal('dlv_ALONE');
    expect(job?.data.traceContext?.traceparent).to.match(/^00-0af7651916cd43dd8448eb211c80319c-/);
    expect(job?.opts.removeOnComplete).to.equal(true);
    expect(await queue.queue.getJobCountByTypes('waiting', 'delayed', 'prioritized')).to.be.at.least(1);
    const later = Date.now();
    await queue.enqueue([{ id: 'dlv_LATER', delayMs: 60_000 }]);
    const delayed = await queue.queue.getJob('dlv_LATER');
    expect(await delayed?.getState()).to.equal('delayed');
    expect((delayed?.timestamp ?? 0) + (delayed?.opts.delay ?? 0)).to.be.at.least(later + 59_000);
    await queue.queue.remove('dlv_ALONE');
    await queue.queue.remove('dlv_LATER');
  });

  it('an event another relay claims while this one looks up its targets gets its deliveries from that relay only', async () => {
    await db.knex.transaction((trx) => appendEvent(trx, 'lendwire', { type: 'application.race', data: {} }));
    const before = await count('deliveries');
    const slow = fakeKind();
    let other: Promise<number> | undefined;
    const lookup = slow.targetsFor.bind(slow);
    // The slow relay has read the event; the other relay claims and fans it out before the slow one's claim.
    slow.targetsFor = async (event) => {
      other ??= relay(fakeKind()).relayBatch(25);
      await other;
      return lookup(event);
    };
    expect(await relay(slow).relayBatch(25)).to.equal(0);
    expect(await other).to.equal(1);
    expect(await count('deliveries')).to.equal(before + 2);
    expect(await count('deliveries', { event_type: 'application.race' })).to.equal(2);
  });

  it('is woken by NOTIFY, and falls back to polling for events written without one', async () => {
    const kind = fakeKind();
    const notified = relay(kind, 60_000);
    await notified.start();
    try {
      const started = Date.now();
      const { id } = await db.knex.transaction((trx) => appendEvent(trx, 'lendwire', { type: 'application.linked', data: {} }));
      await waitFor(async () => (await count('deliveries', { outbox_id: id })) === 2, 3_000, 'NOTIFY wake-up');
      expect(Date.now() - started).to.be.below(2_000);
    } finally {
      await notified.stop();
    }
    const polling = relay(kind, 100);
    await polling.start();
    try {
      const [row] = await db.knex.withSchema('lendwire').table('outbox').insert({ event_id: 'msg_01JPOLLING000000000000000', type: 'application.idle', payload: '{}' }).returning(['id']);
      await waitFor(async () => (await count('deliveries', { outbox_id: row.id })) === 2, 3_000, 'polling');
    } finally {
      await polling.stop();
    }
  });

  describe('events carried by their NOTIFY', () => {
    /** Counts the relay's reads of the outbox (WAITING_EVENTS) while `run` runs. */
    async function outboxReads(run: () => Promise<void>): Promise<number> {
      let reads = 0;
      const onQuery = (q: { sql: string }) => {
        if (/outbox WHERE relayed_at IS NULL ORDER BY id/.test(q.sql)) reads++;
      };
      db.knex.on('query', onQuery);
      try {
        await run();
      } finally {
        db.knex.off('query', onQuery);
      }
      return reads;
    }
    const relayedNow = async (id: number) => (await db.knex.withSchema('lendwire').table('outbox').where({ id }).whereNotNull('relayed_at').first()) !== undefined;
    /** Runs `test` while a relay of `kind`, polling every `pollIntervalMs`, runs. */
    async function whileRelaying(kind: DeliveryTargetKind, pollIntervalMs: number, test: () => Promise<void>): Promise<void> {
      const r = relay(kind, pollIntervalMs);
      await r.start();
      try {
        await test();
      } finally {
        await r.stop();
      }
    }

    it('an event written by appendEvent is fanned out from its NOTIFY, without a read of the outbox', async () => {
      await whileRelaying(fakeKind(), 60_000, async () => {
        await waitFor(async () => (await db.knex.withSchema('lendwire').table('outbox').whereNull('relayed_at').first()) === undefined, 5_000, 'the first pass');
        await sleep(50);
        const ids: number[] = [];
        const reads = await outboxReads(async () => {
          for (let i = 0; i < 10; i++) {
            const { id } = await db.knex.transaction((trx) => appendEvent(trx, 'lendwire', { type: 'application.notified', applicationId: `app_n${i}`, dealerId: 'dealer-n', data: { i } }));
            ids.push(id);
            await waitFor(() => relayedNow(id), 3_000, `event ${i} relayed`);
          }
        });
        expect(reads, 'reads of the outbox for 10 notified events').to.equal(0);
        const rows = await db.knex.withSchema('lendwire').table('deliveries').whereIn('outbox_id', ids).select('outbox_id', 'application_id', 'event_type');
        expect(rows).to.have.length(20);
        expect(new Set(rows.map((d) => d.application_id)).size).to.equal(10);
        expect(rows.every((d) => d.event_type === 'application.notified')).to.equal(true);
      });
    });

    it('the events one transaction notifies are fanned out together, in one pass (notices that arrive at once are not split)', async () => {
      const kind = fakeKind();
      const passes: number[] = [];
      kind.targetsForMany = async (events) => {
        passes.push(events.length);
        return events.map(() => ['a', 'b']);
      };
      await whileRelaying(kind, 60_000, async () => {
        await waitFor(async () => (await db.knex.withSchema('lendwire').table('outbox').whereNull('relayed_at').first()) === undefined, 5_000, 'the first pass');
        passes.length = 0;
        const ids: number[] = [];
        const reads = await outboxReads(async () => {
          await db.knex.transaction(async (trx) => {
            for (let i = 0; i < 20; i++) ids.push((await appendEvent(trx, 'lendwire', { type: 'application.together', applicationId: `app_t${i}`, dealerId: 'dealer-t', data: { i } })).id);
          });
          await waitFor(async () => (await Promise.all(ids.map(relayedNow))).every(Boolean), 3_000, 'all 20 relayed');
        });
        expect(reads, 'reads of the outbox').to.equal(0);
        expect(passes, 'events per fan-out pass').to.deep.equal([20]);
        expect(await db.knex.withSchema('lendwire').table('deliveries').whereIn('outbox_id', ids).count({ n: '*' }).then((x) => Number(x[0].n))).to.equal(40);
      });
    });

    it('an event too big for a NOTIFY payload (Postgres refuses 8,000 bytes) is still written and relayed: its notice is empty and the relay reads', async () => {
      await whileRelaying(fakeKind(), 60_000, async () => {
        const dealerId = `dealer-${'x'.repeat(9_000)}`;
        const { id } = await db.knex.transaction((trx) => appendEvent(trx, 'lendwire', { type: 'application.big', dealerId, data: {} }));
        await waitFor(() => relayedNow(id), 3_000, 'the big event relayed');
        expect(await count('deliveries', { outbox_id: id })).to.equal(2);
      });
    });

    it('a NOTIFY that carries no notice (empty, not JSON, wrong shape, 3,999-deep JSON: the deepest that fits) makes the relay read the outbox', async () => {
      await whileRelaying(fakeKind(), 60_000, async () => {
        for (const payload of ['', 'not json', '{"id":"1; DROP TABLE x","event_id":"m","type":"t"}', '['.repeat(3_999) + ']'.repeat(3_999), '{"id":"7","event_id":"m","type":"t","versions":{"subscription":"x"}}']) {
          const [row] = await db.knex.withSchema('lendwire').table('outbox').insert({ event_id: `msg_raw${Math.random().toString(36).slice(2)}`, type: 'application.raw', payload: '{}' }).returning(['id']);
          await db.knex.raw('SELECT pg_notify(?, ?)', ['lendwire_outbox', payload.slice(0, 7_999)]);
          await waitFor(() => relayedNow(Number(row.id)), 3_000, `relayed after a NOTIFY of ${payload.slice(0, 20)}`);
        }
      });
    });

    it('a notified pass that fails leaves its events to the next pass, which reads the outbox', async () => {
      const kind = fakeKind();
      kind.failOn = 'application.flaky';
      await whileRelaying(kind, 200, async () => {
        const { id } = await db.knex.transaction((trx) => appendEvent(trx, 'lendwire', { type: 'application.flaky', data: {} }));
        await sleep(100);
        expect(await relayedNow(id), 'the failed pass claimed nothing').to.equal(false);
        kind.failOn = undefined;
        await waitFor(() => relayedNow(id), 3_000, 'relayed by a later pass');
        expect(await count('deliveries', { outbox_id: id })).to.equal(2);
      });
    });
  });

  it('a failure in the middle of a batch rolls the whole batch back: nothing is lost or duplicated on the next pass', async () => {
    const kind = fakeKind();
    const r = relay(kind);
    for (const type of ['application.submitted', 'boom.event', 'application.submitted']) await db.knex.transaction((trx) => appendEvent(trx, 'lendwire', { type, data: {} }));
    kind.failOn = 'boom.event';
    const before = await count('deliveries');
    await r.relayBatch(25).catch(() => undefined);
    expect(await count('deliveries')).to.equal(before);
    expect(await db.knex.withSchema('lendwire').table('outbox').whereNull('relayed_at').count({ n: '*' }).then((x) => Number(x[0].n))).to.equal(3);
    kind.failOn = undefined;
    expect(await r.relayBatch(25)).to.equal(3);
    expect(await count('deliveries')).to.equal(before + 6);
    expect(await r.relayBatch(25)).to.equal(0);
  });

  it('LISTENs again after its Postgres connection is killed (e.g. a Postgres restart)', async () => {
    const kind = fakeKind();
    const r = relay(kind, 60_000);
    await r.start();
    try {
      const listening = () => db.knex.raw(`SELECT pid FROM pg_stat_activity WHERE datname = ? AND query ILIKE 'LISTEN%'`, [db.name]).then((x) => x.rows as { pid: number }[]);
      const [first] = await waitFor(async () => ((await listening()).length ? listening() : undefined), 3_000, 'LISTEN connection');
      await db.knex.raw('SELECT pg_terminate_backend(?)', [first.pid]);
      await waitFor(async () => (await listening()).some((x) => x.pid !== first.pid), 5_000, 'a new LISTEN connection');
      const { id } = await db.knex.transaction((trx) => appendEvent(trx, 'lendwire', { type: 'application.funded', data: {} }));
      await waitFor(async () => (await count('deliveries', { outbox_id: id })) === 2, 3_000, 'NOTIFY after reconnecting');
    } finally {
      await r.stop();
    }
  });
});
