import type { Application, NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { captureRawBody } from './rawBody.js';

interface Layer {
  name?: string;
}
interface RouterLike {
  stack?: Layer[];
}
type HostApp = Application & { _router?: RouterLike; router?: RouterLike };

/**
 * When the plugin is mounted, put a tiny raw-body reader at the front of the
 * host's middleware stack for the plugin's raw routes (callbacks), so a global
 * `express.json()` the host mounted earlier cannot consume those bodies first.
 */
export function installEarlyRawCapture(parent: HostApp, mountpath: string, prefixes: string[], logger: Logger): void {
  if (!prefixes.length) return;
  const base = mountpath === '/' ? '' : mountpath.replace(/\/$/, '');
  const watched = prefixes.map((p) => base + p);
  const earlyRawCapture = (req: Request, _res: Response, next: NextFunction): void => {
    const url = req.originalUrl ?? req.url;
    if (req.method === 'POST' && watched.some((p) => url.startsWith(p))) {
      captureRawBody(req).then(() => next(), next);
      return;
    }
    next();
  };
  parent.use(earlyRawCapture);
  const stack = (parent._router ?? parent.router)?.stack;
  if (!Array.isArray(stack)) {
    logger.warn('could not reach the host router stack; callbacks need lendwire.router mounted before any global body parser');
    return;
  }
  const layer = stack.pop() as Layer;
  // Keep Express 4's own init layers ("query", "expressInit") first.
  let at = 0;
  while (at < stack.length && (stack[at].name === 'query' || stack[at].name === 'expressInit')) at++;
  stack.splice(at, 0, layer);
}
