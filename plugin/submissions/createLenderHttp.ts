import type { Dispatcher } from 'undici';
import type { LenderConfig } from '../manifest/Manifest.js';
import type { LenderHttp, LenderHttpRequest, LenderHttpResult } from '../sdk/LenderSubmission.js';
import type { SecretResolver } from '../manifest/SecretResolver.js';
import { createOutboundDispatcher, type OutboundTls } from '../outbound/createOutboundDispatcher.js';
import { outboundFetch } from '../outbound/outboundFetch.js';
import { outboundTimeouts } from '../outbound/OutboundTimeouts.js';
import { TRUSTED_ENDPOINTS } from '../outbound/trustedEndpoints.js';

/** Bodies past this are cut: a lender answer is small, and it is only parsed and excerpted. */
const MAX_RESPONSE_BYTES = 256 * 1024;

/**
 * The kit dispatcher for one lender: its mutual-TLS material (`submission.tls`
 * secrets), the connect phase of its timeout, and no address guard (the
 * manifest names the lender's URL: TRUSTED_ENDPOINTS). Connections are not
 * reused on purpose: a request written to a pooled socket the lender already
 * closed fails with a reset that looks like "sent, no answer", which would
 * park a perfectly retryable submission for review.
 */
export function createLenderDispatcher(lender: LenderConfig, secrets: SecretResolver, timeoutMs: number): Dispatcher {
  const tls = lender.submission?.tls;
  const material: OutboundTls = {
    ...(tls?.cert ? { cert: secrets.reveal(tls.cert) } : {}),
    ...(tls?.key ? { key: secrets.reveal(tls.key) } : {}),
    ...(tls?.ca ? { ca: secrets.reveal(tls.ca) } : {}),
    ...(tls?.passphrase ? { passphrase: secrets.reveal(tls.passphrase) } : {}),
  };
  return createOutboundDispatcher({ policy: TRUSTED_ENDPOINTS, tls: material, connectMs: outboundTimeouts(timeoutMs).connectMs, reuseConnections: false });
}

/**
 * HTTP to a lender through the kit (outboundFetch): the lender's dispatcher
 * (asked for at each call, so a call after stop gets a fresh one), one
 * deadline for the whole call, the kit's classifier and a bounded body read.
 * "Not sent" only when no byte can have reached the lender; a timeout or a
 * break after sending is `no_answer`, never a failure to retry.
 */
export function createLenderHttp(dispatcher: () => Dispatcher, timeoutMs: number): LenderHttp {
  const timeouts = outboundTimeouts(timeoutMs);
  return {
    async send(req: LenderHttpRequest): Promise<LenderHttpResult> {
      const result = await outboundFetch(req, { dispatcher: dispatcher(), timeouts, maxBodyBytes: MAX_RESPONSE_BYTES });
      if (!result.ok) return { kind: result.kind, code: result.code, message: result.message, durationMs: result.durationMs };
      const headers: Record<string, string> = {};
      // Repeated headers (set-cookie) are joined, as node:http joined them.
      result.headers.forEach((value, name) => (headers[name] = name in headers ? `${headers[name]}, ${value}` : value));
      return { kind: 'response', status: result.status, headers, body: result.body.toString('utf8'), durationMs: result.durationMs };
    },
  };
}
