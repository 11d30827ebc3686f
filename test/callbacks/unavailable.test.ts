import { expect } from 'chai';
import express from 'express';
import knexFactory, { type Knex } from 'knex';
import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { pino } from 'pino';
import { registerBuiltInAdapters } from '../../adapters/index.js';
import { createLendwire, hmacSha256Hex, type Lendwire } from '../../plugin/index.js';
import { bearerAuth } from '../support/harness.js';
import { createTestRedis, type TestRedis } from '../support/testRedis.js';
import { BROKER_SECRET, SELECTED_SESSION, WESTLAKE_KEY, brokerFixture, callbackManifest, closedPort, fixture } from './callbackSupport.js';

describe('callbacks when the database is down', function () {
  let knex: Knex;
  let redis: TestRedis;
  let lendwire: Lendwire;
  let server: HttpServer;
  let url: string;

  before(async () => {
    knex = knexFactory({ client: 'pg', connection: `postgres://postgres@127.0.0.1:${await closedPort()}/nowhere`, pool: { min: 0, max: 2 }, acquireConnectionTimeout: 3000 });
    redis = await createTestRedis();
    lendwire = await createLendwire({ manifest: callbackManifest(), knex, redis: redis.redis, logger: pino({ level: 'silent' }), auth: bearerAuth(), queuePrefix: redis.prefix });
    registerBuiltInAdapters(lendwire);
    const app = express();
    app.use('/lendwire', lendwire.router);
    server = await new Promise<HttpServer>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/lendwire`;
  });
  after(async () => {
    await lendwire.stop();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await knex.destroy();
    await redis.cleanup();
  });

  it('answers 503 (so the vendor retries) when the raw callback cannot be stored', async () => {
    const res = await fetch(`${url}/callbacks/westlake`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': WESTLAKE_KEY }, body: fixture('02-decision-conditioned.json') });
    expect(res.status).to.equal(503);
    expect(res.headers.get('content-type')).to.match(/application\/problem\+json/);
    const body = (await res.json()) as { detail: string };
    expect(body.detail).to.match(/unavailable/);
    expect(JSON.stringify(body)).not.to.match(/ECONNREFUSED|127\.0\.0\.1/);
  });

  it('answers 5xx for a broker webhook when the session cannot be looked up', async () => {
    const payload = JSON.stringify({ ...brokerFixture('case_outcome.selected.json'), sessionId: SELECTED_SESSION, deliveredAt: new Date().toISOString() });
    const res = await fetch(`${url}/callbacks/sunhaven`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-broker-signature': hmacSha256Hex(BROKER_SECRET, payload) }, body: payload });
    expect(res.status).to.equal(503);
  });

  it('still refuses bad credentials with 401 without needing the database', async () => {
    const res = await fetch(`${url}/callbacks/westlake`, { method: 'POST', headers: { 'x-api-key': 'nope' }, body: '{}' });
    expect(res.status).to.equal(401);
  });

  it('counts the unavailable answers', async () => {
    const text = await lendwire.metrics.registry.metrics();
    expect(text).to.match(/^lendwire_callbacks_received_total\{lender="westlake",result="unavailable"\} 1$/m);
    expect(text).to.match(/^lendwire_callbacks_received_total\{lender="sunhaven",result="unavailable"\} 1$/m);
  });
});
