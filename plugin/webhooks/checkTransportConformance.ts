import { lookup as dnsLookup } from 'node:dns';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, type Dispatcher } from 'undici';
import { pino } from 'pino';
import type { OutboundMessage, Transport, TransportContext, TransportResult } from '../sdk/Transport.js';
import type { SignatureScheme } from '../sdk/SignatureScheme.js';
import { ExtensionPoint } from '../kernel/ExtensionPoint.js';
import { registerSchemes } from './registerSchemes.js';
import { noFileBatches } from './noFileBatches.js';
import { DEFAULT_SIGNATURE_SCHEME as SIGNATURE } from './SubscriptionRecord.js';

export interface ConformanceResult {
  name: string;
  ok: boolean;
  detail?: string;
}

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

const SECRET = `whsec_${Buffer.from('lendwire-conformance-secret-32by').toString('base64')}`;

export interface ConformanceOptions {
  /** Signature schemes the transport signs with besides those it brings itself (e.g. `standardWebhooksScheme` from lendwire/adapters). */
  signatureSchemes?: readonly SignatureScheme[];
}

function message(): OutboundMessage {
  const envelope = { type: 'conformance.test', timestamp: new Date().toISOString(), data: { n: 1, text: 'héllo' } };
  return { id: `msg_conformance${Date.now()}`, type: envelope.type, sentAt: new Date(), body: JSON.stringify(envelope), envelope };
}

/** Counts the requests a transport sends through the dispatcher the core gives it. */
class CountingAgent extends Agent {
  dispatched = 0;
  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    this.dispatched++;
    return super.dispatch(options, handler);
  }
}

/**
 * Runs a transport against real local HTTP endpoints and reports, scenario by
 * scenario, whether it keeps the Transport contract: signs Standard Webhooks
 * correctly, sends through `ctx.dispatcher`, classifies 2xx / 5xx / 410 / 429 /
 * redirects / timeouts, and never throws. The signature is checked with the
 * `standard-webhooks` scheme's own `verify`, taken from the transport's
 * `signatureSchemes` or `options.signatureSchemes`. For partners writing a transport:
 * `expect((await checkTransportConformance(myTransport, { signatureSchemes: [standardWebhooksScheme] })).filter(r => !r.ok)).to.be.empty`.
 */
export async function checkTransportConformance(transport: Transport, options: ConformanceOptions = {}): Promise<ConformanceResult[]> {
  const schemes = new ExtensionPoint<SignatureScheme>('signature scheme');
  registerSchemes(schemes, [...(transport.signatureSchemes ?? []), ...(options.signatureSchemes ?? [])]);
  let handler: Handler = (_req, _body, res) => res.writeHead(204).end();
  let redirectTargetHit = false;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/moved-here') redirectTargetHit = true;
      handler(req, Buffer.concat(chunks).toString('utf8'), res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  const dispatcher = new CountingAgent();
  const ctx: TransportContext = {
    logger: pino({ level: 'silent' }),
    secret: () => {
      throw new Error('the conformance kit passes secrets in the target');
    },
    dispatcher,
    userAgent: 'lendwire/conformance',
    urlProblem: () => null,
    signatureScheme: (name) => schemes.get(name),
    lookup: (hostname, options, callback) => dnsLookup(hostname, options, callback),
    batches: noFileBatches,
  };
  const target = { id: 'conformance', url, timeoutMs: 2_000, signature: SIGNATURE, secrets: [SECRET], settings: {} };
  const results: ConformanceResult[] = [];
  const scenario = async (name: string, answer: Handler, check: (r: TransportResult, received: { headers: IncomingMessage['headers']; body: string } | undefined) => string | null, timeoutMs = target.timeoutMs) => {
    let received: { headers: IncomingMessage['headers']; body: string } | undefined;
    handler = (req, body, res) => {
      received ??= { headers: req.headers, body };
      answer(req, body, res);
    };
    try {
      const sending = transport.send(message(), { ...target, timeoutMs }, ctx);
      sending.catch(() => undefined);
      let timer: NodeJS.Timeout | undefined;
      const result = await Promise.race([
        sending,
        new Promise<'stuck'>((resolve) => {
          timer = setTimeout(() => resolve('stuck'), timeoutMs + 2_000);
        }),
      ]).finally(() => clearTimeout(timer));
      if (result === 'stuck') {
        results.push({ name, ok: false, detail: `send() did not return within ${timeoutMs + 2_000} ms (the target timeout is ${timeoutMs} ms)` });
        server.closeAllConnections();
        return;
      }
      const problem = check(result, received);
      results.push({ name, ok: problem === null, ...(problem ? { detail: problem } : {}) });
    } catch (err) {
      results.push({ name, ok: false, detail: `send() threw instead of classifying: ${err instanceof Error ? err.message : String(err)}` });
    }
  };

  try {
    await scenario('2xx is delivered, signed per Standard Webhooks, body sent as given', (_q, _b, res) => res.writeHead(200).end('ok'), (r, got) => {
      if (r.result !== 'delivered') return `expected delivered, got ${r.result}`;
      if (!got) return 'nothing reached the endpoint';
      if (!schemes.has(SIGNATURE)) return `no "${SIGNATURE}" signature scheme to verify with: bring it in transport.signatureSchemes or pass it in options.signatureSchemes`;
      if (!schemes.get(SIGNATURE).verify(got, [SECRET])) return `the request does not verify under the "${SIGNATURE}" scheme`;
      if (!String(got.headers['content-type']).startsWith('application/json')) return 'content-type is not application/json';
      return null;
    });
    await scenario('sends through ctx.dispatcher (the SSRF-guarded agent)', (_q, _b, res) => res.writeHead(204).end(), () => (dispatcher.dispatched > 0 ? null : 'no request went through ctx.dispatcher'));
    await scenario('5xx is retryable E_HTTP_5XX with the status code', (_q, _b, res) => res.writeHead(503).end('down'), (r) =>
      r.result === 'retryable' && r.code === 'E_HTTP_5XX' && r.statusCode === 503 ? null : `got ${JSON.stringify(r)}`,
    );
    await scenario('410 is permanent and disables the target', (_q, _b, res) => res.writeHead(410).end(), (r) =>
      r.result === 'permanent' && r.disableTarget === true ? null : `got ${JSON.stringify(r)}`,
    );
    await scenario('429 with Retry-After waits that long', (_q, _b, res) => res.writeHead(429, { 'retry-after': '7' }).end(), (r) =>
      (r.result === 'retryable' || r.result === 'rateLimited') && r.waitMs === 7000 ? null : `got ${JSON.stringify(r)}`,
    );
    await scenario('redirects are not followed', (_q, _b, res) => res.writeHead(307, { location: '/moved-here' }).end(), (r) =>
      r.result !== 'delivered' && !redirectTargetHit ? null : 'the redirect was followed',
    );
    const started = Date.now();
    await scenario(
      'a hanging endpoint ends in E_TIMEOUT within the target timeout',
      () => undefined,
      (r) => (r.result !== 'delivered' && 'code' in r && r.code === 'E_TIMEOUT' && Date.now() - started < 3_000 ? null : `got ${JSON.stringify(r)} after ${Date.now() - started} ms`),
      500,
    );
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await dispatcher.close().catch(() => undefined);
  }
  return results;
}
