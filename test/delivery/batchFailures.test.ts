import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import type { ServerResponse } from 'node:http';
import type { Knex } from 'knex';
import { createHarness, type Harness } from '../support/harness.js';
import { startReceiver, answer, type Receiver } from './support/receiver.js';
import { attemptsOf, deliveriesOf, deliveryManifest, emit, emitTogether, registerWebhook, subscription, waitFor, type Row } from './support/deliveryTestKit.js';
import { exited, startWorkerProcess } from './support/startWorkerProcess.js';
import { partnerHarness } from './support/partnerHarness.js';

/** Holds every answer until `count` requests arrived, then answers them all at once (so their outcomes are recorded in one batch). */
function answerTogether(r: Receiver, count: number, then: () => void = () => undefined) {
  const held: ServerResponse[] = [];
  let released = false;
  r.handler = (_req, res) => {
    if (released) return void res.writeHead(200).end();
    held.push(res);
    if (held.length === count) {
      released = true;
      for (const h of held.splice(0)) h.writeHead(200).end();
      then();
    }
  };
}

/** Makes Postgres refuse a statement touching one event's delivery (a constraint, a deleted row): a poisoned member of a batch. */
async function poison(knex: Knex, table: 'delivery_attempts' | 'deliveries', eventId: string): Promise<() => Promise<void>> {
  const idColumn = table === 'deliveries' ? 'NEW.id' : 'NEW.delivery_id';
  const when = table === 'deliveries' ? `NEW.status = 'delivering' AND ` : '';
  await knex.raw(`CREATE OR REPLACE FUNCTION lendwire.poison_${table}() RETURNS trigger AS $$
    BEGIN
      IF ${when}EXISTS (SELECT 1 FROM lendwire.deliveries d WHERE d.id = ${idColumn} AND d.event_id = '${eventId}') THEN
        RAISE EXCEPTION 'poisoned row for %', '${eventId}';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql`);
  const op = table === 'deliveries' ? 'UPDATE' : 'INSERT';
  await knex.raw(`CREATE TRIGGER poison BEFORE ${op} ON lendwire.${table} FOR EACH ROW EXECUTE FUNCTION lendwire.poison_${table}()`);
  return async () => {
    await knex.raw(`DROP TRIGGER poison ON lendwire.${table}`);
  };
}

const received = (r: Receiver, eventId: string) => r.requests.filter((q) => q.headers['webhook-id'] === eventId).length;
const succeeded = async (knex: Knex, target: string) => (await deliveriesOf(knex, target)).filter((d) => d.status === 'succeeded');

describe('batched delivery statements: a batch that half fails, a worker killed mid-batch', function () {
  this.timeout(60_000);

  describe('in one process', () => {
    let h: Harness;
    let r: Receiver;

    before(async () => {
      r = await startReceiver(answer(200));
      h = await createHarness({ manifest: deliveryManifest({ subscriptions: [subscription('partner', r.url, { events: ['batch.test'] })] }), register: registerWebhook });
    });
    after(async () => {
      await h?.close();
      await r?.close();
    });

    it('the attempt-row batch write fails for one delivery: the others are recorded once, that one is sent again (same webhook-id) until it can be recorded', async () => {
      r.requests.length = 0;
      answerTogether(r, 10);
      // The trigger is created in the events' transaction: it exists before any of them can be sent
      // (deliveries go out within milliseconds of the commit, and the ten answers with the tenth).
      const ids = await emitTogether(h.db.knex, 'batch.test', 10, (trx, written) => poison(trx as unknown as Knex, 'delivery_attempts', written[3]));
      const cure = () => h.db.knex.raw('DROP TRIGGER poison ON lendwire.delivery_attempts');
      let cured = false;
      try {
        await waitFor(async () => (await succeeded(h.db.knex, 'partner')).length === 9, 15_000, 'the 9 healthy deliveries recorded');
        // The poisoned one was answered 200 but could not be recorded: it is sent again, never lost.
        await waitFor(() => received(r, ids[3]) >= 2, 15_000, 'the poisoned delivery sent again');
        await cure();
        cured = true;
        await waitFor(async () => (await succeeded(h.db.knex, 'partner')).length === 10, 15_000, 'all 10 recorded');
      } finally {
        if (!cured) await cure();
      }
      for (const [i, id] of ids.entries()) {
        if (i !== 3) expect(received(r, id), `event ${i} sent once`).to.equal(1);
      }
      const rows: Row[] = await deliveriesOf(h.db.knex, 'partner');
      for (const d of rows) {
        const attempts = await attemptsOf(h.db.knex, d.id);
        expect(attempts.map((a) => a.attempt), `attempt log of ${d.event_id}`).to.deep.equal([1]);
      }
    });
  });

  describe('in one process, five delivery slots', () => {
    const p = partnerHarness('batch.test', { concurrency: 5, reconcileInterval: '1s' });

    it('the claim batch fails for one delivery: the others are claimed and sent anyway, that one once it can be claimed', async () => {
      // The relay creates the first five claimed for the five free slots; the other five wait, and are
      // claimed together when the first five are answered together.
      answerTogether(p.r, 5);
      // The trigger is created in the events' transaction, so no claim can run before it exists.
      const ids = await emitTogether(p.h.db.knex, 'batch.test', 10, (trx, written) => poison(trx as unknown as Knex, 'deliveries', written[5]));
      let cured = false;
      const cure = () => p.h.db.knex.raw('DROP TRIGGER poison ON lendwire.deliveries');
      try {
        await waitFor(() => ids.filter((id, i) => i !== 5 && received(p.r, id) === 1).length === 9, 15_000, 'the 9 healthy deliveries sent');
        expect(received(p.r, ids[5])).to.equal(0);
        expect(p.h.logs()).to.match(/poisoned row for/);
        await cure();
        cured = true;
        await waitFor(() => received(p.r, ids[5]) === 1, 15_000, 'the poisoned one sent once it can be claimed');
      } finally {
        if (!cured) await cure();
      }
      for (const id of ids) expect(received(p.r, id)).to.equal(1);
    });
  });

  describe('a worker process killed with SIGKILL right after a batch of answers', () => {
    let h: Harness;
    let r: Receiver;
    const workers: ChildProcess[] = [];
    let manifest: Record<string, unknown>;

    before(async () => {
      r = await startReceiver(answer(200));
      manifest = deliveryManifest({ subscriptions: [subscription('partner', r.url, { events: ['killed.test'] })], delivery: { stalledJobTimeout: '1s', reconcileInterval: '500ms' } });
      h = await createHarness({ manifest, register: registerWebhook, extra: { runWorkers: false } });
    });
    after(async () => {
      for (const w of workers) w.kill('SIGKILL');
      await h?.close();
      await r?.close();
    });

    it('ends with every event delivered (at least once, same webhook-id), none left in flight, each attempt log numbered 1..n', async () => {
      const first = await startWorkerProcess(h, manifest);
      workers.push(first);
      // The worker dies the moment 20 answers went out: their outcomes are being recorded (or not yet) as one batch.
      answerTogether(r, 20, () => first.kill('SIGKILL'));
      const ids: string[] = [];
      for (let i = 0; i < 30; i++) ids.push(await emit(h.db.knex, 'killed.test', { applicationId: `app_kill${i}`, n: i }));
      await exited(first);
      r.handler = answer(200);

      const second = await startWorkerProcess(h, manifest);
      workers.push(second);
      await waitFor(async () => (await succeeded(h.db.knex, 'partner')).length === 30, 30_000, 'all 30 delivered');
      expect(new Set(r.requests.map((q) => q.headers['webhook-id']))).to.deep.equal(new Set(ids));
      const rows: Row[] = await deliveriesOf(h.db.knex, 'partner');
      expect(rows).to.have.length(30);
      for (const d of rows) {
        const numbers = (await attemptsOf(h.db.knex, d.id)).map((a) => a.attempt);
        expect(numbers, `attempt log of ${d.event_id}`).to.deep.equal(numbers.map((_, i) => i + 1));
        expect(numbers.length).to.be.at.least(1);
      }
      second.kill('SIGTERM');
      await exited(second);
    });
  });
});
