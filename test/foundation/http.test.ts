import { expect } from 'chai';
import express, { type Router } from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createHash } from 'node:crypto';
import { pino } from 'pino';
import { createRouter } from '../../plugin/http/createRouter.js';
import { jsonBody } from '../../plugin/http/jsonBody.js';
import { captureRawBody, rawBodyOf } from '../../plugin/http/rawBody.js';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotAuthenticatedError,
  NotFoundError,
  RateLimitedError,
  UnavailableError,
} from '../../plugin/index.js';
import { jsonOf } from '../support/harness.js';

const thrown: Record<string, () => Error> = {
  input: () => new InputError('2 fields are invalid', [{ path: '/applicant/ssn', message: 'must match format "ssn"' }, { path: '/deal/termMonths', message: 'must be >= 12' }]),
  auth: () => new NotAuthenticatedError('Authentication required'),
  forbidden: () => new NotAllowedError('Requires one of the roles: admin'),
  missing: () => new NotFoundError('No application app_1'),
  conflict: () => new ConflictError('Idempotency-Key reused with another body'),
  limited: () => new RateLimitedError('Dealer over its hourly limit', 42.2),
  down: () => new UnavailableError('PostgreSQL is unavailable'),
  crash: () => new Error('secret internals at /srv/app.ts:12 ssn 123-45-6789'),
};

function testRoutes(router: Router): void {
  for (const [name, make] of Object.entries(thrown)) {
    router.get(`/throw/${name}`, () => {
      throw make();
    });
  }
  router.post('/echo', jsonBody(1024), (req, res) => {
    res.json({ got: req.body });
  });
  router.post('/callbacks/:id', async (req, res) => {
    await captureRawBody(req);
    const raw = rawBodyOf(req, 2048);
    res.json({ length: raw.length, sha256: createHash('sha256').update(raw).digest('hex') });
  });
}

async function listen(app: express.Express): Promise<{ url: string; server: Server }> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('plugin router: problem+json, body parsing, raw bodies', () => {
  let url: string;
  let server: Server;
  before(async () => {
    const host = express();
    host.use(express.json()); // a host that parses JSON globally, before the plugin
    host.use('/lendwire', createRouter({ logger: pino({ level: 'silent' }), contributors: [{ mount: testRoutes }], rawPrefixes: ['/callbacks/'] }));
    host.post('/host/echo', (req, res) => {
      res.json({ hostParsed: req.body });
    });
    ({ url, server } = await listen(host));
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  const expectations: [string, number][] = [
    ['input', 422],
    ['auth', 401],
    ['forbidden', 403],
    ['missing', 404],
    ['conflict', 409],
    ['limited', 429],
    ['down', 503],
    ['crash', 500],
  ];
  for (const [name, status] of expectations) {
    it(`maps ${name} errors to ${status} application/problem+json`, async () => {
      const res = await fetch(`${url}/lendwire/throw/${name}`);
      expect(res.status).to.equal(status);
      expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
      const body = await jsonOf(res);
      expect(body).to.include.keys('type', 'title', 'status');
      expect(body.status).to.equal(status);
      expect(JSON.stringify(body)).not.to.match(/\.ts:\d+|123-45-6789|secret internals/);
    });
  }

  it('lists every failing field of an InputError', async () => {
    const body = await jsonOf(await fetch(`${url}/lendwire/throw/input`));
    expect(body.errors).to.deep.equal([
      { path: '/applicant/ssn', message: 'must match format "ssn"' },
      { path: '/deal/termMonths', message: 'must be >= 12' },
    ]);
  });

  it('sends Retry-After with 429', async () => {
    const res = await fetch(`${url}/lendwire/throw/limited`);
    expect(res.headers.get('retry-after')).to.equal('43');
  });

  it('answers malformed JSON with 400, a wrong content type with 415 and an oversized body with 413', async () => {
    const plugin = createRouter({ logger: pino({ level: 'silent' }), contributors: [{ mount: testRoutes }], rawPrefixes: [] });
    const bare = express();
    bare.use('/lw', plugin);
    const { url: u, server: s } = await listen(bare);
    try {
      const bad = await fetch(`${u}/lw/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
      expect(bad.status).to.equal(400);
      expect((await jsonOf(bad)).detail).to.contain('not valid JSON');
      const text = await fetch(`${u}/lw/echo`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
      expect(text.status).to.equal(415);
      const big = await fetch(`${u}/lw/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ x: 'y'.repeat(5000) }) });
      expect(big.status).to.equal(413);
      const ok = await fetch(`${u}/lw/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
      expect(await jsonOf(ok)).to.deep.equal({ got: { a: 1 } });
    } finally {
      s.closeAllConnections();
      s.close();
    }
  });

  it('still gets the exact raw bytes of callbacks when the host mounted express.json() first', async () => {
    const payload = '{ "Appno":  1048576 ,"x":"ü"}';
    const res = await fetch(`${url}/lendwire/callbacks/westlake`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
    const body = await jsonOf(res);
    expect(res.status).to.equal(200);
    expect(body.sha256).to.equal(createHash('sha256').update(Buffer.from(payload)).digest('hex'));
    const host = await jsonOf(await fetch(`${url}/host/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"h":1}' }));
    expect(host).to.deep.equal({ hostParsed: { h: 1 } });
  });

  it('answers 413 for a raw body over the route limit', async () => {
    const res = await fetch(`${url}/lendwire/callbacks/westlake`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'z'.repeat(5000) });
    expect(res.status).to.equal(413);
  });

  it('uses the body the host already parsed for JSON routes', async () => {
    const res = await fetch(`${url}/lendwire/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":2}' });
    expect(await jsonOf(res)).to.deep.equal({ got: { a: 2 } });
  });
});
