import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DependencyTimeoutError } from '../errors/LendwireError.js';

const SIGNAL = Symbol('lendwire.requestAbandoned');
type WithSignal = Request & { [SIGNAL]?: AbortSignal };

/**
 * Aborted once the request was answered 503 by the outage deadline: work that
 * is still running for it must not commit a write the caller was told failed
 * (it would retry, and e.g. an application would reach the lender twice).
 */
export function requestAbandoned(req: Request): AbortSignal | undefined {
  return (req as WithSignal)[SIGNAL];
}

/** After the deadline, how often a still-running request looks again (a dependency may fail mid-request). */
const RECHECK_MS = 250;

export interface OutageDeadlineOptions {
  /** How long a request may run before an outage cuts it short (0 = never). */
  deadlineMs: number;
  /** The dependency that looks down right now, or undefined. */
  outage: () => string | undefined;
  /** Sends the 503 (the router's one problem writer). */
  send: (err: unknown, req: Request, res: Response) => void;
}

/**
 * Every request is answered within the deadline while a dependency is down,
 * even when the host's pool or Redis client would let it wait for a minute
 * (knex' acquireConnectionTimeout defaults to 60 s, pg's connectionTimeoutMillis
 * to none, ioredis retries a command 20 times). A request past the deadline is
 * answered 503 + Retry-After only if a dependency looks down; a slow request
 * on healthy dependencies runs to its end. The work goes on, but writes check
 * requestAbandoned(req) before they commit, so a 503 means nothing was stored.
 */
export function outageDeadline({ deadlineMs, outage, send }: OutageDeadlineOptions): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (deadlineMs <= 0) return next();
    const abandoned = new AbortController();
    (req as WithSignal)[SIGNAL] = abandoned.signal;
    let timer: NodeJS.Timeout | undefined;
    const look = () => {
      if (res.headersSent) return;
      const down = outage();
      if (down) {
        abandoned.abort();
        send(new DependencyTimeoutError(`${down} is unavailable; the request got no answer within ${deadlineMs} ms`), req, res);
        return;
      }
      timer = setTimeout(look, RECHECK_MS);
    };
    timer = setTimeout(look, deadlineMs);
    res.on('close', () => clearTimeout(timer));
    res.on('finish', () => clearTimeout(timer));
    next();
  };
}
