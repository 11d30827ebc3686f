/**
 * An endpoint counts as fast while its attempts take at most this long on
 * average (ms): with a cap of c slots one frees every FAST_MS / c ms or sooner.
 * A hanging endpoint (timeouts) is far above it.
 */
const FAST_MS = 250;
/** ...and while this process gave one of its slots back this recently (ms). */
const FRESH_MS = 1_000;
const MAX_ENDPOINTS = 10_000;

interface EndpointTurnover {
  averageMs: number;
  lastReleaseAt: number;
  waiters: (() => void)[];
}

/**
 * How fast each endpoint gives its in-flight slots back, seen from this
 * process. A delivery that finds a fast endpoint at its in-flight cap waits
 * here for the next slot (milliseconds away) instead of being parked and
 * fetched again; a slow or hanging endpoint is never waited for, so it cannot
 * hold the worker's other slots (the point of the cap).
 */
export class SlotTurnover {
  private readonly endpoints = new Map<string, EndpointTurnover>();

  /** `count` attempts to `endpoint` finished (their slots are free again), the last one after `durationMs`. */
  released(endpoint: string, count: number, durationMs: number): void {
    let e = this.endpoints.get(endpoint);
    if (!e) {
      if (this.endpoints.size >= MAX_ENDPOINTS) this.endpoints.clear();
      e = { averageMs: durationMs, lastReleaseAt: 0, waiters: [] };
      this.endpoints.set(endpoint, e);
    }
    e.averageMs = e.averageMs * 0.8 + durationMs * 0.2;
    e.lastReleaseAt = performance.now();
    for (const wake of e.waiters.splice(0, count)) wake();
  }

  /** True while the endpoint answers fast and keeps freeing slots in this process. */
  isFast(endpoint: string): boolean {
    const e = this.endpoints.get(endpoint);
    return e !== undefined && e.averageMs <= FAST_MS && performance.now() - e.lastReleaseAt <= FRESH_MS;
  }

  /** Resolves at the next local release for `endpoint`, or after `maxMs`. */
  next(endpoint: string, maxMs: number): Promise<void> {
    const e = this.endpoints.get(endpoint);
    if (!e) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        const i = e.waiters.indexOf(wake);
        if (i >= 0) e.waiters.splice(i, 1);
        resolve();
      }, maxMs);
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      e.waiters.push(wake);
    });
  }
}
