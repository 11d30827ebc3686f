import { expect } from 'chai';
import express from 'express';
import { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { CALLBACK_QUEUE, callbackJobId } from '../../plugin/callbacks/CallbackQueue.js';
import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { pino } from 'pino';
import { registerBuiltInAdapters } from '../../adapters/index.js';
import { createLendwire } from '../../plugin/index.js';
import { bearerAuth, type Harness } from '../support/harness.js';
import { SCHEMA, WESTLAKE_KEY, application, callbackHarness, callbackManifest, closedPort, deliver, fixture, insertApplication, renumbered, settled } from './callbackSupport.js';

/** A callback row as the ingest stores it, for simulating a job Redis lost. */
async function storeWithoutJob(h: Harness, body: string, processStatus = 'pending', lenderAppNo: string | null = null): Promise<string> {
  const [row] = await h.db.knex
    .withSchema(SCHEMA)
    .table('raw_callbacks')
    .insert({
      lender_id: 'westlake',
      received_at: new Date(Date.now() - 60_000),
      content_type: 'application/json',
      headers: JSON.stringify({ 'x-api-key': '[REDACTED]' }),
      body: Buffer.from(body),
      process_status: processStatus,
      lender_app_no: lenderAppNo,
    })
    .returning('id');
  return String(row.id);
}

describe('re-queueing callbacks that still have their job', () => {
  let h: Harness;
  before(async () => {
    h = await callbackHarness({ start: false });
  });
  after(async () => {
    await h.close();
  });

  it('adds a job only for the callback that lost its own; a waiting job is not touched (no add script run for it)', async () => {
    await insertApplication(h, { lenderAppId: 'AT-WAIT01', lenderAppNo: '7710001', status: 'received' });
    const res = await fetch(`${h.url}/callbacks/westlake`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': WESTLAKE_KEY }, body: renumbered(fixture('02-decision-conditioned.json'), 'AT-WAIT01', '7710001') });
    const waiting = ((await res.json()) as { id: string }).id;
    const lost = await storeWithoutJob(h, renumbered(fixture('02-decision-conditioned.json'), 'AT-WAIT01', '7710002'));
    const connection = h.redis.redis.duplicate();
    const queue = new Queue(CALLBACK_QUEUE, { connection, prefix: h.redis.prefix });
    try {
      expect(await queue.getJob(callbackJobId(lost))).to.equal(undefined);
      expect(await h.lendwire.callbacks.requeueUnfinished()).to.equal(2);
      expect((await queue.getJob(callbackJobId(lost)))?.data).to.include({ rawCallbackId: lost });
      // BullMQ's add script answers an existing job id with a "duplicated" event: none may appear for the waiting job.
      const events = await h.redis.redis.xrange(queue.keys.events, '-', '+');
      const duplicated = events.filter(([, fields]) => fields.includes('duplicated') && fields.includes(callbackJobId(waiting)));
      expect(duplicated).to.have.length(0);
      expect((await queue.getJob(callbackJobId(waiting)))?.data).to.include({ rawCallbackId: waiting, lenderId: 'westlake', orderingKey: 'no:7710001' });
    } finally {
      await queue.close();
      // BullMQ 6 leaves a connection it was given open: it is ours to quit (else mocha never exits).
      await connection.quit();
    }
  });
});

describe('callbacks Postgres has but Redis lost', function () {
  let h: Harness;
  before(async () => {
    h = await callbackHarness();
  });
  after(async () => {
    await h.close();
  });

  it('re-queues stored callbacks whose job never ran, and orphans whose link has arrived', async () => {
    const appId = await insertApplication(h, { lenderAppId: 'AT-LOST01' });
    const lostStage1 = await storeWithoutJob(h, renumbered(fixture('01-stage1-processed.json'), 'AT-LOST01', '7700001'));
    const strandedOrphan = await storeWithoutJob(h, renumbered(fixture('02-decision-conditioned.json'), 'AT-LOST01', '7700001'), 'orphaned', '7700001');
    expect((await application(h, appId)).status).to.equal('submitted');

    const queued = await h.lendwire.callbacks.requeueUnfinished();
    expect(queued).to.be.at.least(1);
    expect((await settled(h, lostStage1)).process_status).to.equal('applied');
    expect((await settled(h, strandedOrphan)).process_status).to.equal('applied');
    const app = await application(h, appId);
    expect(app.lender_app_no).to.equal('7700001');
    expect(app.status).to.equal('conditioned');
    expect(await h.lendwire.callbacks.requeueUnfinished()).to.equal(0);
  });

  it('links a stage-1 callback that arrived before the submission answer was stored, once the AppId is known', async () => {
    const appId = await insertApplication(h, { lenderAppId: null, status: 'submitting' });
    const early = await deliver(h, 'westlake', renumbered(fixture('01-stage1-processed.json'), 'AT-EARLY01', '7700003'));
    expect(early.process_status).to.equal('orphaned');
    // The submission worker stores the vendor's AppId...
    await h.db.knex.withSchema(SCHEMA).table('applications').where({ id: appId }).update({ lender_app_id: 'AT-EARLY01', status: 'submitted' });
    // ...and the sweep (every few seconds; here on demand) applies the waiting link.
    await h.lendwire.callbacks.requeueUnfinished();
    expect((await settled(h, early.id)).process_status).to.equal('applied');
    expect(await application(h, appId)).to.include({ lender_app_no: '7700003', status: 'received' });
  });

  it('keeps accepting callbacks while Redis is unreachable (stored, 200), and processes them once it is back', async () => {
    const appId = await insertApplication(h, { lenderAppId: 'AT-NOREDIS' });
    const port = await closedPort();
    const deadRedis = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => 200 });
    const cut = await createLendwire({ manifest: callbackManifest(), knex: h.db.knex, redis: deadRedis, logger: pino({ level: 'silent' }), auth: bearerAuth(), queuePrefix: h.redis.prefix });
    registerBuiltInAdapters(cut);
    const app = express();
    app.use('/lendwire', cut.router);
    const server = await new Promise<HttpServer>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const started = Date.now();
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/lendwire/callbacks/westlake`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': WESTLAKE_KEY },
        body: renumbered(fixture('01-stage1-processed.json'), 'AT-NOREDIS', '7700002'),
      });
      expect(res.status).to.equal(200);
      expect(Date.now() - started).to.be.below(3000);
      const { id } = (await res.json()) as { id: string };
      const row = await h.db.knex.withSchema(SCHEMA).table('raw_callbacks').where({ id }).first();
      expect(row.process_status).to.equal('pending');
      // The installation with a working Redis picks it up.
      expect(await h.lendwire.callbacks.requeueUnfinished()).to.be.at.least(1);
      expect((await settled(h, id)).process_status).to.equal('applied');
      expect((await application(h, appId)).lender_app_no).to.equal('7700002');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.race([cut.stop(), new Promise((r) => setTimeout(r, 2000))]);
      deadRedis.disconnect();
    }
  });
});
