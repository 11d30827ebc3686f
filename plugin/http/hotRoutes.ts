import type { Application, NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * A route the plugin answers as soon as its sub-application is handed the
 * request: the path is a fixed prefix and one parameter (`/callbacks/:lenderId`).
 * The same handler is also on the plugin's router, which answers every other
 * shape of the path (a trailing slash, say) exactly as before.
 */
export interface HotRoute {
  /** POST only: a GET would read the query, and its parser is an application setting. */
  method: 'POST';
  /** A fixed prefix ending in `/` and one `:parameter`: `/callbacks/:lenderId`. */
  path: string;
  handler: (req: Request, res: Response) => Promise<void>;
}

interface CompiledHotRoute {
  method: string;
  prefix: string;
  param: string;
  path: string;
  handler: HotRoute['handler'];
}

const HOT_PATH = /^(\/(?:[A-Za-z0-9_-]+\/)+):([A-Za-z][A-Za-z0-9_]*)$/;

function compile(route: HotRoute): CompiledHotRoute {
  const shape = HOT_PATH.exec(route.path);
  if (!shape) throw new Error(`A hot route's path is a fixed prefix and one parameter, like /callbacks/:lenderId, not ${route.path}`);
  return { method: route.method, prefix: shape[1], param: shape[2], path: route.path, handler: route.handler };
}

/** The one segment after the prefix, before any query string; undefined for any other shape (empty, more segments). */
function segmentAfter(url: string, prefix: string): string | undefined {
  if (!url.startsWith(prefix)) return undefined;
  const end = url.indexOf('?', prefix.length);
  const segment = end < 0 ? url.slice(prefix.length) : url.slice(prefix.length, end);
  return segment && !segment.includes('/') ? segment : undefined;
}

export interface HotDispatchOptions {
  routes: HotRoute[];
  /** The middleware every request of the plugin goes through first (request context, target checks, deadline). */
  preamble: RequestHandler;
  /** The plugin's one problem writer. */
  send: (err: unknown, req: Request, res: Response) => void;
}

/**
 * Serves the hot routes without Express' per-application set-up: mounted as a
 * sub-application, every request would have the prototypes of `req` and `res`
 * switched to the sub-application's and walk its router. On the callback
 * route that was about a tenth of the process' CPU per request (the switched
 * prototypes also make every later property read on them slower;
 * docs/performance.md). The request keeps the host's prototypes, so nothing
 * in a hot route may read the sub-application's settings (`req.ip`,
 * `req.protocol`, `req.query`'s parser, `res.send`'s ETag): they would be the host's.
 */
export function withHotRoutes(app: Application, { routes, preamble, send }: HotDispatchOptions): void {
  const compiled = routes.map(compile);
  if (!compiled.length) return;
  const target = app as unknown as { handle(req: Request, res: Response, done?: NextFunction): void };
  const handle = target.handle.bind(app);
  target.handle = (req, res, done) => {
    for (const route of compiled) {
      if (req.method !== route.method) continue;
      const segment = segmentAfter(req.url, route.prefix);
      if (segment === undefined) continue;
      preamble(req, res, (err?: unknown) => {
        if (err) return send(err, req, res);
        // The preamble checked that every segment decodes (a 404 otherwise), as the router's own decoding would.
        req.params = { [route.param]: decodeURIComponent(segment) };
        // What the router would set: the span of the request is named after it (traceRequests).
        (req as { route?: unknown }).route = { path: route.path };
        route.handler(req, res).catch((e: unknown) => send(e, req, res));
      });
      return;
    }
    handle(req, res, done);
  };
}
