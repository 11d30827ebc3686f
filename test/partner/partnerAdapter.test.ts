import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import type { LenderAdapter } from 'lendwire/sdk';
import { createHarness, jsonOf, type Harness } from '../support/harness.js';
import { waitFor } from '../support/waitFor.js';
import { applicationManifest, liveSubmitBody, FIXTURE_SSN } from '../applications/support/fixtures.js';
import { installPartnerPackage, type InstalledPartner } from './installPartnerPackage.js';

const TOKEN = 'nw-submit-token';
const SECRET = 'nw-callback-secret';

/** A request Northwind's stand-in received. */
interface Received {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks).toString('utf8'))).on('error', reject);
  });
}

describe('a partner lender adapter packed and installed outside the repository', function () {
  this.timeout(120_000);
  let partner: InstalledPartner;
  let northwind: Server;
  const received: Received[] = [];
  let h: Harness;

  before(async () => {
    partner = await installPartnerPackage();
    const { northwindAdapter } = (await import(partner.entry)) as { northwindAdapter: LenderAdapter };
    northwind = createServer((req, res) => {
      void readBody(req).then((body) => {
        received.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body });
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ reference: `NW-${received.length}` }));
      });
    });
    await new Promise<void>((resolve) => northwind.listen(0, '127.0.0.1', resolve));
    process.env.TEST_NORTHWIND_TOKEN = TOKEN;
    process.env.TEST_NORTHWIND_SECRET = SECRET;
    const url = `http://127.0.0.1:${(northwind.address() as AddressInfo).port}/applications`;
    const manifest = applicationManifest();
    manifest.lenders = [
      { id: 'northwind', adapter: 'northwind', submission: { url, timeoutMs: 5000 }, credentials: { token: { env: 'TEST_NORTHWIND_TOKEN' } }, callbacks: { secret: { env: 'TEST_NORTHWIND_SECRET' } } },
    ];
    h = await createHarness({ manifest, register: (lw) => lw.registerLenderAdapter(northwindAdapter) });
  });
  after(async () => {
    await h?.close();
    northwind?.close();
    if (partner) rmSync(partner.host, { recursive: true, force: true });
  });

  it('is a package of its own: npm packed its sources, schema and package.json, nothing of lendwire', () => {
    expect(partner.packed).to.include.members(['package.json', 'index.ts', 'submitNorthwind.ts', 'northwindCallbacks.ts', 'northwindSettings.schema.json']);
    expect(partner.entry).to.match(/node_modules\/lendwire-lender-northwind\/index\.ts$/);
  });

  it('submits an application through it to the lender and takes a signed callback to a decision', async () => {
    const created = await jsonOf(await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: liveSubmitBody({ lenderId: 'northwind' }) }));
    expect(created.status).to.equal('queued');
    const table = () => h.db.knex.withSchema('lendwire').table('applications').where({ id: created.id }).first();
    const submitted = await waitFor(async () => {
      const row = await table();
      return row?.lender_app_id ? row : undefined;
    }, 20_000, 'the submission to Northwind');
    expect(submitted).to.include({ lender_app_id: 'NW-1', status: 'submitted' });
    expect(received).to.have.length(1);
    expect(received[0]).to.include({ method: 'POST', url: '/applications', authorization: `Bearer ${TOKEN}` });
    const sent = JSON.parse(received[0].body) as { ourId: string; application: { applicant: { ssn: string } } };
    expect(sent.ourId).to.equal(created.id);
    expect(sent.application.applicant.ssn, 'the lender gets the unsealed application').to.equal(FIXTURE_SSN);

    const body = JSON.stringify({ reference: 'NW-1', decision: 'APPROVED' });
    const unsigned = await fetch(`${h.url}/callbacks/northwind`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-northwind-signature': 'ab'.repeat(32) }, body });
    expect(unsigned.status, 'a callback with a wrong signature').to.equal(401);
    const signature = createHmac('sha256', SECRET).update(body).digest('hex');
    const callback = await fetch(`${h.url}/callbacks/northwind`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-northwind-signature': signature }, body });
    expect(callback.status, await callback.clone().text()).to.equal(200);
    const approved = await waitFor(async () => {
      const row = await table();
      return row?.status === 'approved' ? row : undefined;
    }, 20_000, 'the callback to approve the application');
    expect(approved.lender_app_id).to.equal('NW-1');
    expect(h.logs()).to.not.include(FIXTURE_SSN).and.not.include(TOKEN).and.not.include(SECRET);
  });
});
