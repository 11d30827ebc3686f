/**
 * The one timeout policy of an outbound request. Every caller configures a
 * single number (a lender's `submission.timeoutMs`, a CRM target's
 * `timeoutMs`, a subscription's `timeoutMs`): the whole request, from connect
 * to the last byte of the answer, must fit in it. The phases derive from it.
 */
export interface OutboundTimeouts {
  /** The whole request: connect, send, headers and body. */
  totalMs: number;
  /** Establishing the connection (TCP and TLS), at most 10 s and never more than the total. */
  connectMs: number;
  /** From the request written to the response headers (undici `headersTimeout`). */
  headersMs: number;
  /** Longest silence while the body arrives (undici `bodyTimeout`). */
  bodyMs: number;
}

/** Longest connect phase whatever the total (undici's own default). */
export const MAX_CONNECT_MS = 10_000;

/** The timeouts for a request that must finish within `totalMs`. */
export function outboundTimeouts(totalMs: number): OutboundTimeouts {
  return { totalMs, connectMs: Math.min(totalMs, MAX_CONNECT_MS), headersMs: totalMs, bodyMs: totalMs };
}

/** An AbortSignal that fires when the whole request is over its time. */
export function deadlineSignal(timeouts: OutboundTimeouts): AbortSignal {
  return AbortSignal.timeout(timeouts.totalMs);
}
