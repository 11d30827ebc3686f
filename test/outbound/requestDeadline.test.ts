import { expect } from 'chai';
import { createHook } from 'node:async_hooks';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lookup as dnsLookup } from 'node:dns';
import { pino } from 'pino';
import type { Dispatcher } from 'undici';
import { createOutboundDispatcher, outboundFetch, outboundTimeouts, requestDeadline, TRUSTED_ENDPOINTS, type TransportContext } from '../../plugin/index.js';
import { webhookTransport } from '../../adapters/transports/webhook/index.js';
import { noFileBatches } from '../../plugin/testing/transport/noFileBatches.js';

/** How many timers created while `work` ran are still pending once it is done (async_hooks: a Timeout is destroyed when it fires or is cleared). */
async function timersLeftBy(work: () => Promise<unknown>): Promise<number> {
  const pending = new Set<number>();
  const hook = createHook({
    init(id, type) {
      if (type === 'Timeout') pending.add(id);
    },
    destroy(id) {
      pending.delete(id);
    },
  });
  hook.enable();
  try {
    await work();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    hook.disable();
  }
  return pending.size;
}

const REQUESTS = 20;
/** A timeout far longer than the test: a deadline timer left behind is still pending at its end. */
const LONG_TIMEOUT_MS = 60_000;

describe('outbound requests free their deadline when they end (requestDeadline)', () => {
  let server: Server;
  let origin: string;
  let dispatcher: Dispatcher;
  before(async () => {
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dispatcher = createOutboundDispatcher({ policy: TRUSTED_ENDPOINTS });
  });
  after(async () => {
    await dispatcher.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('fires with a TimeoutError when the time is up, and never once cleared', async () => {
    const late = requestDeadline(outboundTimeouts(30));
    const cleared = requestDeadline(outboundTimeouts(30));
    cleared.clear();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(late.signal.aborted).to.equal(true);
    expect((late.signal.reason as Error).name).to.equal('TimeoutError');
    expect(cleared.signal.aborted).to.equal(false);
  });

  /**
   * Timers still pending after `count` requests, less those after 2: the sockets' and undici's
   * own timers (a handful, whatever the count) cancel out; what is left grows with the requests.
   */
  async function timersLeftPerRequests(count: number, request: (i: number) => Promise<void>): Promise<number> {
    const run = (n: number) => timersLeftBy(async () => {
      for (let i = 0; i < n; i++) await request(i);
    });
    return (await run(count)) - (await run(2));
  }

  it(`outboundFetch (lenders, CRMs): ${REQUESTS} answered requests leave no timer behind (AbortSignal.timeout left one each for the whole timeout)`, async () => {
    const grown = await timersLeftPerRequests(REQUESTS, async () => {
      const answer = await outboundFetch({ method: 'POST', url: `${origin}/apps`, headers: { 'content-type': 'application/json' }, body: '{}' }, { dispatcher, timeouts: outboundTimeouts(LONG_TIMEOUT_MS), maxBodyBytes: 1024 });
      expect(answer.ok).to.equal(true);
    });
    // Before: one per request (18 more for 20 requests than for 2).
    expect(grown).to.be.below(4);
  });

  it(`the webhook transport: ${REQUESTS} delivered webhooks leave no timer behind`, async () => {
    const schemes = new Map((webhookTransport.signatureSchemes ?? []).map((s) => [s.id, s]));
    const ctx: TransportContext = {
      logger: pino({ level: 'silent' }),
      secret: () => {
        throw new Error('secrets come in the target');
      },
      dispatcher,
      userAgent: 'lendwire/test',
      urlProblem: () => null,
      signatureScheme: (name) => schemes.get(name)!,
      lookup: (hostname, options, callback) => dnsLookup(hostname, options, callback),
      batches: noFileBatches,
    };
    const target = { id: 't', url: `${origin}/hooks`, timeoutMs: LONG_TIMEOUT_MS, signature: 'standard-webhooks', secrets: [`whsec_${Buffer.from('deadline-test-secret-32-bytes-xx').toString('base64')}`], settings: {} };
    const grown = await timersLeftPerRequests(REQUESTS, async (i) => {
      const envelope = { type: 'deadline.test', timestamp: new Date().toISOString(), data: { i } };
      const result = await webhookTransport.send({ id: `msg_deadline${i}`, type: envelope.type, sentAt: new Date(), body: JSON.stringify(envelope), envelope }, target, ctx);
      expect(result.result).to.equal('delivered');
    });
    expect(grown).to.be.below(4);
  });
});
