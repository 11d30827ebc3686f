import type { Request, Response } from 'express';
import { inject, injectable } from 'inversify';
import type { RouteContributor } from '../http/RouteContributor.js';
import type { HotRoute } from '../http/hotRoutes.js';
import type { CallbackIngest } from './CallbackIngest.js';
import { CALLBACKS_TOKENS } from './tokens.js';

/** The public callback endpoint, a hot route (the busiest of the plugin); the router reads `/callbacks/*` bodies raw. */
@injectable()
export class CallbackRoutes implements RouteContributor {
  readonly order = 10;
  readonly hotRoutes: HotRoute[];

  constructor(@inject(CALLBACKS_TOKENS.CallbackIngest) private readonly ingest: CallbackIngest) {
    this.hotRoutes = [{ method: 'POST', path: '/callbacks/:lenderId', handler: (req, res) => this.receive(req, res) }];
  }

  private async receive(req: Request, res: Response): Promise<void> {
    const answer = await this.ingest.handle(req, String(req.params.lenderId));
    // No ETag: an answer to a POST is never revalidated, and hashing every answer costs each callback.
    res.status(200).type('application/json').end(JSON.stringify(answer));
  }
}
