/**
 * Concurrent calls for the same key share one load: when a cache entry expires
 * under load, 50 deliveries in flight cost one query, not 50. `forget(key)`
 * detaches a load started before a write, so its (older) answer is not shared
 * with later callers.
 */
export class SingleFlight<T> {
  private readonly loads = new Map<string, Promise<T>>();

  run(key: string, load: () => Promise<T>): Promise<T> {
    let pending = this.loads.get(key);
    if (!pending) {
      pending = load().finally(() => {
        if (this.loads.get(key) === pending) this.loads.delete(key);
      });
      this.loads.set(key, pending);
    }
    return pending;
  }

  /** True while `promise` is still the current load for `key` (no forget() since it started). */
  isCurrent(key: string, promise: Promise<T>): boolean {
    return this.loads.get(key) === promise;
  }

  forget(key: string): void {
    this.loads.delete(key);
  }
}
