import { expect } from 'chai';
import type { Dispatcher } from 'undici';
import { createHubspotAdapter } from '../../adapters/crm/hubspot/index.js';
import { createPipedriveAdapter } from '../../adapters/crm/pipedrive/index.js';
import { createSalesforceAdapter } from '../../adapters/crm/salesforce/index.js';
import { AddressPolicy, createOutboundDispatcher, crmFetch, TRUSTED_ENDPOINTS, type CrmAdapter, type CrmConfig, type LenderConfig } from '../../plugin/index.js';
import { SecretResolver } from '../../plugin/manifest/SecretResolver.js';
import { DispatcherPool } from '../../plugin/outbound/DispatcherPool.js';
import { createLenderDispatcher, createLenderHttp } from '../../plugin/submissions/createLenderHttp.js';
import { crmTarget, operationFor, syncContext } from '../crm/crmTestSupport.js';
import { closedPort, httpServer, resettingServer, type LocalServer } from './support/localServers.js';

/** A kit dispatcher that counts the requests dispatched through it. */
function counted(dispatcher: Dispatcher): Dispatcher & { dispatched: number } {
  const d = Object.assign(dispatcher, { dispatched: 0 });
  const dispatch = d.dispatch.bind(d);
  d.dispatch = (options, handler) => {
    d.dispatched++;
    return dispatch(options, handler);
  };
  return d;
}

const lender = (url: string) => ({ id: 'local', adapter: 'apptraker', submission: { url, timeoutMs: 2_000 } }) as unknown as LenderConfig;

describe('outbound kit: lenders and CRMs send through the kit dispatcher', () => {
  let server: LocalServer;
  let reset: LocalServer;
  let refusedPort: number;
  const clientPorts: number[] = [];
  let received = 0;

  before(async () => {
    server = await httpServer((req, res) => {
      received++;
      clientPorts.push(req.socket.remotePort ?? 0);
      req.resume();
      req.on('end', () => {
        if (req.url === '/hang') return;
        if (req.url === '/moved') return void res.writeHead(302, { location: 'https://elsewhere.example/' }).end();
        if (req.url === '/cut') {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
          res.write('{"AppId":');
          return void setTimeout(() => res.socket?.destroy(), 20);
        }
        res.writeHead(201, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] }).end('{"AppId":"L-1"}');
      });
    });
    reset = await resettingServer();
    refusedPort = await closedPort();
  });
  after(async () => {
    await server.close();
    await reset.close();
  });

  it('sends a lender submission through the lender dispatcher, with the kit codes for every failure', async () => {
    const dispatcher = counted(createLenderDispatcher(lender(server.url), new SecretResolver(), 2_000));
    const http = createLenderHttp(() => dispatcher, 300);
    try {
      const ok = await http.send({ method: 'POST', url: `${server.url}/apps`, headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(ok).to.deep.include({ kind: 'response', status: 201, body: '{"AppId":"L-1"}' });
      expect((ok as { headers: Record<string, string> }).headers).to.include({ 'content-type': 'application/json', 'set-cookie': 'a=1, b=2' });
      expect(await http.send({ method: 'POST', url: `http://127.0.0.1:${refusedPort}/apps`, body: '{}' })).to.include({ kind: 'not_sent', code: 'E_CONNECT' });
      expect(await http.send({ method: 'POST', url: `${reset.url}/apps`, body: '{}' })).to.include({ kind: 'no_answer', code: 'E_RESET' });
      const slow = await http.send({ method: 'POST', url: `${server.url}/hang`, body: '{}' });
      expect(slow).to.include({ kind: 'no_answer', code: 'E_TIMEOUT' });
      expect((slow as { message: string }).message).to.match(/^no answer within 300 ms/);
      const cut = await http.send({ method: 'GET', url: `${server.url}/cut` });
      expect(cut, `an answer that breaks off: the lender has the request ${JSON.stringify(cut)}`).to.include({ kind: 'no_answer', code: 'E_RESET' });
      expect(await http.send({ method: 'GET', url: `${server.url}/moved` }), 'redirects are not followed').to.deep.include({ kind: 'response', status: 302 });
      expect(dispatcher.dispatched).to.equal(6);
    } finally {
      await dispatcher.close();
    }
  });

  it('routes lender requests through the dispatcher it is given: a guarded one refuses the address (E_SSRF, not sent)', async () => {
    const guarded = createOutboundDispatcher({ policy: new AddressPolicy() });
    try {
      // By name: an IP literal needs no lookup, and the guard's URL check (not the dispatcher) refuses those.
      expect(await createLenderHttp(() => guarded, 2_000).send({ method: 'POST', url: `http://localhost:${server.port}/apps`, body: '{}' })).to.include({ kind: 'not_sent', code: 'E_SSRF' });
    } finally {
      await guarded.close();
    }
  });

  it('opens one connection per lender request (a pooled socket the lender closed would look like "sent, no answer")', async () => {
    const lenderDispatcher = createLenderDispatcher(lender(server.url), new SecretResolver(), 2_000);
    const pooled = createOutboundDispatcher({ policy: TRUSTED_ENDPOINTS });
    try {
      clientPorts.length = 0;
      for (let i = 0; i < 4; i++) await createLenderHttp(() => lenderDispatcher, 2_000).send({ method: 'GET', url: `${server.url}/` });
      expect(new Set(clientPorts).size, 'lender: a new connection each time').to.equal(4);
      clientPorts.length = 0;
      for (let i = 0; i < 4; i++) await createLenderHttp(() => pooled, 2_000).send({ method: 'GET', url: `${server.url}/` });
      expect(new Set(clientPorts).size, 'a pooled kit dispatcher reuses its connections').to.be.below(4);
    } finally {
      await lenderDispatcher.close();
      await pooled.close();
    }
  });

  it('never sends a request that cannot be built, or one on a closed dispatcher: not_sent', async () => {
    const dispatcher = createLenderDispatcher(lender(server.url), new SecretResolver(), 2_000);
    const http = createLenderHttp(() => dispatcher, 2_000);
    const before = received;
    expect(await http.send({ method: 'POST', url: `${server.url}/apps`, headers: { 'bad header': 'x' }, body: '{}' })).to.include({ kind: 'not_sent', code: 'E_CONFIG' });
    expect(await http.send({ method: 'GET', url: `${server.url}/apps`, body: '{}' })).to.include({ kind: 'not_sent', code: 'E_CONFIG' });
    expect(await http.send({ method: 'POST', url: 'ftp://127.0.0.1/apps', body: '{}' })).to.include({ kind: 'not_sent', code: 'E_CONFIG' });
    expect(await http.send({ method: 'POST', url: 'not a url', body: '{}' })).to.include({ kind: 'not_sent', code: 'E_CONFIG' });
    expect(received).to.equal(before);
    // lendwire stopping: the dispatcher is closing (a call still in flight keeps it from finishing) and refuses new calls.
    const inFlight = createLenderHttp(() => dispatcher, 300).send({ method: 'POST', url: `${server.url}/hang`, body: '{}' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = dispatcher.close();
    expect(await http.send({ method: 'POST', url: `${server.url}/apps`, body: '{}' })).to.include({ kind: 'not_sent', code: 'E_CONNECT' });
    expect(await inFlight, 'the call in flight ends on its own terms').to.include({ kind: 'no_answer', code: 'E_TIMEOUT' });
    await closing;
    expect(received).to.equal(before + 1);
  });

  it('sends CRM calls through the dispatcher named in the request (crmFetch)', async () => {
    const dispatcher = counted(createOutboundDispatcher({ policy: TRUSTED_ENDPOINTS }));
    const guarded = createOutboundDispatcher({ policy: new AddressPolicy() });
    try {
      const ok = await crmFetch({ method: 'POST', url: `${server.url}/crm`, json: {}, timeoutMs: 2_000, dispatcher });
      expect(ok).to.deep.include({ ok: true, status: 201, json: { AppId: 'L-1' } });
      expect(dispatcher.dispatched).to.equal(1);
      expect(await crmFetch({ method: 'POST', url: `http://127.0.0.1:${refusedPort}/crm`, json: {}, timeoutMs: 2_000, dispatcher })).to.include({ ok: false, code: 'E_CONNECT' });
      expect(await crmFetch({ method: 'POST', url: `http://localhost:${server.port}/crm`, json: {}, timeoutMs: 2_000, dispatcher: guarded })).to.include({ ok: false, code: 'E_SSRF' });
    } finally {
      await dispatcher.close();
      await guarded.close();
    }
  });

  it('has every CRM adapter send through ctx.dispatcher (a guarded one refuses the local address: E_SSRF)', async () => {
    const guarded = createOutboundDispatcher({ policy: new AddressPolicy() });
    const values = { TOKEN: 'token-value', SF_ID: 'client-id', SF_SECRET: 'client-secret' };
    const targets: [CrmAdapter, CrmConfig][] = [
      [createHubspotAdapter(), crmTarget({ id: 'hs', adapter: 'hubspot', baseUrl: `http://localhost:${server.port}`, credentials: { accessToken: { env: 'TOKEN' } }, link: { property: 'lendwire_id', pipeline: 'default' }, stages: { conditioned: 'qualifiedtobuy' } })],
      [
        createPipedriveAdapter(),
        crmTarget({ id: 'pd', adapter: 'pipedrive', baseUrl: `http://localhost:${server.port}`, credentials: { apiToken: { env: 'TOKEN' } }, link: { property: 'c7f8a3b1d2e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8', pipeline: 1, initialStage: 1 }, stages: { conditioned: 4 } }),
      ],
      [
        createSalesforceAdapter(),
        crmTarget({ id: 'sf', adapter: 'salesforce', baseUrl: `http://localhost:${server.port}`, credentials: { clientId: { env: 'SF_ID' }, clientSecret: { env: 'SF_SECRET' } }, link: { property: 'Lendwire_Id__c', initialStage: 'Prospecting' }, stages: { conditioned: 'Conditionally Approved' } }),
      ],
    ];
    const before = received;
    try {
      for (const [adapter, crm] of targets) {
        const outcome = await adapter.sync(operationFor('event.approved.json', crm), crm, { ...syncContext(values), dispatcher: guarded });
        expect(outcome, adapter.id).to.deep.include({ result: 'retryable', code: 'E_SSRF' });
      }
      expect(received).to.equal(before);
    } finally {
      await guarded.close();
    }
  });

  it('keeps one dispatcher per key, closes them on stop, and builds a fresh one for a call after stop', async () => {
    const pool = new DispatcherPool('test-http');
    let built = 0;
    const build = () => (built++, createOutboundDispatcher({ policy: TRUSTED_ENDPOINTS }));
    const first = pool.get('a', build);
    expect(pool.get('a', build)).to.equal(first);
    pool.get('b', build);
    expect(built).to.equal(2);
    await pool.stop();
    expect((first as unknown as { closed: boolean }).closed, 'closed on stop').to.equal(true);
    const fresh = pool.get('a', build);
    expect(fresh).not.to.equal(first);
    expect(await crmFetch({ method: 'GET', url: `${server.url}/`, timeoutMs: 2_000, dispatcher: fresh })).to.include({ ok: true, status: 201 });
    await pool.stop();
  });
});
