import type { NextFunction, Request, Response, Router } from 'express';
import type { AuthHook } from '../http/auth.js';
import type { RouteContributor } from '../http/RouteContributor.js';
import { jsonBody } from '../http/jsonBody.js';
import { correlationId, requirePrincipal } from '../http/requestContext.js';
import type { ApplicationService, Caller } from './ApplicationService.js';
import { parseListQuery } from './listQuery.js';
import { NotAllowedError } from '../errors/index.js';
import { dealerScopeOf } from '../http/access/dealerScope.js';
import { requestAbandoned } from '../http/outageDeadline.js';

type Handler = (req: Request, res: Response) => Promise<void>;

/** Express 5 forwards rejected promises, but being explicit keeps the error path obvious. */
const handle = (fn: Handler) => (req: Request, res: Response, next: NextFunction) => fn(req, res).catch(next);

/** The dealer API: `POST /applications`, `GET /applications`, `GET /applications/:id`, `GET /applications/:id/timeline`. */
export function applicationRoutes(service: ApplicationService, auth: AuthHook, maxBodyBytes: number): RouteContributor {
  const caller = async (req: Request): Promise<Caller> => {
    const principal = await requirePrincipal(req, auth);
    return { actor: principal.userId, dealerScope: dealerScopeOf(principal), correlationId: correlationId(req) };
  };
  return {
    order: 20,
    mount(router: Router) {
      router.post(
        '/applications',
        // Who is calling is checked before the body is even read; read-only users cannot submit.
        (req: Request, _res: Response, next: NextFunction) =>
          void requirePrincipal(req, auth)
            .then((p) => {
              if (p.roles.length > 0 && p.roles.every((r) => r === 'viewer')) throw new NotAllowedError('Viewers cannot submit applications');
              next();
            })
            .catch(next),
        jsonBody(maxBodyBytes),
        handle(async (req, res) => {
          const result = await service.submit(req.body, await caller(req), { idempotencyKey: req.get('idempotency-key') ?? undefined, abandoned: requestAbandoned(req) });
          if (result.replayed) res.setHeader('idempotent-replayed', 'true');
          res.setHeader('location', `${req.baseUrl}/applications/${String(result.body.id)}`);
          res.status(202).json(result.body);
        }),
      );
      router.get(
        '/applications',
        handle(async (req, res) => {
          res.json(await service.list(parseListQuery(req.query as Record<string, unknown>), await caller(req)));
        }),
      );
      router.get(
        '/applications/:id',
        handle(async (req, res) => {
          res.json(await service.get(String(req.params.id), await caller(req)));
        }),
      );
      router.get(
        '/applications/:id/timeline',
        handle(async (req, res) => {
          res.json(await service.timeline(String(req.params.id), await caller(req)));
        }),
      );
    },
  };
}
