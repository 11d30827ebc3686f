import { lookup as dnsLookup } from 'node:dns';
import { pino } from 'pino';
import type { IncomingHttpHeaders } from 'node:http';
import type { OutboundMessage, Transport, TransportContext, TransportResult } from '../../sdk/Transport.js';
import type { SignatureScheme } from '../../sdk/SignatureScheme.js';
import type { ConformanceRule } from '../ConformanceRule.js';
import { ConformanceFailure, expectRule } from '../ConformanceFailure.js';
import type { CountingAgent } from '../CountingAgent.js';
import { noFileBatches } from './noFileBatches.js';
import type { LocalStandIn, StandInScript } from '../LocalStandIn.js';

/** The scheme the kit verifies signatures with (lendwire's default). */
const SIGNATURE = 'standard-webhooks';
const SECRET = `whsec_${Buffer.from('lendwire-conformance-secret-32by').toString('base64')}`;
const TARGET_TIMEOUT_MS = 2_000;
const HANG_TIMEOUT_MS = 500;
/** How long past its target timeout a send may take before the kit calls it stuck: generous, so a loaded machine does not fail the rule (it catches a transport that ignores the timeout). */
const STUCK_AFTER_MS = 5_000;

/** The transport rules' names, in order. */
export const TRANSPORT_RULE_NAMES = [
  '2xx is delivered, signed per Standard Webhooks, body sent as given',
  'sends through ctx.dispatcher (the SSRF-guarded agent)',
  '5xx is retryable E_HTTP_5XX with the status code',
  '410 is permanent and disables the target',
  '429 with Retry-After waits that long',
  'redirects are not followed',
  'a hanging endpoint ends in E_TIMEOUT within the target timeout',
] as const;

/** What the transport rules share. */
export interface TransportBench {
  standIn: LocalStandIn;
  dispatcher: CountingAgent;
}

function message(): OutboundMessage {
  const envelope = { type: 'conformance.test', timestamp: new Date().toISOString(), data: { n: 1, text: 'héllo' } };
  return { id: `msg_conformance${Date.now()}`, type: envelope.type, sentAt: new Date(), body: JSON.stringify(envelope), envelope };
}

/**
 * The Transport contract against a real local endpoint: signs Standard
 * Webhooks (checked with the scheme's own `verify`), sends through
 * `ctx.dispatcher`, classifies 2xx / 5xx / 410 / 429 / redirects / timeouts,
 * never throws and never hangs past the target's timeout.
 */
export function transportRules(transport: Transport, schemes: readonly SignatureScheme[], bench: TransportBench): ConformanceRule[] {
  const byName = new Map(schemes.map((s) => [s.id, s]));
  const ctx: TransportContext = {
    logger: pino({ level: 'silent' }),
    secret: () => {
      throw new Error('the conformance kit passes secrets in the target');
    },
    dispatcher: bench.dispatcher,
    userAgent: 'lendwire/conformance',
    urlProblem: () => null,
    signatureScheme: (name) => {
      const scheme = byName.get(name);
      if (!scheme) throw new Error(`no signature scheme "${name}" (registered: ${[...byName.keys()].join(', ') || 'none'})`);
      return scheme;
    },
    lookup: (hostname, options, callback) => dnsLookup(hostname, options, callback),
    batches: noFileBatches,
  };
  const send = async (script: StandInScript, timeoutMs = TARGET_TIMEOUT_MS): Promise<TransportResult> => {
    bench.standIn.answer(script);
    const target = { id: 'conformance', url: `${bench.standIn.url}/hooks`, timeoutMs, signature: SIGNATURE, secrets: [SECRET], settings: {} };
    const sending = transport.send(message(), target, ctx);
    sending.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<'stuck'>((resolve) => (timer = setTimeout(() => resolve('stuck'), timeoutMs + STUCK_AFTER_MS)));
    let result: TransportResult | 'stuck';
    try {
      result = await Promise.race([sending, stuck]).finally(() => clearTimeout(timer));
    } catch (err) {
      throw new ConformanceFailure('send() classifies every failure, it never throws', { error: err });
    }
    expectRule(result !== 'stuck', `send() returns within ${timeoutMs + STUCK_AFTER_MS} ms (the target timeout is ${timeoutMs} ms)`, {});
    return result;
  };
  const received = () => bench.standIn.calls.find((c) => c.path === '/hooks');
  const got = (r: TransportResult) => ({ result: r, received: bench.standIn.calls.map((c) => ({ method: c.method, path: c.path })) });
  const rule = (index: number, check: () => Promise<void>): ConformanceRule => ({ name: TRANSPORT_RULE_NAMES[index], check });
  return [
    rule(0, async () => {
      const r = await send(() => ({ status: 200, body: 'ok' }));
      const call = received();
      expectRule(r.result === 'delivered', 'delivered', got(r));
      expectRule(call !== undefined, 'the request reached the endpoint', got(r));
      const scheme = byName.get(SIGNATURE);
      expectRule(scheme !== undefined, `a "${SIGNATURE}" signature scheme to verify with: bring it in transport.signatureSchemes or pass it in options.signatureSchemes`, {});
      expectRule(scheme.verify({ headers: call.headers as IncomingHttpHeaders, body: call.body }, [SECRET]), `the request verifies under the "${SIGNATURE}" scheme`, { headers: call.headers });
      expectRule(String(call.headers['content-type']).startsWith('application/json'), 'content-type is application/json', { headers: call.headers });
    }),
    rule(1, async () => {
      const before = bench.dispatcher.dispatched;
      const r = await send(() => ({ status: 204 }));
      expectRule(bench.dispatcher.dispatched > before, 'the request went through ctx.dispatcher', got(r));
    }),
    rule(2, async () => {
      const r = await send(() => ({ status: 503, body: 'down' }));
      expectRule(r.result === 'retryable' && r.code === 'E_HTTP_5XX' && r.statusCode === 503, 'retryable, code E_HTTP_5XX, statusCode 503', got(r));
    }),
    rule(3, async () => {
      const r = await send(() => ({ status: 410 }));
      expectRule(r.result === 'permanent' && r.disableTarget === true, 'permanent with disableTarget: true', got(r));
    }),
    rule(4, async () => {
      const r = await send(() => ({ status: 429, headers: { 'retry-after': '7' } }));
      expectRule((r.result === 'retryable' || r.result === 'rateLimited') && r.waitMs === 7000, 'retryable or rateLimited with waitMs 7000', got(r));
    }),
    rule(5, async () => {
      const r = await send((call) => (call.path === '/moved-here' ? { status: 200 } : { status: 307, headers: { location: '/moved-here' } }));
      expectRule(r.result !== 'delivered' && !bench.standIn.calls.some((c) => c.path === '/moved-here'), 'the redirect was not followed', got(r));
    }),
    rule(6, async () => {
      const started = Date.now();
      const r = await send(() => 'hang', HANG_TIMEOUT_MS);
      const elapsed = Date.now() - started;
      expectRule(r.result !== 'delivered' && 'code' in r && r.code === 'E_TIMEOUT', `E_TIMEOUT once the ${HANG_TIMEOUT_MS} ms target timeout passed`, { ...got(r), elapsedMs: elapsed });
    }),
  ];
}
