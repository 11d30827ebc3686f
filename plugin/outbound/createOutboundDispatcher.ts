import { Agent, type Dispatcher } from 'undici';
import type { AddressPolicy } from './AddressPolicy.js';
import { guardedLookup } from './guardedLookup.js';
import { MAX_CONNECT_MS } from './OutboundTimeouts.js';

export interface OutboundDispatcherOptions {
  /** The address guard: every address a connection would reach is checked at connect time. Omit for no guard. */
  policy?: AddressPolicy;
  /** Longest connect phase (TCP and TLS), default 10 s. */
  connectMs?: number;
  /** How long an idle pooled connection is kept, default 4 s. */
  keepAliveMs?: number;
}

/**
 * The kit's undici dispatcher: an Agent whose connections, when a policy is
 * given, resolve names through the address guard (guardedLookup), so a
 * refused address fails the request with an `E_SSRF` error before any byte is
 * sent. Pass it as `dispatcher` to undici's `request` / `fetch`.
 */
export function createOutboundDispatcher(options: OutboundDispatcherOptions = {}): Dispatcher {
  return new Agent({
    connect: { timeout: options.connectMs ?? MAX_CONNECT_MS, ...(options.policy ? { lookup: guardedLookup(options.policy) } : {}) },
    keepAliveTimeout: options.keepAliveMs ?? 4_000,
  });
}
