import http from 'node:http';
import https from 'node:https';
import type { LenderConfig } from '../manifest/Manifest.js';
import type { LenderHttp, LenderHttpRequest, LenderHttpResult } from '../sdk/LenderSubmission.js';
import type { SecretResolver } from '../manifest/SecretResolver.js';
import { classifyNetworkError } from '../outbound/classifyNetworkError.js';
import { outboundTimeouts } from '../outbound/OutboundTimeouts.js';
import { readBoundedBody } from '../outbound/readBoundedBody.js';

/** Bodies past this are cut: a lender answer is small, and it is only parsed and excerpted. */
const MAX_RESPONSE_BYTES = 256 * 1024;

/**
 * The https.Agent for one lender, with its mutual-TLS material. keepAlive is off on
 * purpose: a request written to a pooled socket the lender already closed fails
 * with a reset that looks like "sent, no answer", which would park a perfectly
 * retryable submission for review.
 */
export function createLenderAgent(lender: LenderConfig, secrets: SecretResolver): https.Agent {
  const tls = lender.submission?.tls;
  return new https.Agent({
    keepAlive: false,
    ...(tls?.cert ? { cert: secrets.reveal(tls.cert) } : {}),
    ...(tls?.key ? { key: secrets.reveal(tls.key) } : {}),
    ...(tls?.ca ? { ca: secrets.reveal(tls.ca) } : {}),
    ...(tls?.passphrase ? { passphrase: secrets.reveal(tls.passphrase) } : {}),
  });
}

/**
 * HTTP to a lender with the outbound kit's timeout policy (one deadline for the
 * whole call), classifier and bounded body read. node:http(s) is used rather
 * than undici so the standard agent carries mTLS and nock can stand in for
 * vendors in tests.
 */
export function createLenderHttp(agent: https.Agent, timeoutMs: number): LenderHttp {
  const timeouts = outboundTimeouts(timeoutMs);
  return {
    send(req: LenderHttpRequest): Promise<LenderHttpResult> {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      let url: URL;
      try {
        url = new URL(req.url);
        if (url.protocol !== 'https:' && url.protocol !== 'http:') throw Object.assign(new Error(`unsupported protocol ${url.protocol}`), { code: 'ERR_INVALID_PROTOCOL' });
      } catch (err) {
        const code = (err as { code?: string }).code ?? 'ERR_INVALID_URL';
        return Promise.resolve({ ...classifyNetworkError(Object.assign(err as Error, { code })), durationMs: elapsed() } as LenderHttpResult);
      }
      return new Promise((resolve) => {
        let settled = false;
        const finish = (result: LenderHttpResult) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(result);
        };
        const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
        const headers: Record<string, string> = { ...(req.headers ?? {}) };
        if (body) headers['content-length'] = String(body.length);
        const client = url.protocol === 'https:' ? https : http;
        const request = client.request(url, { method: req.method, headers, agent: url.protocol === 'https:' ? agent : false }, (res) => {
          const flat: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(', ') : v;
          readBoundedBody(res, MAX_RESPONSE_BYTES).then(
            (bytes) => finish({ kind: 'response', status: res.statusCode ?? 0, headers: flat, body: bytes.toString('utf8'), durationMs: elapsed() }),
            // The request was sent and the answer broke off: whatever the cause, the lender may have it.
            (err) => finish({ ...classifyNetworkError(err), kind: 'no_answer', durationMs: elapsed() }),
          );
        });
        const timer = setTimeout(() => {
          finish({ kind: 'no_answer', code: 'E_TIMEOUT', message: `no answer within ${timeouts.totalMs} ms`, durationMs: elapsed() });
          request.destroy();
        }, timeouts.totalMs);
        request.on('error', (err) => finish({ ...classifyNetworkError(err), durationMs: elapsed() } as LenderHttpResult));
        request.end(body);
      });
    },
  };
}
