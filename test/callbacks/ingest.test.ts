import { expect } from 'chai';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { registerBuiltInAdapters } from '../../adapters/index.js';
import { createLendwire } from '../../plugin/index.js';
import { bearerAuth, type Harness } from '../support/harness.js';
import { SCHEMA, WESTLAKE_KEY, EASTBANK_KEY, callbackManifest, callbackHarness, fixture, insertApplication, postApptraker, processed, rawRow, deliver, application } from './callbackSupport.js';

async function count(h: Harness): Promise<number> {
  const [{ n }] = await h.db.knex.withSchema(SCHEMA).table('raw_callbacks').count({ n: '*' });
  return Number(n);
}

describe('POST /callbacks/:lenderId (ingest)', function () {
  let h: Harness;
  before(async () => {
    h = await callbackHarness();
  });
  after(async () => {
    await h.close();
  });

  it('stores the raw request before answering 200 with its id, with secrets redacted from the stored headers', async () => {
    const body = fixture('01-stage1-processed.json');
    const res = await postApptraker(h, 'westlake', body);
    expect(res.status).to.equal(200);
    const answer = (await res.json()) as { received: boolean; id: string };
    expect(answer.received).to.equal(true);
    const row = await rawRow(h, answer.id);
    expect(row).to.not.equal(undefined);
    expect(row!.lender_id).to.equal('westlake');
    expect(Buffer.from(row!.body).toString('utf8')).to.equal(body);
    expect(row!.content_type).to.equal('application/json');
    expect(row!.headers['x-api-key']).to.equal('[REDACTED]');
    expect(JSON.stringify(row!.headers)).not.to.include(WESTLAKE_KEY);
    expect(row!.source_ip).to.match(/127\.0\.0\.1/);
    expect(h.logs()).not.to.include(WESTLAKE_KEY);
  });

  it('refuses an unknown lender with 403 and logs it as a security event', async () => {
    const before = await count(h);
    const res = await postApptraker(h, 'no-such-lender', '{}');
    expect(res.status).to.equal(403);
    expect(res.headers.get('content-type')).to.match(/application\/problem\+json/);
    expect(await count(h)).to.equal(before);
    const line = h
      .logs()
      .split('\n')
      .find((l) => l.includes('callback.unknown_lender'));
    expect(line).to.be.a('string');
    expect(JSON.parse(line!)).to.include({ security: 'callback.unknown_lender', lenderId: 'no-such-lender' });
  });

  it('refuses a disabled lender with 403', async () => {
    const res = await postApptraker(h, 'dormant', fixture('01-stage1-processed.json'));
    expect(res.status).to.equal(403);
  });

  it('refuses a missing or wrong API key with 401 and stores nothing; keys are per lender', async () => {
    const before = await count(h);
    expect((await postApptraker(h, 'westlake', '{}', { key: null })).status).to.equal(401);
    expect((await postApptraker(h, 'westlake', '{}', { key: 'wrong' })).status).to.equal(401);
    expect((await postApptraker(h, 'westlake', '{}', { key: WESTLAKE_KEY + 'x' })).status).to.equal(401);
    // eastbank's key does not open westlake's door
    expect((await postApptraker(h, 'westlake', '{}', { key: EASTBANK_KEY })).status).to.equal(401);
    expect(await count(h)).to.equal(before);
  });

  it('refuses a body over the lender limit with 413 and stores nothing', async () => {
    const before = await count(h);
    const res = await postApptraker(h, 'tiny', JSON.stringify({ pad: 'x'.repeat(4000) }));
    expect(res.status).to.equal(413);
    expect(await count(h)).to.equal(before);
  });

  it('stores and acknowledges a body that is not JSON, then sends it to review as unparseable with an ops event', async () => {
    const body = fixture('10-not-json.malformed.txt');
    const res = await postApptraker(h, 'westlake', body, { contentType: 'text/html' });
    expect(res.status).to.equal(200);
    const row = await processed(h, ((await res.json()) as { id: string }).id);
    expect(row.content_type).to.equal('text/html');
    expect(Buffer.from(row.body).toString('utf8')).to.equal(body);
    expect(row).to.include({ parse_status: 'unparseable', process_status: 'review' });
    const events = await h.db.knex.withSchema(SCHEMA).table('outbox').where({ type: 'callback.unparseable' }).select('payload');
    expect(events.some((e: { payload: { rawCallbackId: number } }) => String(e.payload.rawCallbackId) === row.id)).to.equal(true);
    const review = await h.lendwire.callbacks.list({ lenderId: 'westlake' });
    expect(review.map((r) => r.id)).to.include(row.id);
  });

  const badBodies: [string, Buffer, RegExp][] = [
    ['an empty body', Buffer.alloc(0), /empty body/],
    ['bytes that are not UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), /not valid UTF-8/],
    ['JSON nested 20,000 deep', Buffer.from('['.repeat(20_000) + ']'.repeat(20_000)), /nested deeper/],
    ['a JSON array', Buffer.from('[1,2,3]'), /not an object/],
  ];
  it('answers a lender id holding NUL, a lone surrogate or a broken escape with a 4xx problem+json, storing nothing', async () => {
    const before = await count(h);
    for (const id of ['%00', 'west%00lake', '%ED%A0%80', '%C0', 'x%E2%82']) {
      const res = await postApptraker(h, id, fixture('01-stage1-processed.json'));
      expect(res.status, id).to.be.within(400, 499);
      expect(res.headers.get('content-type'), id).to.match(/application\/problem\+json/);
    }
    expect(await count(h)).to.equal(before);
  });

  for (const [what, body, reason] of badBodies) {
    it(`stores ${what} (200) and marks it unparseable without crashing`, async () => {
      const res = await postApptraker(h, 'westlake', body);
      expect(res.status).to.equal(200);
      const row = await processed(h, ((await res.json()) as { id: string }).id);
      expect(Buffer.from(row.body).equals(body)).to.equal(true);
      expect(row.parse_status).to.equal('unparseable');
      expect(row.parse_reason).to.match(reason);
    });
  }

  it('does not corrupt an application with huge numbers', async () => {
    const appId = await insertApplication(h, { lenderAppId: 'AT-HUGE01' });
    await deliver(h, 'westlake', JSON.stringify({ Status: 'PROCESSED', AppId: 'AT-HUGE01', Appno: 4400001 }));
    const huge = '{"Application":{"Appno":4400001,"DecisionStatus":"Approved","UpdatedAt":"2026-11-20T10:00:00Z","DecisionLoanStructure":{"AmountFinanced":1e400,"Term":99999999999999999999999,"Apr":8.5}}}';
    const row = await deliver(h, 'westlake', huge);
    expect(row.parse_status).to.equal('parsed');
    expect(row.parse_reason).to.match(/out of range/);
    const app = await application(h, appId);
    expect(app.status).to.equal('approved');
    expect(app.decision).to.deep.equal({ apr: 8.5 });
    const hugeAppNo = await deliver(h, 'westlake', '{"Application":{"Appno":123456789012345678901234567890,"DecisionStatus":"Declined"}}');
    expect(hugeAppNo.parse_status).to.equal('unparseable');
    expect(hugeAppNo.parse_reason).to.match(/Appno/);
  });

  it('counts callbacks by lender and result, parse status and processing latency in /metrics', async () => {
    const text = await (await h.request('/metrics')).text();
    expect(text).to.match(/^lendwire_callbacks_received_total\{lender="westlake",result="accepted"\} [1-9]/m);
    expect(text).to.match(/^lendwire_callbacks_received_total\{lender="unknown",result="unknown_lender"\} 1$/m);
    expect(text).to.match(/^lendwire_callbacks_received_total\{lender="dormant",result="unknown_lender"\} 1$/m);
    expect(text).to.match(/^lendwire_callbacks_received_total\{lender="westlake",result="unauthorized"\} 4$/m);
    expect(text).to.match(/^lendwire_callbacks_received_total\{lender="tiny",result="too_large"\} 1$/m);
    expect(text).to.match(/^lendwire_callbacks_parsed_total\{lender="westlake",parse_status="unparseable"\} [1-9]/m);
    expect(text).to.match(/^lendwire_callback_processing_seconds_count\{lender="westlake"\} [1-9]/m);
  });
});

describe('POST /callbacks/:lenderId behind a host-mounted express.json()', function () {
  let h: Harness;
  before(async () => {
    h = await callbackHarness({ hostJsonParser: true });
  });
  after(async () => {
    await h.close();
  });

  it('still receives the exact raw bytes (the host parser does not eat the body)', async () => {
    const appId = await insertApplication(h);
    const body = '{ "Status": "PROCESSED",   "AppId": "AT-7Q2K9W", "Appno": 1048576 }';
    const res = await postApptraker(h, 'westlake', body);
    expect(res.status).to.equal(200);
    const row = await processed(h, ((await res.json()) as { id: string }).id);
    expect(Buffer.from(row.body).toString('utf8')).to.equal(body);
    expect(row.process_status).to.equal('applied');
    expect((await application(h, appId)).lender_app_no).to.equal('1048576');
  });

  it('leaves the host routes and body parser working', async () => {
    const res = await fetch(h.url.replace('/lendwire', '/host-route'));
    expect(res.status).to.equal(200);
  });
});

describe('POST /callbacks/:lenderId behind other host body parsers', function () {
  let h: Harness;
  before(async () => {
    h = await callbackHarness();
  });
  after(async () => {
    await h.close();
  });

  it('reads the raw bytes even when the host mounted text, raw and urlencoded parsers for every type', async () => {
    const lw = await createLendwire({ manifest: callbackManifest(), knex: h.db.knex, redis: h.redis.redis, logger: pino({ level: 'silent' }), auth: bearerAuth(), queuePrefix: h.redis.prefix });
    registerBuiltInAdapters(lw);
    const app = express();
    app.use(express.text({ type: 'text/*' }));
    app.use(express.urlencoded({ extended: false }));
    app.use(express.raw({ type: '*/*' }));
    app.use('/dms/lendwire', lw.router);
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dms/lendwire`;
      const bodies: [string, string][] = [
        ['text/plain', fixture('10-not-json.malformed.txt')],
        ['application/x-www-form-urlencoded', 'Appno=1048576&DecisionStatus=Approved'],
        ['application/octet-stream', fixture('05-funded.json')],
      ];
      for (const [type, body] of bodies) {
        const res = await fetch(`${base}/callbacks/westlake`, { method: 'POST', headers: { 'content-type': type, 'x-api-key': WESTLAKE_KEY }, body });
        expect(res.status, type).to.equal(200);
        const row = await rawRow(h, ((await res.json()) as { id: string }).id);
        expect(Buffer.from(row!.body).toString('utf8'), type).to.equal(body);
        expect(row!.content_type).to.equal(type);
      }
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await lw.stop();
    }
  });
});
