import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DependencyTimeoutError } from '../errors/LendwireError.js';
import { SlotList } from '../kernel/SlotList.js';

const PENDING = Symbol('lendwire.requestDeadline');

/** A request the deadline watches until it is answered. */
interface Watched {
  res: Response;
  req: Request;
  /** When the request may be cut short if a dependency is down (ms since the epoch). */
  due: number;
  /** Created only when someone asks (requestAbandoned): most requests never need one. */
  controller?: AbortController;
  /** Answered 503 by the deadline. */
  abandoned: boolean;
  /** Where it is in the watch list (SlotList). */
  slot: number;
}
type WithWatch = Request & { [PENDING]?: Watched };

/**
 * Aborted once the request was answered 503 by the outage deadline: work that
 * is still running for it must not commit a write the caller was told failed
 * (it would retry, and e.g. an application would reach the lender twice).
 */
export function requestAbandoned(req: Request): AbortSignal | undefined {
  const watched = (req as WithWatch)[PENDING];
  if (!watched) return undefined;
  if (!watched.controller) {
    watched.controller = new AbortController();
    if (watched.abandoned) watched.controller.abort();
  }
  return watched.controller.signal;
}

/** How often the watched requests are looked at (a request past its deadline is looked at again each time: a dependency may fail mid-request). */
const SWEEP_MS = 100;

export interface OutageDeadlineOptions {
  /** How long a request may run before an outage cuts it short (0 = never). */
  deadlineMs: number;
  /** The dependency that looks down right now, or undefined. */
  outage: () => string | undefined;
  /** Sends the 503 (the router's one problem writer). */
  send: (err: unknown, req: Request, res: Response) => void;
}

/** The response is sent or its connection is gone: nothing left to cut short. */
const over = (res: Response): boolean => res.headersSent || res.writableEnded || res.destroyed || Boolean(res.socket?.destroyed);

/**
 * Every request is answered within the deadline while a dependency is down,
 * even when the host's pool or Redis client would let it wait for a minute
 * (knex' acquireConnectionTimeout defaults to 60 s, pg's connectionTimeoutMillis
 * to none, ioredis retries a command 20 times). A request past the deadline is
 * answered 503 + Retry-After only if a dependency looks down; a slow request
 * on healthy dependencies runs to its end. The work goes on, but writes check
 * requestAbandoned(req) before they commit, so a 503 means nothing was stored.
 *
 * One timer per router looks at the requests in flight every 100 ms (only while
 * there are some), instead of a timer, two listeners and an AbortController per
 * request: on the callback route those were a measurable share of the CPU per
 * request (docs/performance.md). A request leaves the watch list when its
 * response closes.
 */
export function outageDeadline({ deadlineMs, outage, send }: OutageDeadlineOptions): RequestHandler {
  // Not a Set: one add and one delete per request made V8 promote the requests in flight (SlotList).
  const watched = new SlotList<Watched>();
  let timer: NodeJS.Timeout | undefined;
  const sweep = (): void => {
    const now = Date.now();
    let down: string | undefined | null = null;
    watched.forEach((w, slot) => {
      if (over(w.res)) {
        watched.remove(slot, w);
        return;
      }
      if (now < w.due) return;
      down = down === null ? outage() : down;
      if (!down) return;
      watched.remove(slot, w);
      w.abandoned = true;
      w.controller?.abort();
      send(new DependencyTimeoutError(`${down} is unavailable; the request got no answer within ${deadlineMs} ms`), w.req, w.res);
    });
    if (!watched.size) {
      clearInterval(timer);
      timer = undefined;
    }
  };
  function forget(this: Response): void {
    const w = (this.req as WithWatch)[PENDING];
    if (w) watched.remove(w.slot, w);
  }
  return (req: Request, res: Response, next: NextFunction) => {
    if (deadlineMs <= 0) return next();
    const w: Watched = { req, res, due: Date.now() + deadlineMs, controller: undefined, abandoned: false, slot: -1 };
    (req as WithWatch)[PENDING] = w;
    w.slot = watched.add(w);
    // Forgotten as soon as the response is done: holding finished requests until the next sweep
    // kept them alive past young-generation collections (measured: more CPU than the timers saved).
    // One listener shared by every request: no closure, no once() wrapper per request.
    res.on('close', forget);
    if (!timer) {
      timer = setInterval(sweep, Math.min(SWEEP_MS, deadlineMs));
      timer.unref();
    }
    next();
  };
}
