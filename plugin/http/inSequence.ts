import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Several middleware functions as one: each runs when the one before calls
 * next(); an error (passed to next or thrown) skips the rest and goes to the
 * router's error handling, as it would between separate layers. For
 * middleware that never uses next('route') / next('router').
 */
export function inSequence(...handlers: RequestHandler[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    let index = 0;
    const step = (err?: unknown): void => {
      if (err !== undefined && err !== null) return next(err);
      const handler = handlers[index++];
      if (!handler) return next();
      try {
        const result: unknown = handler(req, res, step);
        // As Express does for a layer: a rejected promise goes to next(err).
        if (result instanceof Promise) result.catch(next);
      } catch (thrown) {
        next(thrown);
      }
    };
    step();
  };
}
