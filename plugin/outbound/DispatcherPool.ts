import type { Dispatcher } from 'undici';
import type { Startable } from '../kernel/lifecycle.js';

/**
 * Kit dispatchers kept by key (one per lender, one per CRM target), each built
 * once on first use, and closed together when lendwire stops (it is a
 * Startable). Closing is graceful: requests in flight finish, then their
 * connections are released; stop does not wait for them (the queues' bounded
 * drain does). A request made after stop (a job the queue is still draining)
 * gets a freshly built dispatcher rather than a refusal, so stopping never
 * fails a request that could have been sent.
 */
export class DispatcherPool implements Startable {
  private readonly dispatchers = new Map<string, Dispatcher>();

  constructor(readonly name: string) {}

  /** The dispatcher for `key`, built by `build` the first time. */
  get(key: string, build: () => Dispatcher): Dispatcher {
    let dispatcher = this.dispatchers.get(key);
    if (!dispatcher) {
      dispatcher = build();
      this.dispatchers.set(key, dispatcher);
    }
    return dispatcher;
  }

  async start(): Promise<void> {}

  /** Closes every dispatcher (requests in flight finish first) and forgets them; resolves at once. */
  async stop(): Promise<void> {
    const closing = [...this.dispatchers.values()];
    this.dispatchers.clear();
    void Promise.allSettled(closing.map((d) => d.close()));
  }
}
