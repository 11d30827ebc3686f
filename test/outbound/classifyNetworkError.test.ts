import { lookup as dnsLookup } from 'node:dns';
import { noFileBatches } from '../../plugin/testing/transport/noFileBatches.js';
import { expect } from 'chai';
import { standardWebhooksScheme } from '../../adapters/transports/webhook/standardWebhooksScheme.js';
import { request } from 'undici';
import { pino } from 'pino';
import { AddressPolicy, classifyNetworkError, createOutboundDispatcher, crmFetch, TRUSTED_ENDPOINTS, type NetworkFailure } from '../../plugin/index.js';
import { createLenderHttp } from '../../plugin/submissions/createLenderHttp.js';
import { webhookTransport } from '../../adapters/transports/webhook/index.js';
import { closedPort, httpServer, resettingServer, type LocalServer } from './support/localServers.js';

/** What undici's request through the kit's dispatcher fails with, classified. */
async function undiciFailure(url: string, options: { policy?: AddressPolicy; headersMs?: number } = {}): Promise<NetworkFailure> {
  const dispatcher = createOutboundDispatcher({ policy: options.policy ?? TRUSTED_ENDPOINTS });
  try {
    const res = await request(url, { dispatcher, headersTimeout: options.headersMs ?? 5_000 });
    await res.body.dump();
    throw new Error(`expected a failure, got ${res.statusCode}`);
  } catch (err) {
    return classifyNetworkError(err);
  } finally {
    await dispatcher.close();
  }
}

describe('outbound kit: one classifier, one set of error codes', () => {
  let reset: LocalServer;
  let hanging: LocalServer;
  let refusedPort: number;

  before(async () => {
    reset = await resettingServer();
    hanging = await httpServer(() => undefined);
    refusedPort = await closedPort();
  });
  after(async () => {
    await reset.close();
    await hanging.close();
  });

  it('gives each failure kind its one code (real connections on 127.0.0.1)', async () => {
    expect(await undiciFailure(`http://127.0.0.1:${refusedPort}/`)).to.include({ code: 'E_CONNECT', kind: 'not_sent' });
    expect(await undiciFailure(`${reset.url}/`)).to.include({ code: 'E_RESET', kind: 'no_answer' });
    expect(await undiciFailure(`${hanging.url}/`, { headersMs: 200 })).to.include({ code: 'E_TIMEOUT', kind: 'no_answer' });
    expect(await undiciFailure(`https://127.0.0.1:${hanging.port}/`, { headersMs: 2_000 })).to.deep.include({ code: 'E_TLS' });
    expect(await undiciFailure('http://lendwire-no-such-host.invalid/')).to.include({ code: 'E_DNS', kind: 'not_sent' });
    expect(await undiciFailure(`http://localhost:${hanging.port}/`, { policy: new AddressPolicy() })).to.include({ code: 'E_SSRF', kind: 'not_sent' });
  });

  it('calls a reset connection E_RESET for lenders, CRMs and webhooks alike', async () => {
    const lenderDispatcher = createOutboundDispatcher({ policy: TRUSTED_ENDPOINTS, reuseConnections: false });
    const lender = await createLenderHttp(() => lenderDispatcher, 2_000).send({ method: 'POST', url: `${reset.url}/apps`, body: '{}' });
    await lenderDispatcher.close();
    expect(lender).to.include({ kind: 'no_answer', code: 'E_RESET' });

    const crm = await crmFetch({ method: 'POST', url: `${reset.url}/crm?key=secret`, json: {}, timeoutMs: 2_000 });
    expect(crm).to.include({ ok: false, code: 'E_RESET' });
    expect((crm as { message: string }).message).to.match(/^POST http:\/\/127\.0\.0\.1:\d+\/crm: /).and.not.to.contain('secret');

    const dispatcher = createOutboundDispatcher({ policy: TRUSTED_ENDPOINTS });
    try {
      const ctx = { logger: pino({ level: 'silent' }), secret: () => '', dispatcher, userAgent: 'lendwire/test', urlProblem: () => null, signatureScheme: () => standardWebhooksScheme, lookup: dnsLookup, batches: noFileBatches };
      const envelope = { type: 't.test', timestamp: new Date().toISOString(), data: {} };
      const message = { id: 'msg_1', type: envelope.type, sentAt: new Date(), body: JSON.stringify(envelope), envelope };
      const target = { id: 'sub', url: `${reset.url}/hooks`, timeoutMs: 2_000, signature: 'standard-webhooks', secrets: [], settings: {} };
      expect(await webhookTransport.send(message, target, ctx)).to.include({ result: 'retryable', code: 'E_RESET' });
    } finally {
      await dispatcher.close();
    }
  });

  it('reads codes anywhere in the cause chain and tells "not sent" from "maybe sent"', () => {
    const wrap = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });
    const cases: [string, string, 'not_sent' | 'no_answer'][] = [
      ['ENOTFOUND', 'E_DNS', 'not_sent'],
      ['EAI_AGAIN', 'E_DNS', 'not_sent'],
      ['ECONNREFUSED', 'E_CONNECT', 'not_sent'],
      ['EHOSTUNREACH', 'E_CONNECT', 'not_sent'],
      ['ECONNRESET', 'E_RESET', 'no_answer'],
      ['EPIPE', 'E_RESET', 'no_answer'],
      ['UND_ERR_SOCKET', 'E_RESET', 'no_answer'],
      ['UND_ERR_CONNECT_TIMEOUT', 'E_TIMEOUT', 'not_sent'],
      ['UND_ERR_HEADERS_TIMEOUT', 'E_TIMEOUT', 'no_answer'],
      ['UND_ERR_BODY_TIMEOUT', 'E_TIMEOUT', 'no_answer'],
      ['CERT_HAS_EXPIRED', 'E_TLS', 'not_sent'],
      ['DEPTH_ZERO_SELF_SIGNED_CERT', 'E_TLS', 'not_sent'],
      ['ERR_TLS_CERT_ALTNAME_INVALID', 'E_TLS', 'not_sent'],
      ['ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'E_TLS', 'no_answer'],
      ['E_SSRF', 'E_SSRF', 'not_sent'],
      ['ERR_INVALID_URL', 'E_CONFIG', 'not_sent'],
      ['SOMETHING_ELSE', 'E_NETWORK', 'no_answer'],
    ];
    for (const [raw, code, kind] of cases) expect(classifyNetworkError(wrap(raw)), raw).to.include({ code, kind });
    expect(classifyNetworkError(Object.assign(new Error('x'), { name: 'TimeoutError' }))).to.include({ code: 'E_TIMEOUT', kind: 'no_answer' });
    expect(classifyNetworkError(new Error('socket hang up'))).to.include({ code: 'E_NETWORK', kind: 'no_answer' });
  });

  it('writes one message: the first low-level code, every message in the chain, the timeout applied', () => {
    const err = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
    expect(classifyNetworkError(err).message).to.equal('ECONNRESET: fetch failed; read ECONNRESET');
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError', code: 'ABORT_ERR' });
    expect(classifyNetworkError(timeout, { timeoutMs: 1500 }).message).to.match(/^no answer within 1500 ms \(ABORT_ERR: /);
    expect(classifyNetworkError(new Error('x'.repeat(2000))).message).to.have.length(500);
  });
});
