import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import type { Harness } from '../support/harness.js';
import { waitFor } from '../support/waitFor.js';
import { exited, startWorkerProcess } from '../delivery/support/startWorkerProcess.js';
import { application, apptrakerDecision, callbackHarness, callbackManifest, insertApplication, outboxOf, postApptraker, rawRow, SCHEMA } from './callbackSupport.js';

/**
 * Callback jobs of different applications share one processing transaction under load
 * (`runtime.concurrency.callbackTransactions`). One transaction at a time here, so every
 * job that arrives while it runs waits for the next one: the batches are certain.
 */
function batchManifest(): Record<string, unknown> {
  return { ...callbackManifest(), runtime: { concurrency: { callbacks: 8, callbackTransactions: 1 }, jobLockDuration: '1s', stalledCheckInterval: '500ms' } };
}

async function post(h: Harness, appNo: string, apr: number): Promise<string> {
  const res = await postApptraker(h, 'westlake', apptrakerDecision(appNo, apr));
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
