/**
 * A one-hour sliding window per key, kept in this process' memory: the dealer
 * rate limit's stand-in while Redis is unreachable. Each process counts on its
 * own, so across N API processes a dealer may get up to N times its budget for
 * the length of the outage (documented in the README's failure table).
 */
export class LocalRateWindow {
  private readonly windows = new Map<string, number[]>();

  constructor(private readonly windowMs: number) {}

  /** Takes one unit for `key` if fewer than `limit` were taken in the window; else how long until one frees up. */
  take(key: string, limit: number, now = Date.now()): { allowed: true } | { allowed: false; waitMs: number } {
    const since = now - this.windowMs;
    const times = (this.windows.get(key) ?? []).filter((t) => t > since);
    if (times.length < limit) {
      times.push(now);
      this.windows.set(key, times);
      return { allowed: true };
    }
    this.windows.set(key, times);
    return { allowed: false, waitMs: times[0] + this.windowMs - now };
  }

  /** Forgets every window (Redis is back and counts again). */
  clear(): void {
    this.windows.clear();
  }
}
