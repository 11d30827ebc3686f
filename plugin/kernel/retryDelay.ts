/**
 * How long a failed attempt waits before the next one. The target's
 * `Retry-After` may only lengthen the scheduled wait (up to `capMs`), never
 * shorten it: an endpoint answering `503 Retry-After: 0` must not burn through
 * the whole schedule in milliseconds and be dead-lettered days early.
 */
export function retryDelayMs(scheduledMs: number, retryAfterMs: number | undefined, capMs: number): number {
  if (retryAfterMs === undefined || !(retryAfterMs > scheduledMs)) return scheduledMs;
  return Math.max(scheduledMs, Math.min(retryAfterMs, capMs));
}

/**
 * How long a rate-limited attempt (one that does not count as an attempt)
 * waits: the target's wait, at least `floorMs` so `429 Retry-After: 0` cannot
 * turn into a tight loop of requests, and at most `capMs`.
 */
export function rateLimitDelayMs(waitMs: number, floorMs: number, capMs: number): number {
  const wait = Number.isFinite(waitMs) ? waitMs : capMs;
  return Math.min(Math.max(wait, floorMs), Math.max(capMs, floorMs));
}
