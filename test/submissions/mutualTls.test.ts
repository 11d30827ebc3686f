import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { jsonOf, type Harness } from '../support/harness.js';
import { createApplicationHarness } from '../support/applicationHarness.js';
import { applicationManifest, setApplicationSecrets, submitBody } from '../applications/support/fixtures.js';
import { settledApplication } from './support/settledApplication.js';
import { createTestPki, type TestPki } from './support/testCertificates.js';

describe('Submission over mutual TLS (cert, key and CA from secret references)', function () {
  this.timeout(30_000);
  let pki: TestPki;
  let server: Server;
  let h: Harness;
  const clientNames: string[] = [];

  before(async () => {
    pki = createTestPki();
    server = createServer(
      { key: readFileSync(pki.serverKey), cert: readFileSync(pki.serverCert), ca: readFileSync(pki.caCert), requestCert: true, rejectUnauthorized: true },
      (req, res) => {
        clientNames.push(String((req.socket as TLSSocket).getPeerCertificate().subject?.CN));
        req.resume();
        req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ AppId: `MTLS-${clientNames.length}`, Status: 'RECEIVED' })));
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/api/applications`;
    setApplicationSecrets();
    const base = applicationManifest();
    const apiKey = { env: 'TEST_WESTLAKE_API_KEY' };
    h = await createApplicationHarness({
      manifest: {
        ...base,
        lenders: [
          { id: 'mtls', adapter: 'apptraker', submission: { url, timeoutMs: 3000, tls: { cert: { file: pki.clientCert }, key: { file: pki.clientKey }, ca: { file: pki.caCert } } }, credentials: { apiKey } },
          // Does not trust the lender's CA: the handshake fails before anything is sent.
          { id: 'untrusted', adapter: 'apptraker', submission: { url, timeoutMs: 3000, tls: { cert: { file: pki.clientCert }, key: { file: pki.clientKey } } }, credentials: { apiKey } },
        ],
      },
      submissions: { maxAttempts: 2, backoffMs: 20 },
    });
  });
  after(async () => {
    await h.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    pki.cleanup();
  });

  it('presents the client certificate and verifies the lender against the configured CA', async () => {
    const res = await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: submitBody({ lenderId: 'mtls' }) });
    const app = await settledApplication(h.db.knex, (await jsonOf(res)).id);
    expect(app).to.include({ status: 'submitted', lender_app_id: 'MTLS-1' });
    expect(clientNames).to.deep.equal(['lendwire-test-client']);
  });

  it('treats an untrusted lender certificate as "never sent": retried, then submission_failed with E_TLS', async () => {
    const res = await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: submitBody({ lenderId: 'untrusted' }) });
    const id = (await jsonOf(res)).id;
    const app = await settledApplication(h.db.knex, id);
    expect(app.status).to.equal('submission_failed');
    const attempts = await h.db.knex.withSchema('lendwire').table('submissions').where({ application_id: id }).orderBy('id');
    expect(attempts.map((a) => [a.state, a.error_code])).to.deep.equal([
      ['not_sent', 'E_TLS'],
      ['not_sent', 'E_TLS'],
    ]);
    expect(clientNames).to.have.length(1);
  });
});
