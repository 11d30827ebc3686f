import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import type { Harness } from '../support/harness.js';
import { sleep, waitFor } from '../support/waitFor.js';
import { inspectQueue } from '../support/inspectQueue.js';
import { exited, startWorkerProcess } from '../delivery/support/startWorkerProcess.js';
import { CALLBACK_QUEUE } from '../../plugin/callbacks/CallbackQueue.js';
import { application, apptrakerDecision, callbackHarness, callbackManifest, fixture, insertApplication, outboxOf, postApptraker, rawRow, renumbered, SCHEMA } from './callbackSupport.js';

/**
 * Callback jobs of different applications share one processing transaction under load
 * (`runtime.concurrency.callbackTransactions`). One transaction at a time here, so every
 * job that arrives while it runs waits for the next one: the batches are certain.
 */
function batchManifest(): Record<string, unknown> {
  return { ...callbackManifest(), runtime: { concurrency: { callbacks: 8, callbackTransactions: 1 }, jobLockDuration: '1s', stalledCheckInterval: '500ms' } };
}

async function post(h: Harness, appNo: string, apr: number): Promise<string> {
  return postBody(h, apptrakerDecision(appNo, apr));
}

async function postBody(h: Harness, body: string): Promise<string> {
  const res = await postApptraker(h, 'westlake', body);
  expect(res.status).to.equal(200);
  return ((await res.json()) as { id: string }).id;
}

/** The ordering keys each multi-application lock statement took (one array per transaction that locked several). */
function recordBatches(h: Harness): { batches: string[][]; stop(): void } {
  const batches: string[][] = [];
  const onQuery = (q: { sql: string; bindings?: unknown[] }) => {
    if (q.sql.includes('pg_advisory_xact_lock') && Array.isArray(q.bindings?.[0])) batches.push((q.bindings[0] as string[]).map((n) => n.split('|').pop()!));
  };
  h.db.knex.on('query', onQuery);
  return { batches, stop: () => h.db.knex.removeListener('query', onQuery) };
}

/**
 * Per processing transaction (by knex's transaction id): the callbacks whose drain read their application's rows,
 * in order, the statements those reads took, the application numbers each statement reading (and locking) applications
 * asked for, and its raw-row outcome writes.
 */
interface RecordedTransaction {
  reads: string[];
  readStatements: number;
  applicationReads: string[][];
  outcomeWrites: number;
  /** Per statement writing applications: how many application rows it updates. */
  applicationWrites: number[];
}
function recordTransactions(h: Harness): { transactions: Map<string, RecordedTransaction>; stop(): void } {
  const transactions = new Map<string, RecordedTransaction>();
  const onQuery = (q: { sql: string; bindings?: unknown[]; __knexTxId?: string }) => {
    if (!q.__knexTxId) return;
    const tx = transactions.get(q.__knexTxId) ?? { reads: [], readStatements: 0, applicationReads: [], outcomeWrites: 0, applicationWrites: [] };
    transactions.set(q.__knexTxId, tx);
    // The drains' read: lenders, ordering keys, each drain's own callback id.
    if (/from unnest\(.*cross join lateral .*raw_callbacks/is.test(q.sql)) {
      tx.reads.push(...(q.bindings?.[2] as string[]).map(String));
      tx.readStatements++;
    }
    // By number: every callback's at the start (arrays), or one application's (lender, number, limit).
    if (/^select .*from "lendwire"\."?applications"? .*for update/is.test(q.sql)) tx.applicationReads.push([q.bindings?.[1]].flat().map(String));
    if (/^update .*raw_callbacks.* set .*process_status/is.test(q.sql)) tx.outcomeWrites++;
    const updates = q.sql.match(/update "lendwire"\."applications" set/gi)?.length ?? 0;
    if (updates) tx.applicationWrites.push(updates);
  };
  h.db.knex.on('query', onQuery);
  return { transactions, stop: () => h.db.knex.removeListener('query', onQuery) };
}

/**
 * Posts a callback for the held application and starts the workers while that application is
 * row-locked, so its transaction (the only one at a time) waits; then posts `later`: they
 * wait for the next transaction and, once the lock is released, all share it (`later`: [number, APR] for a
 * decision, or a whole body). Returns their ids.
 */
async function shareNextTransaction(h: Harness, held: { id: string; appNo: string }, later: ([appNo: string, apr: number] | string)[]): Promise<string[]> {
  const blocker = await h.db.knex.transaction();
  try {
    await blocker.withSchema(SCHEMA).table('applications').where({ id: held.id }).forUpdate().first();
    await post(h, held.appNo, 9);
    await h.lendwire.start();
    await waitFor(async () => {
      const { rows } = await h.db.knex.raw(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%applications%for update%'`);
      return rows.length > 0;
    }, 15_000, 'the first transaction to wait on the held application');
    const ids: string[] = [];
    for (const callback of later) ids.push(await (typeof callback === 'string' ? postBody(h, callback) : post(h, ...callback)));
    // The held one was queued before the workers ran, and its job is taken; the later ones, stored while they
    // run, are this process' own (LocalCallbacks): each is handed to the processor before its 200.
    const taken = () => inspectQueue(h.redis.redis, CALLBACK_QUEUE, h.redis.prefix, (q) => q.getJobCounts('active', 'waiting'));
    await waitFor(async () => JSON.stringify(await taken()) === JSON.stringify({ active: 1, waiting: 0 }), 15_000, 'the held job to be taken');
    await sleep(300); // from handed over to waiting in the processor's group commit
    return ids;
  } finally {
    await blocker.rollback();
  }
}

/** The one event each application got, by the callback that caused it. */
async function eventSources(h: Harness, appIds: string[]): Promise<string[][]> {
  return Promise.all(appIds.map(async (appId) => (await outboxOf(h, appId)).map((e) => String(e.payload.rawCallbackId))));
}

describe('callbacks of several applications in one transaction', function () {
  this.timeout(60_000);

  describe('a batch that half fails', () => {
    let h: Harness;
    before(async () => {
      h = await callbackHarness({ manifest: batchManifest(), start: false });
    });
    after(async () => {
      await h?.close();
    });

    it('applies the batch-mates of a callback Postgres refuses, once each; the refused one waits for its own retries and is applied once it can be', async () => {
      const appNos = ['9300001', '9300002', '9300003', '9300004'];
      const appIds: string[] = [];
      for (const appNo of appNos) appIds.push(await insertApplication(h, { lenderAppId: `AT-B${appNo}`, lenderAppNo: appNo, status: 'received' }));
      const poisoned = appIds[2];
      await h.db.knex.raw(`CREATE OR REPLACE FUNCTION ${SCHEMA}.poison_application() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'poisoned application %', OLD.id; END $$ LANGUAGE plpgsql`);
      await h.db.knex.raw(`CREATE TRIGGER poison BEFORE UPDATE ON ${SCHEMA}.applications FOR EACH ROW WHEN (OLD.id = '${poisoned}') EXECUTE FUNCTION ${SCHEMA}.poison_application()`);
      let cured = false;
      const cure = () => h.db.knex.raw(`DROP TRIGGER poison ON ${SCHEMA}.applications`);
      const ids: string[] = [];
      for (const [i, appNo] of appNos.entries()) ids.push(await post(h, appNo, i + 1));
      const recorder = recordBatches(h);
      try {
        await h.lendwire.start();
        const healthy = [0, 1, 3];
        await waitFor(async () => (await Promise.all(healthy.map((i) => rawRow(h, ids[i])))).every((r) => r?.process_status === 'applied'), 15_000, 'the three healthy callbacks');
        // The refused callback shared a transaction with at least one other application's.
        expect(recorder.batches.some((keys) => keys.includes('no:9300003') && keys.length > 1), JSON.stringify(recorder.batches)).to.equal(true);
        expect((await rawRow(h, ids[2]))?.process_status).to.equal('pending');
        for (const i of healthy) expect((await rawRow(h, ids[i]))?.process_count, `callback ${i}`).to.equal(1);
        await cure();
        cured = true;
        await waitFor(async () => (await rawRow(h, ids[2]))?.process_status === 'applied', 15_000, 'the refused callback, once it can be applied');
      } finally {
        recorder.stop();
        if (!cured) await cure();
      }
      expect(await eventSources(h, appIds)).to.deep.equal(ids.map((id) => [id]));
      for (const [i, appId] of appIds.entries()) expect((await application(h, appId)).decision).to.include({ apr: i + 1 });
    });
  });

  describe('a worker process killed with SIGKILL mid-batch', () => {
    let h: Harness;
    const workers: ChildProcess[] = [];
    before(async () => {
      h = await callbackHarness({ manifest: batchManifest(), start: false });
    });
    after(async () => {
      for (const w of workers) w.kill('SIGKILL');
      await h?.close();
    });

    it('commits nothing of the batch it held; the jobs are taken over and every callback is applied, once', async () => {
      const appNos = ['9400001', '9400002', '9400003', '9400004'];
      const appIds: string[] = [];
      for (const appNo of appNos) appIds.push(await insertApplication(h, { lenderAppId: `AT-K${appNo}`, lenderAppNo: appNo, status: 'received' }));
      const ids: string[] = [];
      for (const [i, appNo] of appNos.entries()) ids.push(await post(h, appNo, i + 1));

      // The last application is locked, so the transaction that reaches it waits there, holding what it applied before.
      const blocker = await h.db.knex.transaction();
      try {
        await blocker.withSchema(SCHEMA).table('applications').where({ id: appIds[3] }).forUpdate().first();
        const worker = await startWorkerProcess(h, batchManifest());
        workers.push(worker);
        const stuck = await waitFor(async () => {
          const { rows } = await h.db.knex.raw(
            `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%applications%for update%'`,
          );
          return rows[0]?.pid as number | undefined;
        }, 15_000, 'the batch to wait on the locked application');
        const { rows: held } = await h.db.knex.raw(`SELECT count(*)::int AS n FROM pg_locks WHERE pid = ? AND locktype = 'advisory' AND granted`, [stuck]);
        expect(held[0].n, 'applications locked by the stuck transaction').to.be.at.least(2);
        const pendingNow = (await Promise.all(ids.map((id) => rawRow(h, id)))).filter((r) => r?.process_status === 'pending').length;
        expect(pendingNow, 'callbacks not committed while the batch waits').to.be.at.least(2);
        worker.kill('SIGKILL');
        await exited(worker);
      } finally {
        await blocker.rollback();
      }

      await h.lendwire.start();
      await waitFor(async () => (await Promise.all(ids.map((id) => rawRow(h, id)))).every((r) => r?.process_status === 'applied'), 30_000, 'every callback applied after the takeover');
      for (const id of ids) expect((await rawRow(h, id))?.process_count, `callback ${id}`).to.equal(1);
      expect(await eventSources(h, appIds)).to.deep.equal(ids.map((id) => [id]));
    });
  });
});

describe('the outcomes of a batch, written in one statement before its commit', function () {
  this.timeout(60_000);
  let h: Harness;
  beforeEach(async () => {
    h = await callbackHarness({ manifest: batchManifest(), start: false });
  });
  afterEach(async () => {
    await h?.close();
  });

  /** The held application (its callback goes first, alone), then A (two callbacks), B and C. */
  async function applications(prefix: string): Promise<{ held: string; a: string; b: string; c: string; appNos: string[] }> {
    const appNos = ['0', '1', '2', '3'].map((n) => `${prefix}${n}`);
    const [held, a, b, c] = await Promise.all(appNos.map((appNo) => insertApplication(h, { lenderAppId: `AT-O${appNo}`, lenderAppNo: appNo, status: 'received' })));
    return { held, a, b, c, appNos };
  }

  /** B, A, C, A again: two callbacks of A in one transaction with two other applications'. */
  const batchOf = (apps: { appNos: string[] }): [string, number][] => [
    [apps.appNos[2], 2],
    [apps.appNos[1], 1],
    [apps.appNos[3], 3],
    [apps.appNos[1], 4],
  ];

  it('applies two callbacks of one application in the same transaction once each, in order, the second on what the first wrote; reads the rows, reads the applications, writes the applications (until one is read again) and writes the outcomes of the whole batch in one statement each', async () => {
    const apps = await applications('960000');
    const [, aNo, bNo, cNo] = apps.appNos;
    const recorder = recordTransactions(h);
    const [b, a1, c, a2] = await shareNextTransaction(h, { id: apps.held, appNo: apps.appNos[0] }, batchOf(apps));
    await waitFor(async () => (await Promise.all([b, a1, c, a2].map((id) => rawRow(h, id)))).every((r) => r?.process_status === 'applied'), 15_000, 'every callback applied');
    recorder.stop();
    const shared = [...recorder.transactions.values()].find((tx) => tx.reads.includes(a1) && tx.reads.includes(a2));
    expect(shared, JSON.stringify([...recorder.transactions.values()])).to.not.equal(undefined);
    expect(shared!.reads.indexOf(a1)).to.be.below(shared!.reads.indexOf(a2));
    expect(shared!.reads.length, 'drains in the shared transaction').to.be.at.least(3);
    expect(shared!.readStatements, 'statements reading the drains\' rows in the shared transaction').to.equal(1);
    // One statement for every application of the batch; A once more, after its first callback wrote it.
    expect(shared!.applicationReads.map((numbers) => [...new Set(numbers)].sort()), 'applications read in the shared transaction').to.deep.equal([[aNo, bNo, cNo].sort(), [aNo]]);
    expect(shared!.outcomeWrites, 'raw-row outcome statements in the shared transaction').to.equal(1);
    // B, A and C written by one statement (held until A's second callback had to read A again), then A's second.
    expect(shared!.applicationWrites, 'application rows per writing statement').to.deep.equal([3, 1]);

    // Applied once each, in arrival order, every outcome column stored as a one-row update stores it.
    expect((await outboxOf(h, apps.a)).map((e) => String(e.payload.rawCallbackId))).to.deep.equal([a1, a2]);
    // The second saw the status the first set (read again after the write): new terms, not a second transition.
    expect((await outboxOf(h, apps.a)).map((e) => [e.type, e.payload.status ?? e.payload.to])).to.deep.equal([
      ['application.status_changed', 'conditioned'],
      ['application.updated', 'conditioned'],
    ]);
    expect((await application(h, apps.a)).decision).to.include({ apr: 4 });
    for (const [id, appId, appNo] of [[a1, apps.a, aNo], [a2, apps.a, aNo], [b, apps.b, bNo], [c, apps.c, cNo]]) {
      const row = await h.db.knex.withSchema(SCHEMA).table('raw_callbacks').where({ id }).first();
      expect(row, `callback ${id}`).to.include({ parse_status: 'parsed', parse_reason: null, process_status: 'applied', application_id: appId, lender_app_no: appNo, process_count: 1 });
      expect(row.process_detail).to.be.a('string').and.not.equal('');
      expect(row.processed_at).to.be.an.instanceOf(Date);
    }
  });

  it('a batch whose outcome statement Postgres refuses for one callback: its batch-mates are applied once each, in order; the refused one keeps its retries and is applied once it can be', async () => {
    const apps = await applications('970000');
    // Postgres refuses to record the outcome of C's callback (any update of its raw row).
    await h.db.knex.raw(`CREATE OR REPLACE FUNCTION ${SCHEMA}.poison_outcome() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'poisoned callback %', OLD.id; END $$ LANGUAGE plpgsql`);
    await h.db.knex.raw(`CREATE TRIGGER poison BEFORE UPDATE ON ${SCHEMA}.raw_callbacks FOR EACH ROW WHEN (OLD.ordering_key = 'no:${apps.appNos[3]}') EXECUTE FUNCTION ${SCHEMA}.poison_outcome()`);
    let cured = false;
    const cure = () => h.db.knex.raw(`DROP TRIGGER poison ON ${SCHEMA}.raw_callbacks`);
    const recorder = recordTransactions(h);
    try {
      const [b, a1, c, a2] = await shareNextTransaction(h, { id: apps.held, appNo: apps.appNos[0] }, batchOf(apps));
      const healthy = [b, a1, a2];
      await waitFor(async () => (await Promise.all(healthy.map((id) => rawRow(h, id)))).every((r) => r?.process_status === 'applied'), 15_000, 'the healthy callbacks');
      // The refused callback shared a transaction with other applications'.
      expect([...recorder.transactions.values()].some((tx) => tx.reads.includes(c) && tx.reads.includes(b)), JSON.stringify([...recorder.transactions.values()])).to.equal(true);
      expect((await rawRow(h, c))?.process_status).to.equal('pending');
      for (const id of healthy) expect((await rawRow(h, id))?.process_count, `callback ${id}`).to.equal(1);
      await cure();
      cured = true;
      await waitFor(async () => (await rawRow(h, c))?.process_status === 'applied', 15_000, 'the refused callback, once it can be recorded');
      expect((await outboxOf(h, apps.a)).map((e) => String(e.payload.rawCallbackId))).to.deep.equal([a1, a2]);
      expect(await eventSources(h, [apps.b, apps.c])).to.deep.equal([[b], [c]]);
      expect((await application(h, apps.a)).decision).to.include({ apr: 4 });
    } finally {
      recorder.stop();
      if (!cured) await cure();
    }
  });
  it('applies, in the transaction that links it, a status update parked a moment earlier in that transaction because no application had its number yet', async () => {
    const apps = await applications('980000');
    const appNo = '9800009';
    const linked = await insertApplication(h, { lenderAppId: 'AT-L9800009', lenderAppNo: null, status: 'submitted' });
    // The decision arrives before the stage-1 link that gives the application its number; both share the next transaction.
    const [update, link] = await shareNextTransaction(h, { id: apps.held, appNo: apps.appNos[0] }, [
      [appNo, 5],
      renumbered(fixture('01-stage1-processed.json'), 'AT-L9800009', appNo),
    ]);
    // Applied, not `unchanged`: the decision's own job, finding the link committed meanwhile, must not apply it a second time.
    await waitFor(async () => (await rawRow(h, update))?.process_status === 'applied', 15_000, 'the decision applied');
    expect((await rawRow(h, link))?.process_status).to.equal('applied');
    expect((await application(h, linked)).decision).to.include({ apr: 5 });
    // Released by the linking transaction itself: parked once or twice there (its own drain, then as an earlier
    // callback of the link's), then applied. Had the number stayed "nobody's" after the link, it would have
    // been parked again and applied only by a later transaction (a fourth time through processing).
    expect((await rawRow(h, update))?.process_count).to.be.at.most(3);
    expect((await outboxOf(h, linked)).map((e) => e.type)).to.deep.equal(['application.status_changed', 'application.linked', 'application.status_changed']);
  });
  it('shares a transaction between a healthy callback and hostile ones (NUL and a lone surrogate in text and in the number, 20,000-deep JSON): each gets its own outcome, the shared reads stay one statement each', async () => {
    const apps = await applications('990000');
    const [, aNo, bNo, cNo] = apps.appNos;
    const dirty = fixture('02-decision-conditioned.json').replace('Proof of residence', 'Proof \\u0000of \\ud800residence');
    const deep = `{"Application":{"Appno":"${cNo}","DecisionStatus":"Approved","X":${'['.repeat(20_000)}${']'.repeat(20_000)}}}`;
    const badNumber = `{"Application":{"Appno":"99\\u00001\\ud800","DecisionStatus":"Approved"}}`;
    const recorder = recordTransactions(h);
    const [healthy, cleaned, tooDeep, unstorable] = await shareNextTransaction(h, { id: apps.held, appNo: apps.appNos[0] }, [
      [aNo, 3],
      renumbered(dirty, 'AT-O' + bNo, bNo),
      deep,
      badNumber,
    ]);
    const settledStatus = async (id: string) => (await rawRow(h, id))?.process_status;
    await waitFor(async () => (await Promise.all([healthy, cleaned, tooDeep, unstorable].map(settledStatus))).every((s) => s !== 'pending'), 15_000, 'every callback settled');
    recorder.stop();
    expect(await settledStatus(healthy)).to.equal('applied');
    expect((await rawRow(h, healthy))?.process_count).to.equal(1);
    expect((await application(h, apps.a)).decision).to.include({ apr: 3 });
    // The text is cleaned and applied; the raw bytes are kept.
    expect(await settledStatus(cleaned)).to.equal('applied');
    expect((await application(h, apps.b)).stipulations.decision.map((d: { description: string }) => d.description)).to.include('Proof of \ufffdresidence');
    // Too deep to parse, and a number that cannot be stored: review, nothing applied.
    expect(await settledStatus(tooDeep)).to.equal('review');
    expect((await application(h, apps.c)).status).to.equal('received');
    expect(await settledStatus(unstorable)).to.equal('review');
    // The keyed ones (the bad number gives no key) were read together, and their applications too.
    const shared = [...recorder.transactions.values()].find((tx) => tx.reads.includes(healthy) && tx.reads.includes(tooDeep));
    expect(shared, JSON.stringify([...recorder.transactions.values()])).to.not.equal(undefined);
    expect(shared!.readStatements).to.equal(1);
    expect(shared!.applicationReads.length).to.equal(1);
  });
});
