import { expect } from 'chai';
import { inspectQueue } from '../support/inspectQueue.js';
import { pino } from 'pino';
import { registerBuiltInAdapters } from '../../adapters/index.js';
import { callbackAccepted, createLendwire, type Lendwire, type LenderAdapter } from '../../plugin/index.js';
import type { Harness } from '../support/harness.js';
import { waitFor } from '../support/waitFor.js';
import { CALLBACK_QUEUE, callbackJobId } from '../../plugin/callbacks/CallbackQueue.js';
import { application, apptrakerDecision, callbackHarness, callbackManifest, insertApplication, outboxOf, postApptraker, rawRow, SCHEMA } from './callbackSupport.js';

/**
 * A test lender whose callbacks are `{ appNo, apr, poison? }`: each one sets the
 * decision APR; a poisoned one cannot be applied (its terms cannot be serialised),
 * like a callback Postgres refuses.
 */
const probeAdapter: LenderAdapter = {
  id: 'ordering-probe',
  callbacks: {
    authenticate: () => callbackAccepted(),
    subjectOf: (request) => ({ lenderAppNo: String((JSON.parse(request.body.toString('utf8')) as { appNo: string }).appNo) }),
    parse(callback) {
      const body = JSON.parse(callback.body.toString('utf8')) as { appNo: string; apr: number; poison?: boolean; about?: string };
      const terms = body.poison ? { apr: BigInt(body.apr) } : { apr: body.apr };
      // `about`: the update is for another application than the one it is ordered with (to block a drain on that row's lock).
      const ref = { lenderAppNo: body.about ?? body.appNo };
      return { parseStatus: 'parsed', reason: null, subject: ref, events: [{ kind: 'update', ref, status: null, lenderStatus: null, vendorAt: null, terms }] };
    },
  },
};

const register = (lw: Lendwire) => {
  registerBuiltInAdapters(lw);
  lw.registerLenderAdapter(probeAdapter);
};

/** The westlake and probe lenders, with 8 callback jobs at once per process. */
function orderingManifest(): Record<string, unknown> {
  const base = callbackManifest([{ id: 'probe', adapter: 'ordering-probe', callbacks: {} }]);
  return { ...base, runtime: { concurrency: { callbacks: 8 } } };
}

async function storedId(res: Response): Promise<string> {
  expect(res.status).to.equal(200);
  return ((await res.json()) as { id: string }).id;
}

describe('per-application callback order across worker processes', () => {
  let h: Harness;
  let second: Lendwire | undefined;

  before(async () => {
    // Workers start only once the callbacks are stored, so every job is waiting when they do.
    h = await callbackHarness({ manifest: orderingManifest(), register: (lw) => lw.registerLenderAdapter(probeAdapter), start: false });
  });
  after(async () => {
    await second?.stop();
    await h?.close();
  });

  it('applies 40 callbacks of one application, all queued at once, in arrival order with two processes of 8 workers each', async () => {
    const appId = await insertApplication(h, { lenderAppId: 'AT-ORDER1', lenderAppNo: '7340032', status: 'received' });
    const ids: string[] = [];
    // Posted one after the other (arrival order = id order), before any worker runs.
    for (let i = 1; i <= 40; i++) ids.push(await storedId(await postApptraker(h, 'westlake', apptrakerDecision('7340032', i))));

    second = await createLendwire({ manifest: orderingManifest(), knex: h.db.knex, redis: h.redis.redis, logger: pino({ level: 'silent' }), auth: () => null, queuePrefix: h.redis.prefix });
    register(second);
    await Promise.all([h.lendwire.start(), second.start()]);

    await waitFor(async () => (await Promise.all(ids.map((id) => rawRow(h, id)))).every((r) => r && r.process_status !== 'pending'), 20_000, 'all 40 callbacks to be processed');
    const events = await outboxOf(h, appId);
    // Each callback is newer than the one before it, so each one changes the APR and emits one event, in its own order.
    expect(events.map((e) => String(e.payload.rawCallbackId))).to.deep.equal(ids);
    expect(events[0].type).to.equal('application.status_changed');
    expect(events.slice(1).every((e) => e.type === 'application.updated')).to.equal(true);
    expect((await application(h, appId)).decision).to.include({ apr: 40 });
  });

  it('applies the later callbacks of an application when an earlier one cannot be applied (the batch half fails), leaving that one to its own retries', async () => {
    const appId = await insertApplication(h, { lenderId: 'probe', lenderAppId: 'PR-1', lenderAppNo: '9000001', status: 'received' });
    const post = (body: Record<string, unknown>) => fetch(`${h.url}/callbacks/probe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const first = await storedId(await post({ appNo: '9000001', apr: 1 }));
    const poisoned = await storedId(await post({ appNo: '9000001', apr: 2, poison: true }));
    const third = await storedId(await post({ appNo: '9000001', apr: 3 }));

    await waitFor(async () => (await rawRow(h, third))?.process_status === 'applied', 10_000, 'the third callback to be applied');
    expect((await rawRow(h, first))?.process_status).to.equal('applied');
    // Left to its own retries (a queue job, then the review queue); it never blocked the others. A retry
    // that runs after the third was applied finds it older than what the third wrote: nothing to change.
    expect((await rawRow(h, poisoned))?.process_status).to.be.oneOf(['pending', 'failed', 'unchanged']);
    expect((await outboxOf(h, appId, 'application.updated')).map((e) => String(e.payload.rawCallbackId))).to.deep.equal([first, third]);
    expect((await application(h, appId)).decision).to.deep.equal({ apr: 3 });
    const stored = await h.db.knex.withSchema(SCHEMA).table('raw_callbacks').whereIn('id', [first, poisoned, third]).orderBy('id').pluck('ordering_key');
    expect(stored).to.deep.equal(['no:9000001', 'no:9000001', 'no:9000001']);
  });
});

describe('a drain whose worker dies mid-batch', () => {
  let h: Harness;
  before(async () => {
    h = await callbackHarness({ manifest: orderingManifest(), register: (lw) => lw.registerLenderAdapter(probeAdapter), start: false });
  });
  after(async () => {
    await h?.close();
  });

  it('leaves nothing half-applied when the connection dies after the first callback of a batch; the retry applies all of them, in order, once', async () => {
    const appA = await insertApplication(h, { lenderId: 'probe', lenderAppId: 'PR-A', lenderAppNo: '9100001', status: 'received' });
    const appB = await insertApplication(h, { lenderId: 'probe', lenderAppId: 'PR-B', lenderAppNo: '9100002', status: 'received' });
    const post = async (body: Record<string, unknown>) => {
      const res = await fetch(`${h.url}/callbacks/probe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return storedId(res);
    };
    const first = await post({ appNo: '9100001', apr: 1 });
    const second = await post({ appNo: '9100001', apr: 2, about: '9100002' });
    const third = await post({ appNo: '9100001', apr: 3 });
    // Only the third callback's job is left, so one drain takes all three (the others' jobs were "lost").
    await inspectQueue(h.redis.redis, CALLBACK_QUEUE, h.redis.prefix, async (queue) => {
      await queue.remove(callbackJobId(first));
      await queue.remove(callbackJobId(second));
    });

    // Application B is locked, so the drain applies the first callback, then waits on B inside its transaction.
    const blocker = await h.db.knex.transaction();
    try {
      await blocker.withSchema(SCHEMA).table('applications').where({ id: appB }).forUpdate().first();
      await h.lendwire.start();
      const stuck = await waitFor(async () => {
        const { rows } = await h.db.knex.raw(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%applications%for update%'`,
        );
        return rows[0]?.pid as number | undefined;
      }, 10_000, 'the drain to wait on application B');
      expect(await outboxOf(h, appA)).to.have.length(0); // the first callback's event exists only inside the drain's transaction
      // What a killed worker looks like to Postgres: its connection goes away mid-transaction.
      await h.db.knex.raw('SELECT pg_terminate_backend(?)', [stuck]);
    } finally {
      await blocker.rollback();
    }
    await waitFor(async () => (await Promise.all([first, second, third].map((id) => rawRow(h, id)))).every((r) => r?.process_status === 'applied'), 15_000, 'the retried drain');
    expect((await outboxOf(h, appA)).map((e) => String(e.payload.rawCallbackId))).to.deep.equal([first, third]);
    expect((await outboxOf(h, appB)).map((e) => String(e.payload.rawCallbackId))).to.deep.equal([second]);
    expect((await application(h, appA)).decision).to.deep.equal({ apr: 3 });
    expect((await rawRow(h, first))?.process_count).to.equal(1);
  });
});
