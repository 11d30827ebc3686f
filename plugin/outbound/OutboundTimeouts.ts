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

/**
 * An AbortSignal that fires when the whole request is over its time. Its timer lives for the
 * whole `totalMs` even after the request ended: prefer `requestDeadline`, whose `clear()`
 * frees it when the request is over.
 */
export function deadlineSignal(timeouts: OutboundTimeouts): AbortSignal {
  return AbortSignal.timeout(timeouts.totalMs);
}

/** One request's deadline: the signal to pass to the request, and `clear()` for when it is over. */
export interface RequestDeadline {
  signal: AbortSignal;
  /** Stops the timer: call it once the request is over, whatever its outcome. */
  clear(): void;
}

/**
 * Like `deadlineSignal` (the same `TimeoutError` reason when the time is up), but the timer
 * goes when the request ends instead of `totalMs` later. An AbortSignal.timeout per request
 * kept a timer, its signal and their closures alive for the whole timeout (10 s or more) after
 * every answer: at 200 deliveries a second that was old-generation growth, and a mark-compact
 * every 15-20 s that stopped the deliveries in flight (docs/performance.md).
 */
export function requestDeadline(timeouts: OutboundTimeouts): RequestDeadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), timeouts.totalMs);
  // As AbortSignal.timeout's: a pending deadline never keeps the process alive.
  timer.unref();
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}
