import { expect } from 'chai';
import express from 'express';
import type { Knex } from 'knex';
import type { RedisClient } from '../../plugin/kernel/RedisClient.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { registerBuiltInAdapters } from '../../adapters/index.js';
import { createLendwire, type Lendwire } from '../../plugin/index.js';
import { bearerAuth, testRequestInit } from '../support/harness.js';
import { applicationManifest, liveSubmitBody } from '../applications/support/fixtures.js';
import { WESTLAKE_KEY, fixture, renumbered } from '../callbacks/callbackSupport.js';
import { SECRET_ENV } from '../delivery/support/deliveryTestKit.js';
import { startReceiver, answer, type Receiver } from '../delivery/support/receiver.js';
import { waitFor } from '../support/waitFor.js';

export const SCHEMA = 'lendwire';
/** The bar of docs/design.md (Guarantees): during an outage every request is answered within 2 s. */
export const ANSWER_WITHIN_MS = 2000;
/** ... and work converges within 30 s of the dependency returning. */
export const CONVERGE_WITHIN_MS = 30_000;

/** Outage tests run lendwire on real time (retry and reconcile delays are computed from it). */
export { liveSubmitBody };

/** A lender on 127.0.0.1 that accepts every submission and counts them per applicant reference. */
export interface CountingLender {
  url: string;
  submissions: number;
  close(): Promise<void>;
}

export async function startCountingLender(): Promise<CountingLender> {
  let n = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      n++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ AppId: `AT-OUT${String(n).padStart(4, '0')}`, Status: 'RECEIVED' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/applications`,
    get submissions() {
      return n;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * westlake (appTRAKER: submissions to the counting lender, callbacks with the
 * test key) and a webhook subscription to a real receiver; timings are the
 * production defaults, so convergence is measured as a host would see it.
 */
export function outageManifest(lenderUrl: string, receiverUrl: string, perDealerPerHour = 100): Record<string, unknown> {
  const manifest = applicationManifest({ url: lenderUrl, perDealerPerHour });
  const lenders = manifest.lenders as Record<string, unknown>[];
  lenders[0].callbacks = { apiKey: { env: 'LW_TEST_WESTLAKE_CALLBACK_KEY' } };
  manifest.subscriptions = [{ id: 'partner', url: receiverUrl, events: ['application.*'], secret: { env: SECRET_ENV } }];
  return manifest;
}

export interface OutageHost {
  lendwire: Lendwire;
  url: string;
  receiver: Receiver;
  lender: CountingLender;
  /** Every log line lendwire wrote (JSON lines). */
  logs(): string[];
  close(): Promise<void>;
}

/** A host app with lendwire on the given knex and Redis connection, its lender and webhook receiver on 127.0.0.1. */
export async function startOutageHost(options: { knex: Knex; redis: RedisClient; queuePrefix: string; perDealerPerHour?: number }): Promise<OutageHost> {
  const lender = await startCountingLender();
  const receiver = await startReceiver(answer(200));
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  const lendwire = await createLendwire({
    manifest: outageManifest(lender.url, receiver.url, options.perDealerPerHour),
    knex: options.knex,
    redis: options.redis,
    logger: pino({ level: 'debug' }, sink),
    auth: bearerAuth(),
    queuePrefix: options.queuePrefix,
    shutdownTimeoutMs: 3000,
  });
  registerBuiltInAdapters(lendwire);
  await lendwire.migrate();
  await lendwire.start();
  const app = express();
  app.use('/lendwire', lendwire.router);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    lendwire,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/lendwire`,
    receiver,
    lender,
    logs: () => lines,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await lendwire.stop();
      await receiver.close();
      await lender.close();
    },
  };
}

export interface TimedAnswer {
  status: number;
  ms: number;
  headers: Headers;
  body: string;
}

/** One request, timed; a request that got no answer at all fails the test with its path. */
export async function timedRequest(url: string, init: RequestInit & { token?: string; json?: unknown } = {}): Promise<TimedAnswer> {
  const started = performance.now();
  const res = await fetch(url, { ...testRequestInit(init), signal: AbortSignal.timeout(15_000) });
  const text = await res.text();
  return { status: res.status, ms: performance.now() - started, headers: res.headers, body: text };
}

/** What a dealer, an operator, the dashboard, a lender and a monitor ask during an outage. */
export function outageRequests(host: OutageHost, applicationId: string, lenderAppId: string): { name: string; run: () => Promise<TimedAnswer> }[] {
  const u = host.url;
  return [
    { name: 'dealer POST /applications', run: () => timedRequest(`${u}/applications`, { method: 'POST', token: 'dealer1-token', json: liveSubmitBody() }) },
    { name: 'dealer GET /applications/:id', run: () => timedRequest(`${u}/applications/${applicationId}`, { token: 'dealer1-token' }) },
    { name: 'dealer GET /applications', run: () => timedRequest(`${u}/applications?dealerId=dealer-1`, { token: 'dealer1-token' }) },
    { name: 'dealer GET /applications/:id/timeline', run: () => timedRequest(`${u}/applications/${applicationId}/timeline`, { token: 'dealer1-token' }) },
    { name: 'dashboard GET /admin/api/overview', run: () => timedRequest(`${u}/admin/api/overview`, { token: 'admin-token' }) },
    { name: 'admin GET /admin/api/deliveries', run: () => timedRequest(`${u}/admin/api/deliveries`, { token: 'admin-token' }) },
    { name: 'admin GET /admin/api/callbacks', run: () => timedRequest(`${u}/admin/api/callbacks`, { token: 'operator-token' }) },
    {
      name: 'lender POST /callbacks/westlake',
      run: () =>
        timedRequest(`${u}/callbacks/westlake`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': WESTLAKE_KEY },
          body: renumbered(fixture('01-stage1-processed.json'), lenderAppId, '8800001'),
        }),
    },
    { name: 'monitor GET /health', run: () => timedRequest(`${u}/health`) },
  ];
}

/** 503 within the bar, problem+json (the health check answers its own JSON), a Retry-After, and no infrastructure detail. */
export function expectUnavailable(name: string, a: TimedAnswer): void {
  expect(a.status, `${name}: ${a.body.slice(0, 300)}`).to.equal(503);
  expect(a.ms, `${name} answered after ${Math.round(a.ms)} ms`).to.be.below(ANSWER_WITHIN_MS);
  expect(Number(a.headers.get('retry-after')), `${name} Retry-After`).to.be.at.least(1);
  if (name.includes('/health')) {
    expect(JSON.parse(a.body).status).to.equal('unavailable');
    return;
  }
  expect(a.headers.get('content-type'), name).to.match(/^application\/problem\+json/);
  const problem = JSON.parse(a.body) as { status: number; type: string };
  expect(problem.status).to.equal(503);
  expect(problem.type).to.match(/\/unavailable$/);
  expect(a.body, name).not.to.match(/ECONNREFUSED|ECONNRESET|127\.0\.0\.1|terminated/);
}

/** Every outbox event of these applications was delivered (the receiver got it under its webhook-id and answered 2xx). */
export async function expectEveryEventDelivered(knex: Knex, host: OutageHost, applicationIds: string[], timeoutMs: number): Promise<string[]> {
  return waitFor(
    async () => {
      const events: { event_id: string }[] = await knex.withSchema(SCHEMA).table('outbox').whereIn('application_id', applicationIds).select('event_id');
      if (!events.length) return undefined;
      const received = new Set(host.receiver.requests.map((r) => r.headers['webhook-id']));
      const succeeded = new Set(
        (await knex.withSchema(SCHEMA).table('deliveries').where({ target_id: 'partner', status: 'succeeded' }).whereIn('event_id', events.map((e) => e.event_id)).select('event_id')).map(
          (d: { event_id: string }) => d.event_id,
        ),
      );
      return events.every((e) => received.has(e.event_id) && succeeded.has(e.event_id)) ? events.map((e) => e.event_id) : undefined;
    },
    timeoutMs,
    'every event delivered to the receiver',
  ).catch(async (err: Error) => {
    const outbox = await knex.withSchema(SCHEMA).table('outbox').whereIn('application_id', applicationIds).select('event_id', 'type', 'relayed_at');
    const deliveries = await knex.withSchema(SCHEMA).table('deliveries').select('id', 'event_id', 'status', 'attempts', 'next_attempt_at', 'last_error_code');
    if (process.env.OUTAGE_DEBUG) {
      const stuck = (await knex.withSchema(SCHEMA).table('deliveries').whereNot({ status: 'succeeded' }).select('id')).map((d: { id: string }) => d.id);
      console.log(host.logs().filter((l) => stuck.some((id) => l.includes(id)) || /reconcil|sweep|Redis|relay/i.test(l)).map((l) => l.slice(0, 400)).join('\n'));
    }
    throw new Error(`${err.message}; outbox ${JSON.stringify(outbox)}; deliveries ${JSON.stringify(deliveries)}; received ${JSON.stringify(host.receiver.requests.map((r) => r.headers['webhook-id']))}`);
  });
}

/** Polls an application until it has one of `statuses`. */
export function applicationReaches(knex: Knex, id: string, statuses: string[], timeoutMs: number): Promise<{ status: string; lender_app_id: string | null }> {
  return waitFor(
    async () => {
      const row = await knex.withSchema(SCHEMA).table('applications').where({ id }).first();
      return row && statuses.includes(row.status) ? row : undefined;
    },
    timeoutMs,
    `application ${id} to reach ${statuses.join('/')}`,
  );
}
