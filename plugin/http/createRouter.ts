import express, { type Application, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { correlation, requestLogger } from './requestContext.js';
import { toProblem, NotFoundError } from './errors/index.js';
import { installEarlyRawCapture } from './earlyRawCapture.js';
import type { RouteContributor } from './RouteContributor.js';
import { checkRequestTarget } from './input/checkRequestTarget.js';

export interface RouterOptions {
  logger: Logger;
  contributors: RouteContributor[];
  /** Path prefixes (inside the plugin) whose bodies must be read raw, e.g. "/callbacks/". */
  rawPrefixes: string[];
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
  if (problem.status >= 500) log?.error({ err }, 'request failed');
  else log?.info({ status: problem.status, type: problem.type }, 'request refused');
  if (res.headersSent) return;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}

/**
 * The plugin's HTTP surface as an Express sub-application: it carries its own
 * body parsers, settings and error handler, and nothing leaks into the host.
 */
export function createRouter({ logger, contributors, rawPrefixes }: RouterOptions): Application {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(correlation(logger));
  app.use(checkRequestTarget);
  const routes = express.Router();
  for (const c of [...contributors].sort((a, b) => (a.order ?? 100) - (b.order ?? 100))) c.mount(routes);
  app.use(routes);
  app.use((req: Request, _res: Response, next: NextFunction) => next(new NotFoundError(`No lendwire route for ${req.method} ${req.path}`)));
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => sendProblem(err, req, res));
  app.on('mount', (parent: Application) => installEarlyRawCapture(parent, String(app.mountpath), rawPrefixes, logger));
  return app;
}
