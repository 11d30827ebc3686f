import type { Request, Response, Router } from 'express';
import { inject, injectable } from 'inversify';
import type { RouteContributor } from '../http/RouteContributor.js';
import type { CallbackIngest } from './CallbackIngest.js';
import { CALLBACKS_TOKENS } from './tokens.js';

/** The public callback endpoint; the router reads `/callbacks/*` bodies raw. */
@injectable()
export class CallbackRoutes implements RouteContributor {
  readonly order = 10;

  constructor(@inject(CALLBACKS_TOKENS.CallbackIngest) private readonly ingest: CallbackIngest) {}

  mount(router: Router): void {
    router.post('/callbacks/:lenderId', async (req: Request, res: Response) => {
      const answer = await this.ingest.handle(req, String(req.params.lenderId));
      // No ETag: an answer to a POST is never revalidated, and hashing every answer costs each callback.
      res.status(200).type('application/json').end(JSON.stringify(answer));
    });
  }
}
