import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { apptrakerCallbacks } from '../../adapters/lenders/apptraker/callbacks/index.js';
import { callbackAccepted, type LenderAdapter } from '../../plugin/index.js';
import { jsonOf, type Harness } from '../support/harness.js';
import { sleep, waitFor } from '../support/waitFor.js';
import { inspectQueue } from '../support/inspectQueue.js';
import {
  SCHEMA,
  SELECTED_SESSION,
  application,
  brokerFixture,
  callbackHarness,
  callbackManifest,
  fixture,
  insertApplication,
  postApptraker,
  postBroker,
  rawRow,
  renumbered,
  settled,
  deliver,
} from './callbackSupport.js';

/** A vendor id no index can hold (random, so it does not compress): storing it fails with SQLSTATE 54000 every time. */
const HUGE_ID = randomBytes(15_000).toString('base64');

/**
 * Adapters whose parse output keeps failing in the apply step, the way a
 * parser bug or an unexpected vendor value would: one with a database data
 * error (retrying cannot help), one with a plain exception.
 */
const poisonAdapters: LenderAdapter[] = [
  {
    id: 'poison-huge-ref',
    callbacks: {
      authenticate: apptrakerCallbacks.authenticate,
      parse: () => ({ parseStatus: 'parsed', reason: null, events: [{ kind: 'link', lenderAppId: 'PZ-1', lenderAppNo: HUGE_ID }] }),
    },
  },
  {
    id: 'poison-throws',
    callbacks: {
      authenticate: apptrakerCallbacks.authenticate,
      parse: () => ({
        parseStatus: 'parsed',
        reason: null,
        // A BigInt cannot be serialised into the outbox payload: the apply step throws on every try.
        events: [{ kind: 'notice', type: 'case.outcome', ref: { lenderAppId: 'PT-1' }, data: { amount: 10n as unknown as number } }],
      }),
    },
  },
  {
    id: 'careless-dedupe',
    callbacks: {
      // Hands the core a delivery id it never checked itself.
      authenticate: (request) => callbackAccepted({ dedupeKey: String(JSON.parse(request.body.toString('utf8')).deliveryId) }),
      parse: () => ({ parseStatus: 'unparseable', reason: 'test adapter', events: [] }),
    },
  },
];

const key = { apiKey: { env: 'LW_TEST_WESTLAKE_CALLBACK_KEY' } };
const POISON_LENDERS = [
  { id: 'poisoned', adapter: 'poison-huge-ref', callbacks: key },
  { id: 'throwing', adapter: 'poison-throws', callbacks: key },
  { id: 'careless', adapter: 'careless-dedupe', callbacks: key },
];

describe('poison callbacks: text Postgres cannot store, and processing that keeps failing', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await callbackHarness({
      manifest: callbackManifest(POISON_LENDERS),
      register: (lw) => poisonAdapters.forEach((a) => lw.registerLenderAdapter(a)),
      extra: { alerts: { checkIntervalMs: 200 } },
    });
  });
  after(async () => {
    await h.close();
  });

  it('applies an appTRAKER decision whose stipulation holds NUL and a lone surrogate, with the text cleaned, and keeps the raw bytes', async () => {
    const appId = await insertApplication(h, { lenderAppId: 'AT-NUL1' });
    await deliver(h, 'westlake', renumbered(fixture('01-stage1-processed.json'), 'AT-NUL1', '2000001'));
    const body = renumbered(fixture('02-decision-conditioned.json'), 'AT-NUL1', '2000001').replace('Proof of residence', 'Proof \\u0000of \\ud800residence');
    const res = await postApptraker(h, 'westlake', body);
    expect(res.status).to.equal(200);
    const { id } = (await res.json()) as { id: string };
    const row = await settled(h, id);
    expect(row.process_status).to.equal('applied');
    expect(Buffer.from(row.body).equals(Buffer.from(body))).to.equal(true);
    const app = await application(h, appId);
    expect(app.status).to.equal('conditioned');
    expect(app.stipulations.decision.map((s: { description: string }) => s.description)).to.include('Proof of \ufffdresidence');
  });

  it('stores any byte sequence exactly (raw NUL, invalid UTF-8) and sends it to review instead of leaving it pending', async () => {
    const body = Buffer.concat([Buffer.from('{"Application":{"Appno":"1","DecisionStatus":"Approved","Note":"a'), Buffer.from([0x00, 0xff, 0xed, 0xa0, 0x80]), Buffer.from('"}}')]);
    const res = await postApptraker(h, 'westlake', body);
    expect(res.status).to.equal(200);
    const { id } = (await res.json()) as { id: string };
    const row = await settled(h, id);
    expect(Buffer.from(row.body).equals(body)).to.equal(true);
    expect(row.process_status).to.equal('review');
    expect((await h.lendwire.callbacks.list()).map((c) => c.id)).to.include(id);
  });

  it('parks a callback whose processing fails with a data error at once: failed, in the review queue with the error, counted and alerted', async () => {
    await insertApplication(h, { lenderId: 'poisoned', lenderAppId: 'PZ-1' });
    const res = await postApptraker(h, 'poisoned', '{"any":"thing"}');
    expect(res.status).to.equal(200);
    const { id } = (await res.json()) as { id: string };
    const row = await settled(h, id);
    expect(row.process_status).to.equal('failed');
    expect(row.process_detail).to.match(/^processing failed after 1 try: database error 54000: index row/);
    const review = await h.lendwire.callbacks.list();
    expect(review.find((c) => c.id === id)).to.include({ processStatus: 'failed' });
    const overview = await jsonOf(await h.request('/admin/api/overview', { token: 'admin-token' }));
    expect(overview.callbacks.reviewQueue).to.be.at.least(2);
    const metrics = await (await h.request('/metrics')).text();
    expect(metrics).to.match(/lendwire_callbacks_failed_total\{lender="poisoned"\} 1/);
    const alert = await waitFor(
      async () => (await h.db.knex.withSchema(SCHEMA).table('outbox').where({ type: 'alert.raised' })).find((e) => e.payload.alert === 'callback_failed' && e.payload.rawCallbackIds.includes(id)),
      10_000,
      'the callback_failed alert',
    );
    expect(alert.payload.message).to.match(/could not be processed/);
    // The sweep leaves it alone: it is not pending any more.
    expect((await rawRow(h, id))!.process_status).to.equal('failed');
  });

  it('parks a callback whose processing keeps throwing after its bounded number of tries', async () => {
    await insertApplication(h, { lenderId: 'throwing', lenderAppId: 'PT-1' });
    const [{ id }] = await h.db.knex
      .withSchema(SCHEMA)
      .table('raw_callbacks')
      .insert({ lender_id: 'throwing', received_at: new Date(), content_type: 'application/json', headers: '{}', body: Buffer.from('{}'), process_status: 'pending' })
      .returning('id');
    // The job as CallbackQueue adds it, with 3 quick tries instead of 8 spread over a minute.
    await inspectQueue(h.redis.redis, 'callbacks', h.redis.prefix, async (queue) => {
      await queue.add('process', { rawCallbackId: String(id) }, { jobId: `raw-${id}`, attempts: 3, backoff: { type: 'fixed', delay: 50 }, removeOnComplete: true, removeOnFail: true });
      const row = await waitFor(async () => {
        const r = await rawRow(h, String(id));
        return r && r.process_status !== 'pending' ? r : undefined;
      }, 15_000, 'the throwing callback to be parked');
      expect(row.process_status).to.equal('failed');
      expect(row.process_detail).to.match(/^processing failed after 3 tries: .*BigInt/);
      expect((await h.lendwire.callbacks.list()).map((c) => c.id)).to.include(String(id));
    });
  });

  it('answers 422 naming the field for a signed broker webhook with NUL or a lone surrogate in sessionId or delivery.id (not a 503 retried forever)', async () => {
    const base = brokerFixture('case_outcome.selected.json');
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, sessionId: `${SELECTED_SESSION}\u0000` }, '/sessionId'],
      [{ ...base, sessionId: `\ud800${SELECTED_SESSION}` }, '/sessionId'],
      [{ ...base, delivery: { id: 'wh_\u0000', attempt: 1 } }, '/delivery/id'],
      [{ ...base, delivery: { id: 'wh_\udfff', attempt: 1 } }, '/delivery/id'],
    ];
    const before = await h.db.knex.withSchema(SCHEMA).table('raw_callbacks').count({ n: '*' });
    for (const [payload, path] of cases) {
      const res = await postBroker(h, payload);
      expect(res.status).to.equal(422);
      expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
      const problem = await jsonOf(res);
      expect(problem.errors.map((e: { path: string }) => e.path)).to.deep.equal([path]);
    }
    expect(await h.db.knex.withSchema(SCHEMA).table('raw_callbacks').count({ n: '*' })).to.deep.equal(before);
  });

  it('answers 4xx, not 503, when any adapter hands the core a value the database refuses', async () => {
    const nul = await postApptraker(h, 'careless', JSON.stringify({ deliveryId: 'd\u0000' }));
    expect(nul.status).to.equal(422);
    expect((await jsonOf(nul)).errors[0].message).to.match(/delivery id must not contain NUL/);
    // Passes the text checks, but no unique index can hold it: Postgres' data error is still the sender's fault.
    const huge = await postApptraker(h, 'careless', JSON.stringify({ deliveryId: HUGE_ID }));
    expect(huge.status).to.equal(422);
    expect(huge.headers.get('content-type')).to.match(/^application\/problem\+json/);
    const fine = await postApptraker(h, 'careless', JSON.stringify({ deliveryId: 'd-1' }));
    expect(fine.status).to.equal(200);
  });

  it('a connection Postgres drops mid-statement: a callback alone is answered 503 (the sender retries), a batch is sent again one by one; none lost, none doubled', async () => {
    // The test's own statements use a pool of their own: lendwire's may hand out a connection just dropped.
    const own = knexFactory({ client: 'pg', connection: h.db.url, pool: { min: 0, max: 3 } });
    const count = async () => Number((await own.withSchema(SCHEMA).table('raw_callbacks').count({ n: '*' }))[0].n);
    const rowsOf = async (id: string) => Number((await own.withSchema(SCHEMA).table('raw_callbacks').where({ lender_id: 'careless', dedupe_key: id }).count({ n: '*' }))[0].n);
    const post = (id: string) => postApptraker(h, 'careless', JSON.stringify({ deliveryId: id }));
    /** The backends of batched inserts waiting for the lock, oldest first, once there are as many as `accept` allows. */
    const waiting = async (accept: (n: number) => boolean) =>
      waitFor(async () => {
        const { rows } = await own.raw(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE 'WITH input AS%raw_callbacks%' ORDER BY query_start`);
        return accept(rows.length) ? (rows as { pid: number }[]).map((r) => r.pid) : undefined;
      });
    const failedBatches: number[] = [];
    const onError = (_err: unknown, q: { sql?: string; bindings?: unknown[] }) => {
      if (/^with input as/i.test(q.sql ?? '')) failedBatches.push((q.bindings?.[7] as unknown[]).length);
    };
    const ids = ['m-0', 'm-1', 'm-2', 'm-3', 'm-4'];
    const before = await count();
    const blocker = await own.transaction();
    h.db.knex.on('query-error', onError);
    try {
      await blocker.raw('LOCK TABLE lendwire.raw_callbacks IN SHARE MODE');
      // Both insert slots taken, one callback each; three more gather behind them.
      const first = post('m-0');
      await waiting((n) => n === 1);
      const alone = post('m-1');
      const [firstPid, alonePid] = await waiting((n) => n === 2);
      const gathered = ['m-2', 'm-3', 'm-4'].map(post);
      await sleep(300);
      await own.raw('SELECT pg_terminate_backend(?)', [alonePid]);
      expect((await alone).status, 'the callback alone on the dropped connection').to.equal(503);
      // The three go as one statement in the freed slot. Either it waits for the lock (then its
      // connection is dropped too), or it was handed the dropped connection and failed at once:
      // both ways it is sent again one callback at a time.
      const now = await waiting((n) => n >= 2);
      if (!failedBatches.includes(3)) for (const pid of now.filter((p) => p !== firstPid)) await own.raw('SELECT pg_terminate_backend(?)', [pid]);
      await sleep(500);
      await blocker.commit();
      const answers = await Promise.all([first, alone, ...gathered]);
      expect(failedBatches, 'statements that failed, by callbacks carried').to.include(3);
      // A retried callback handed a connection that was just dropped is refused too (503): the sender retries it.
      const statuses = answers.map((a) => a.status);
      expect(statuses[0]).to.equal(200);
      expect(statuses.slice(2).filter((st) => st === 200).length, 'batch-mates stored on their own').to.be.at.least(2);
      for (const [k, id] of ids.entries()) {
        expect([200, 503], id).to.include(statuses[k]);
        expect(await rowsOf(id), `${id} (answered ${statuses[k]}) rows`).to.equal(statuses[k] === 200 ? 1 : 0);
      }
      // The sender's retries of the refused ones are stored, once each.
      for (const [k, id] of ids.entries()) if (statuses[k] === 503) expect((await post(id)).status).to.equal(200);
      for (const id of ids) expect(await rowsOf(id), id).to.equal(1);
      expect(await count()).to.equal(before + 5);
    } finally {
      h.db.knex.removeListener('query-error', onError);
      if (!blocker.isCompleted()) await blocker.rollback();
      await own.destroy();
    }
  });

  it('callbacks stored together: the one the database refuses is answered 422, its batch-mates 200 and stored once each, a repeat as a duplicate', async () => {
    const batches: (string | null)[][] = [];
    const onQuery = (q: { sql: string; bindings?: unknown[] }) => {
      if (/^with input as .*insert into .*raw_callbacks/is.test(q.sql)) batches.push(q.bindings?.[7] as (string | null)[]);
    };
    const count = async () => Number((await h.db.knex.withSchema(SCHEMA).table('raw_callbacks').count({ n: '*' }))[0].n);
    const before = await count();
    // While the table is locked the first inserts wait and every callback after them gathers into one batch.
    const blocker = await h.db.knex.transaction();
    h.db.knex.on('query', onQuery);
    try {
      await blocker.raw('LOCK TABLE lendwire.raw_callbacks IN SHARE MODE');
      // Two inserts take both of the statements that may run at once (one each, sent one after the other).
      const first: Promise<Response>[] = [];
      for (const id of ['b-0', 'b-1']) {
        first.push(postApptraker(h, 'careless', JSON.stringify({ deliveryId: id })));
        await waitFor(async () => batches.length === first.length);
      }
      const together = ['b-2', HUGE_ID, 'b-3', 'b-3', 'b-4'].map((id) => postApptraker(h, 'careless', JSON.stringify({ deliveryId: id })));
      await sleep(300);
      await blocker.commit();
      const answers = await Promise.all([...first, ...together]);
      expect(answers.map((a) => a.status)).to.deep.equal([200, 200, 200, 422, 200, 200, 200]);
      expect(answers[3].headers.get('content-type')).to.match(/^application\/problem\+json/);
      const bodies = await Promise.all(answers.map((a) => a.json() as Promise<{ id: string; duplicate?: true }>));
      // The two deliveries of b-3: one row, the later answer marked duplicate.
      expect(bodies[4].id).to.equal(bodies[5].id);
      expect([bodies[4].duplicate, bodies[5].duplicate].filter(Boolean)).to.have.length(1);
      expect(await count(), 'rows added').to.equal(before + 5);
      const huge = batches.find((b) => b.includes(HUGE_ID) && b.length > 1);
      expect(huge, 'the refused callback was first sent together with others').to.have.length(5);
    } finally {
      h.db.knex.removeListener('query', onQuery);
      if (!blocker.isCompleted()) await blocker.rollback();
    }
  });
});

