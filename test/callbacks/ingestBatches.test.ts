import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { createTestRedis, type TestRedis } from '../support/testRedis.js';
import { migrateLatest } from '../../plugin/app/migrate.js';
import { isDataError } from '../../plugin/errors/index.js';
import { RawCallbackStore, type NewRawCallback } from '../../plugin/callbacks/RawCallbackStore.js';
import { CALLBACK_QUEUE, CallbackQueue, type CallbackJobData } from '../../plugin/callbacks/CallbackQueue.js';
import { QueueFactory } from '../../plugin/queue/QueueFactory.js';

const callback = (n: number, dedupeKey: string | null = null): NewRawCallback => ({
  lenderId: 'westlake',
  receivedAt: new Date(),
  contentType: 'application/json',
  headers: { 'content-type': 'application/json', 'x-n': String(n) },
  body: Buffer.from(`{"n":${n}}`),
  sourceIp: '127.0.0.1',
  dedupeKey,
  processStatus: 'pending',
  orderingKey: `app-${n}`,
});

/** A dedupe key no index can hold (random, so it does not compress): Postgres refuses it with SQLSTATE 54000. */
const HUGE_KEY = randomBytes(15_000).toString('base64');

describe('callbacks stored together (ingest group commit)', function () {
  this.timeout(30_000);
  let db: TestDatabase;
  let store: RawCallbackStore;
  /** The dedupe-key array of every batched INSERT sent (one entry per statement). */
  let inserts: (string | null)[][];
  const onQuery = (q: { sql: string; bindings?: unknown[] }) => {
    if (/^with input as .*insert into .*raw_callbacks/is.test(q.sql)) inserts.push(q.bindings?.[7] as (string | null)[]);
  };

  before(async () => {
    db = await createTestDatabase();
    await migrateLatest(db.knex, 'lendwire');
    store = new RawCallbackStore(db.knex, { schema: 'lendwire' });
    db.knex.on('query', onQuery);
  });
  beforeEach(() => {
    inserts = [];
  });
  after(async () => {
    db.knex.removeListener('query', onQuery);
    await db.drop();
  });

  /** The rows of `ids`, in the order of `ids` (two statements in flight may draw their ids in either order). */
  const rowsOf = async (ids: string[]) => {
    const rows = (await db.knex.withSchema('lendwire').table('raw_callbacks').whereIn('id', ids)) as { id: string; body: Buffer; headers: Record<string, string>; ordering_key: string; dedupe_key: string | null }[];
    return ids.map((id) => rows.find((r) => String(r.id) === String(id))!);
  };

  it('stores the callbacks of one tick with one statement, each with its own id, bytes, headers and ordering key', async () => {
    const stored = await Promise.all([1, 2, 3, 4, 5].map((n) => store.insert(callback(n))));
    expect(inserts, 'INSERT statements').to.have.length(1);
    expect(inserts[0]).to.have.length(5);
    expect(stored.every((s) => !s.duplicate)).to.equal(true);
    expect(new Set(stored.map((s) => s.id)).size).to.equal(5);
    const rows = await rowsOf(stored.map((s) => s.id));
    for (const [i, s] of stored.entries()) {
      const row = rows.find((r) => String(r.id) === s.id)!;
      expect(row.body.toString(), `callback ${i + 1}'s body`).to.equal(`{"n":${i + 1}}`);
      expect(row.headers['x-n']).to.equal(String(i + 1));
      expect(row.ordering_key).to.equal(`app-${i + 1}`);
    }
    // Ids follow the order the callbacks were handed in.
    expect(stored.map((s) => BigInt(s.id))).to.deep.equal(stored.map((s) => BigInt(s.id)).sort((a, b) => (a < b ? -1 : 1)));
  });

  it('a batch Postgres refuses for one callback: the others are stored once each, the refused one fails alone with its data error', async () => {
    const before = Number((await db.knex.withSchema('lendwire').table('raw_callbacks').count({ n: '*' }))[0].n);
    const outcomes = await Promise.allSettled([callback(11, 'k-11'), callback(12, HUGE_KEY), callback(13, 'k-13'), callback(14, null)].map((c) => store.insert(c)));
    expect(inserts[0], 'the first statement held the whole batch').to.have.length(4);
    expect(inserts.length, 'the failed batch, then one statement per callback').to.equal(5);
    expect(outcomes.map((o) => o.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(isDataError((outcomes[1] as PromiseRejectedResult).reason)).to.equal(true);
    const after = Number((await db.knex.withSchema('lendwire').table('raw_callbacks').count({ n: '*' }))[0].n);
    expect(after - before, 'rows added').to.equal(3);
    const ids = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.id] : []));
    expect((await rowsOf(ids)).map((r) => r.body.toString())).to.deep.equal(['{"n":11}', '{"n":13}', '{"n":14}']);
  });

  it('two deliveries of one callback in one batch make one row: the second answers duplicate with the first one\'s id', async () => {
    const [first, second, other] = await Promise.all([store.insert(callback(21, 'k-21')), store.insert(callback(21, 'k-21')), store.insert(callback(22, 'k-22'))]);
    expect(inserts, 'INSERT statements').to.have.length(1);
    expect(first).to.deep.equal({ id: first.id, duplicate: false });
    expect(second).to.deep.equal({ id: first.id, duplicate: true });
    expect(other.duplicate).to.equal(false);
    expect(await db.knex.withSchema('lendwire').table('raw_callbacks').where({ dedupe_key: 'k-21' }).count({ n: '*' })).to.deep.equal([{ n: '1' }]);
    // A later delivery, in a batch of its own, finds the same row.
    expect(await store.insert(callback(21, 'k-21'))).to.deep.equal({ id: first.id, duplicate: true });
  });

  it('keeps a statement under a megabyte of bodies: large callbacks of one tick go in statements of their own, byte for byte', async () => {
    const large = (n: number, kb: number) => ({ ...callback(n), body: Buffer.alloc(kb * 1024, n) });
    const stored = await Promise.all([large(41, 600), large(42, 600), callback(43), large(44, 300)].map((c) => store.insert(c)));
    expect(inserts.map((b) => b.length), 'callbacks per statement').to.deep.equal([1, 3]);
    const rows = await rowsOf(stored.map((s) => s.id));
    expect(rows.map((r) => r.body.length)).to.deep.equal([600 * 1024, 600 * 1024, 8, 300 * 1024]);
    expect(rows[1].body.every((byte) => byte === 42)).to.equal(true);
  });

  it('text Postgres cannot store in any column fails that callback alone (NUL in the content type, a lone surrogate in a header)', async () => {
    const nul = { ...callback(31), contentType: 'application/json\u0000' };
    const surrogate = { ...callback(32), headers: { 'x-bad': 'a\ud800b' } };
    const outcomes = await Promise.allSettled([nul, callback(33), surrogate].map((c) => store.insert(c)));
    expect(outcomes.map((o) => o.status)).to.deep.equal(['rejected', 'fulfilled', 'rejected']);
    for (const o of [outcomes[0], outcomes[2]]) expect(isDataError((o as PromiseRejectedResult).reason), String((o as PromiseRejectedResult).reason)).to.equal(true);
    const ok = (outcomes[1] as PromiseFulfilledResult<{ id: string }>).value;
    expect((await rowsOf([ok.id]))[0].body.toString()).to.equal('{"n":33}');
  });
});

describe('callback jobs queued together', function () {
  this.timeout(30_000);
  let redis: TestRedis;
  let queues: QueueFactory;
  let queue: CallbackQueue;
  /** The job counts of every addBulk the callbacks queue was asked for. */
  let bulks: number[];
  let failNextBulk = false;

  before(async () => {
    redis = await createTestRedis();
    queues = new QueueFactory(redis.redis, { queuePrefix: redis.prefix }, pino({ level: 'silent' }));
    const bullQueue = queues.queue<CallbackJobData>(CALLBACK_QUEUE);
    const addBulk = bullQueue.addBulk.bind(bullQueue);
    bullQueue.addBulk = async (jobs) => {
      bulks.push(jobs.length);
      if (failNextBulk) {
        failNextBulk = false;
        // As a MULTI that Redis ran in part: the first job is added, then the call fails.
        await addBulk(jobs.slice(0, 1));
        throw new Error('simulated failure after the first job');
      }
      return addBulk(jobs);
    };
    queue = new CallbackQueue(queues);
  });
  beforeEach(() => {
    bulks = [];
  });
  after(async () => {
    await queues.close(1000);
    await redis.cleanup();
  });

  const jobsOf = async (ids: string[]) => Promise.all(ids.map((id) => queues.queue<CallbackJobData>(CALLBACK_QUEUE).getJob(`raw-${id}`)));

  it('queues the callbacks of one tick with one addBulk, each job with its own id and data', async () => {
    await Promise.all(['101', '102', '103'].map((id) => queue.enqueue(id, `corr-${id}`, { lenderId: 'westlake', orderingKey: `app-${id}` })));
    expect(bulks).to.deep.equal([3]);
    const jobs = await jobsOf(['101', '102', '103']);
    expect(jobs.map((j) => j?.data)).to.deep.equal(['101', '102', '103'].map((id) => ({ rawCallbackId: id, correlationId: `corr-${id}`, lenderId: 'westlake', orderingKey: `app-${id}` })));
  });

  it('a bulk that fails part-way is sent again one job at a time: every callback is queued, none twice', async () => {
    failNextBulk = true;
    await Promise.all(['201', '202', '203'].map((id) => queue.enqueue(id)));
    expect(bulks).to.deep.equal([3, 1, 1, 1]);
    const jobs = await jobsOf(['201', '202', '203']);
    expect(jobs.map((j) => j?.id)).to.deep.equal(['raw-201', 'raw-202', 'raw-203']);
    expect(await queues.queue(CALLBACK_QUEUE).getJobCountByTypes('waiting')).to.equal(6);
  });
});
