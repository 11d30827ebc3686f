import type { Request, Response, Router } from 'express';
import type { RouteContributor } from '../http/RouteContributor.js';
import type { CallbackIngest } from './CallbackIngest.js';

/** The public callback endpoint; the router reads `/callbacks/*` bodies raw. */
export function callbackRoutes(ingest: CallbackIngest): RouteContributor {
  return {
    order: 10,
    mount(router: Router) {
      router.post('/callbacks/:lenderId', async (req: Request, res: Response) => {
        const answer = await ingest.handle(req, String(req.params.lenderId));
        res.status(200).json(answer);
      });
    },
  };
}
