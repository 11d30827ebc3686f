import type { Dispatcher } from 'undici';
import type { AddressPolicy } from './AddressPolicy.js';
import { guardedLookup } from './guardedLookup.js';
import { MAX_CONNECT_MS } from './OutboundTimeouts.js';
import { TRUSTED_ENDPOINTS, type TrustedEndpoints } from './trustedEndpoints.js';
import { TracedAgent } from './TracedAgent.js';

/** TLS material for mutual TLS: PEM text, as a lender's `submission.tls` secrets reveal it. */
export interface OutboundTls {
  /** Client certificate chain presented to the server. */
  cert?: string;
  /** Private key of the client certificate. */
  key?: string;
  /** Passphrase of `key`. */
  passphrase?: string;
  /** CA(s) the server's certificate must chain to, instead of Node's default roots. */
  ca?: string;
}

export interface OutboundDispatcherOptions {
  /**
   * Which addresses a connection may reach: an AddressPolicy (the address
   * guard, checked at connect time) or TRUSTED_ENDPOINTS (no guard: the
   * manifest named the endpoint). Required, so every caller states its choice.
   */
  policy: AddressPolicy | TrustedEndpoints;
  /** Client certificate, key and CA for mutual TLS. */
  tls?: OutboundTls;
  /** Longest connect phase (TCP and TLS), default 10 s. */
  connectMs?: number;
  /** How long an idle pooled connection is kept, default 4 s. */
  keepAliveMs?: number;
  /**
   * false: one connection per request, closed after the answer. A request
   * written to a pooled connection the server already closed fails with a
   * reset that looks like "sent, no answer"; callers for whom that matters
   * (lender submissions, at most once) turn reuse off. Default true.
   */
  reuseConnections?: boolean;
}

/**
 * The kit's undici dispatcher: an Agent (TracedAgent) whose connections, under an
 * AddressPolicy, resolve names through the address guard (guardedLookup), so a
 * refused address fails the request with an `E_SSRF` error before any byte is
 * sent. Every request through it is traced (TracedAgent: a client span
 * and a W3C `traceparent`, once the host registers an OpenTelemetry SDK). Pass it as `dispatcher` to undici's `request`, to `outboundFetch`, or
 * to the global `fetch`. Close it when done.
 */
export function createOutboundDispatcher(options: OutboundDispatcherOptions): Dispatcher {
  const guard = options.policy === TRUSTED_ENDPOINTS ? {} : { lookup: guardedLookup(options.policy) };
  return new TracedAgent({
    connect: { timeout: options.connectMs ?? MAX_CONNECT_MS, ...guard, ...options.tls },
    keepAliveTimeout: options.keepAliveMs ?? 4_000,
    ...(options.reuseConnections === false ? { pipelining: 0 } : {}),
  });
}
