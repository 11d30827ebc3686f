import { expect } from 'chai';
import express from 'express';
import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { listen, type Listening } from '../../host-example/listen.js';
import { startApptrakerSandbox } from '../../host-example/simulators/apptrakerSandbox.js';
import { startBrokerSimulator } from '../../host-example/simulators/brokerSimulator.js';
import { startFakeHubspot } from '../../host-example/simulators/fakeHubspot.js';
import { startSampleReceiver } from '../../host-example/receiver/sampleReceiver.js';

interface Captured {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A stand-in for lendwire's callback route that records what the simulators send. */
async function captureServer(): Promise<Listening & { got: Captured[] }> {
  const got: Captured[] = [];
  const app = express();
  app.post('/cb', express.text({ type: () => true }), (req, res) => {
    got.push({ headers: req.headers, body: String(req.body ?? '') });
    res.json({ received: true });
  });
  return Object.assign(await listen(app), { got });
}

const submit = (url: string, body: unknown, key = 'sandbox-key') =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify(body) });

describe('appTRAKER sandbox', () => {
  let cb: Awaited<ReturnType<typeof captureServer>>;
  beforeEach(async () => {
    cb = await captureServer();
  });
  afterEach(async () => {
    await cb.close();
  });

  it('refuses a submission without the right X-API-KEY', async () => {
    const sandbox = await startApptrakerSandbox({ apiKey: 'sandbox-key', callbackApiKey: 'cb-key', callbackUrl: `${cb.url}/cb`, paceMs: 5 });
    try {
      const res = await submit(sandbox.submissionUrl, { Applicant: { LastName: 'Smith' } }, 'wrong');
      expect(res.status).to.equal(401);
      expect(sandbox.submissions).to.have.length(0);
    } finally {
      await sandbox.close();
    }
  });

  it('answers with an AppId, then sends stage-1 PROCESSED and the funded sequence with the callback key', async () => {
    const sandbox = await startApptrakerSandbox({ apiKey: 'sandbox-key', callbackApiKey: 'cb-key', callbackUrl: `${cb.url}/cb`, paceMs: 5 });
    try {
      const res = await submit(sandbox.submissionUrl, { Applicant: { LastName: 'Smith' } });
      const answer = (await res.json()) as { AppId: string; Status: string };
      expect(res.status).to.equal(200);
      expect(answer.Status).to.equal('RECEIVED');
      expect(answer.AppId).to.match(/^AT-[0-9A-F]{8}$/);
      await sandbox.idle();
      expect(cb.got.map((c) => c.headers['x-api-key'])).to.deep.equal(Array(5).fill('cb-key'));
      const bodies = cb.got.map((c) => JSON.parse(c.body));
      expect(bodies[0]).to.include({ Status: 'PROCESSED', AppId: answer.AppId });
      const appNo = bodies[0].Appno;
      expect(bodies.slice(1).map((b) => b.Application.Appno)).to.deep.equal([appNo, appNo, appNo, appNo]);
      expect(bodies.slice(1).map((b) => [b.Application.DecisionStatus, b.Application.FundingStatus])).to.deep.equal([
        ['Conditioned', 'Undefined'],
        ['Approved', 'Undefined'],
        ['Approved', 'Booked'],
        ['Approved', 'Funded'],
      ]);
    } finally {
      await sandbox.close();
    }
  });

  it('declines applicants named "Decline" and garbles callbacks for "Garble"', async () => {
    const sandbox = await startApptrakerSandbox({ apiKey: 'sandbox-key', callbackApiKey: 'cb-key', callbackUrl: `${cb.url}/cb`, paceMs: 5 });
    try {
      await submit(sandbox.submissionUrl, { Applicant: { LastName: 'Decline' } });
      await sandbox.idle();
      expect(JSON.parse(cb.got[1].body).Application.DecisionStatus).to.equal('Declined');
      cb.got.length = 0;
      await submit(sandbox.submissionUrl, { Applicant: { LastName: 'Garble' } });
      await sandbox.idle();
      const unparseable = cb.got.filter((c) => {
        try {
          JSON.parse(c.body);
          return false;
        } catch {
          return true;
        }
      });
      expect(unparseable.map((c) => c.body.slice(0, 6))).to.include('<html>');
      expect(unparseable).to.have.length(2);
    } finally {
      await sandbox.close();
    }
  });

  it('injects faults: 5xx submissions, duplicate callbacks; rejects unknown faults', async () => {
    const sandbox = await startApptrakerSandbox({ apiKey: 'sandbox-key', callbackApiKey: 'cb-key', callbackUrl: `${cb.url}/cb`, paceMs: 5, faults: { submit5xx: 1 } });
    try {
      const failed = await submit(sandbox.submissionUrl, { Applicant: { LastName: 'Smith' } });
      expect(failed.status).to.equal(503);
      expect(sandbox.submissions).to.have.length(0);
      const bad = await fetch(`${sandbox.url}/sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ explode: 1 }) });
      expect(bad.status).to.equal(422);
      const set = await fetch(`${sandbox.url}/sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ duplicate: 1 }) });
      expect(set.status).to.equal(200);
      const ok = await submit(sandbox.submissionUrl, { Applicant: { LastName: 'Decline' } });
      expect(ok.status).to.equal(200);
      await sandbox.idle();
      expect(cb.got).to.have.length(4);
      expect(cb.got[0].body).to.equal(cb.got[1].body);
    } finally {
      await sandbox.close();
    }
  });

  it('sends stage-2 callbacks out of order, re-sends a late decision, truncates bodies and slows down on demand', async () => {
    const sandbox = await startApptrakerSandbox({ apiKey: 'sandbox-key', callbackApiKey: 'cb-key', callbackUrl: `${cb.url}/cb`, paceMs: 5, slowMs: 150, faults: { outOfOrder: 1, late: 1, slowCallbacks: 1 } });
    try {
      const started = Date.now();
      await submit(sandbox.submissionUrl, { Applicant: { LastName: 'Smith' } });
      await sandbox.idle();
      expect(Date.now() - started).to.be.greaterThan(5 * 150);
      expect(sandbox.callbacks.map((c) => c.label)).to.deep.equal(['stage1', 'verification', 'decision', 'booked', 'funded', 'verification:late']);
      const bodies = cb.got.map((c) => JSON.parse(c.body));
      expect(bodies.at(-1).Application.FundingStatus).to.equal('Undefined');
      cb.got.length = 0;
      sandbox.setFaults({ truncated: 1 });
      await submit(sandbox.submissionUrl, { Applicant: { LastName: 'Decline' } });
      await sandbox.idle();
      expect(() => JSON.parse(cb.got[1].body)).to.throw();
      expect(cb.got[1].body).to.match(/^\{ ?"Application"/);
    } finally {
      await sandbox.close();
    }
  });

  it('never answers a submission under the timeout fault, but still processes it', async () => {
    const sandbox = await startApptrakerSandbox({ apiKey: 'sandbox-key', callbackApiKey: 'cb-key', callbackUrl: `${cb.url}/cb`, paceMs: 5, faults: { submitTimeout: 1 } });
    try {
      const outcome = await fetch(sandbox.submissionUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'sandbox-key' },
        body: '{}',
        signal: AbortSignal.timeout(300),
      }).then(
        () => 'answered',
        (err: Error) => err.name,
      );
      expect(outcome).to.equal('TimeoutError');
      expect(sandbox.submissions).to.have.length(1);
      await sandbox.idle();
      expect(JSON.parse(cb.got[0].body).AppId).to.equal(sandbox.submissions[0].appId);
    } finally {
      await sandbox.close();
    }
  });
});

describe('broker simulator', () => {
  it('signs case_outcome webhooks with hex HMAC-SHA256 of the exact body and a fresh deliveredAt', async () => {
    const cb = await captureServer();
    const broker = await startBrokerSimulator({ secret: 'whsec_test_broker_retailer_secret_4f9a', callbackUrl: `${cb.url}/cb` });
    try {
      const delivery = await broker.sendCaseOutcome('8a4f6c2e-1b7d-4e0a-9c3f-5d2e8b1a0d9c', 'selected');
      expect(delivery.status).to.equal(200);
      const [got] = cb.got;
      expect(got.headers['x-broker-signature']).to.equal(createHmac('sha256', 'whsec_test_broker_retailer_secret_4f9a').update(got.body).digest('hex'));
      const body = JSON.parse(got.body);
      expect(body).to.include({ event: 'case_outcome', sessionId: '8a4f6c2e-1b7d-4e0a-9c3f-5d2e8b1a0d9c' });
      expect(body.case.outcome).to.equal('selected');
      expect(Date.now() - Date.parse(body.deliveredAt)).to.be.lessThan(5000);
      expect(body.delivery.id).to.equal(delivery.deliveryId);
    } finally {
      await broker.close();
      await cb.close();
    }
  });
});

describe('fake HubSpot', () => {
  it('needs the bearer token, creates deals by unique property and updates them', async () => {
    const crm = await startFakeHubspot({ accessToken: 'hs-token' });
    try {
      const auth = { authorization: 'Bearer hs-token', 'content-type': 'application/json' };
      const denied = await fetch(`${crm.url}/crm/v3/objects/deals/app_1?idProperty=lendwire_id`, { method: 'PATCH', body: '{}', headers: { 'content-type': 'application/json' } });
      expect(denied.status).to.equal(401);
      const missing = await fetch(`${crm.url}/crm/v3/objects/deals/app_1?idProperty=lendwire_id`, { method: 'PATCH', headers: auth, body: JSON.stringify({ properties: { dealstage: 'x' } }) });
      expect(missing.status).to.equal(404);
      const created = await fetch(`${crm.url}/crm/v3/objects/deals/batch/upsert`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ inputs: [{ id: 'app_1', idProperty: 'lendwire_id', properties: { dealname: 'A' } }] }),
      });
      const body = (await created.json()) as { results: { id: string }[] };
      const updated = await fetch(`${crm.url}/crm/v3/objects/deals/app_1?idProperty=lendwire_id`, { method: 'PATCH', headers: auth, body: JSON.stringify({ properties: { dealstage: 'closedwon' } }) });
      expect(updated.status).to.equal(200);
      expect(((await updated.json()) as { id: string }).id).to.equal(body.results[0].id);
      expect(crm.deals.get('app_1')?.properties).to.deep.equal({ dealname: 'A', dealstage: 'closedwon' });
    } finally {
      await crm.close();
    }
  });
});

describe('sample webhook receiver', () => {
  const secret = 'whsec_' + Buffer.from('sample-receiver-secret-32-bytes!').toString('base64');
  it('accepts events signed by a Standard Webhooks signer, refuses tampered ones, and ignores a repeated webhook-id', async () => {
    const lines: string[] = [];
    const receiver = await startSampleReceiver({ secret, print: (l) => lines.push(l) });
    try {
      const signer = new Webhook(secret);
      const body = JSON.stringify({ type: 'application.status_changed', timestamp: new Date().toISOString(), data: { applicationId: 'app_1', previousStatus: 'booked', status: 'funded' } });
      const now = new Date();
      const headers = {
        'content-type': 'application/json',
        'webhook-id': 'msg_1',
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signer.sign('msg_1', now, body),
      };
      const ok = await fetch(receiver.webhookUrl, { method: 'POST', headers, body });
      expect(ok.status).to.equal(200);
      const again = await fetch(receiver.webhookUrl, { method: 'POST', headers, body });
      expect(await again.json()).to.deep.equal({ ok: true, duplicate: true });
      const tampered = await fetch(receiver.webhookUrl, { method: 'POST', headers, body: body.replace('funded', 'declined') });
      expect(tampered.status).to.equal(401);
      const old = await fetch(receiver.webhookUrl, { method: 'POST', headers: { ...headers, 'webhook-timestamp': String(Math.floor(now.getTime() / 1000) - 3600) }, body });
      expect(old.status).to.equal(401);
      expect(receiver.received.map((r) => [r.id, r.type, r.data.status])).to.deep.equal([['msg_1', 'application.status_changed', 'funded']]);
      expect(receiver.rejected).to.have.length(2);
      expect(lines[0]).to.equal('receiver: application.status_changed  app_1  booked -> funded');
    } finally {
      await receiver.close();
    }
  });
});
