import express, { type Application, type NextFunction, type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import { correlation, requestLogger } from './requestContext.js';
import { toProblem, NotFoundError } from '../errors/index.js';
import { installEarlyRawCapture } from './earlyRawCapture.js';
import type { RouteContributor } from './RouteContributor.js';
import { checkRequestTarget } from './input/checkRequestTarget.js';
import { outageDeadline } from './outageDeadline.js';
import { traceRequests } from './traceRequests.js';
import { inSequence } from './inSequence.js';
import { withHotRoutes } from './hotRoutes.js';

export interface RouterOptions {
  logger: Logger;
  contributors: RouteContributor[];
  /** Path prefixes (inside the plugin) whose bodies must be read raw, e.g. "/callbacks/". */
  rawPrefixes: string[];
  /** Answer 503 after this long when a dependency is down (manifest runtime.requestDeadline). */
  deadlineMs?: number;
  /** The dependency that looks down right now, or undefined (see dependencyOutage). */
  outage?: () => string | undefined;
}

/** Sends an error as application/problem+json; the single error handler of the plugin. */
export function sendProblem(err: unknown, req: Request, res: Response): void {
  const { problem, headers } = toProblem(err);
  const log = (() => {
    try {
      return requestLogger(req);
    } catch {
      return undefined;
    }
  })();
  if (res.headersSent) {
    // Typically the outage deadline answered 503 first and the work failed (or finished) afterwards.
    log?.warn({ err }, 'request failed after its answer was sent');
    return;
  }
  if (problem.status === 503) log?.warn({ err }, 'request answered 503: a dependency is unavailable');
  else if (problem.status >= 500) log?.error({ err }, 'request failed');
  else log?.info({ status: problem.status, type: problem.type }, 'request refused');
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  // end(), not send(): no ETag for a problem, and nothing here reads the application's settings (hot routes run with the host's).
  res.status(problem.status).type('application/problem+json; charset=utf-8').end(JSON.stringify(problem));
}

/**
 * The plugin's HTTP surface as an Express sub-application: it carries its own
 * body parsers, settings and error handler, and nothing leaks into the host.
 */
export function createRouter({ logger, contributors, rawPrefixes, deadlineMs = 0, outage = () => undefined }: RouterOptions): Application {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  // Every request's preamble as one layer: each router layer costs a match and a hop through
  // Express' next() (most of the router's share of a callback's CPU).
  const preamble = inSequence(traceRequests(() => String(app.mountpath)), correlation(logger), checkRequestTarget, outageDeadline({ deadlineMs, outage, send: sendProblem }));
  app.use(preamble);
  // The contributors' routes go on the application's own router: no nested router to walk.
  const router = app.router as unknown as Router;
  const sorted = [...contributors].sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
  for (const c of sorted) {
    for (const hot of c.hotRoutes ?? []) router.post(hot.path, hot.handler);
    c.mount?.(router);
  }
  withHotRoutes(app, { routes: sorted.flatMap((c) => c.hotRoutes ?? []), preamble, send: sendProblem });
  app.use((req: Request, _res: Response, next: NextFunction) => next(new NotFoundError(`No lendwire route for ${req.method} ${req.path}`)));
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => sendProblem(err, req, res));
  app.on('mount', (parent: Application) => installEarlyRawCapture(parent, String(app.mountpath), rawPrefixes, logger));
  return app;
}
