import type { NextFunction, Request, Response, Router } from 'express';
import { inject, injectable } from 'inversify';
import { TOKENS } from '../kernel/tokens.js';
import type { Manifest } from '../manifest/Manifest.js';
import type { AuthHook } from '../http/auth.js';
import type { RouteContributor } from '../http/RouteContributor.js';
import { jsonBody } from '../http/jsonBody.js';
import { correlationId, requirePrincipal } from '../http/requestContext.js';
import type { ApplicationService, Caller } from './ApplicationService.js';
import { APPLICATIONS_TOKENS } from './tokens.js';
import { parseListQuery } from './listQuery.js';
import { NotAllowedError } from '../errors/index.js';
import { dealerScopeOf } from '../http/access/dealerScope.js';
import { requestAbandoned } from '../http/outageDeadline.js';

type Handler = (req: Request, res: Response) => Promise<void>;

/** Express 5 forwards rejected promises, but being explicit keeps the error path obvious. */
const handle = (fn: Handler) => (req: Request, res: Response, next: NextFunction) => fn(req, res).catch(next);

/** The dealer API: `POST /applications`, `GET /applications`, `GET /applications/:id`, `GET /applications/:id/timeline`. */
@injectable()
export class ApplicationRoutes implements RouteContributor {
  readonly order = 20;
  private readonly maxBodyBytes: number;

  constructor(
    @inject(APPLICATIONS_TOKENS.ApplicationService) private readonly service: ApplicationService,
    @inject(TOKENS.Auth) private readonly auth: AuthHook,
    @inject(TOKENS.Manifest) manifest: Manifest,
  ) {
    this.maxBodyBytes = manifest.security.maxBodyBytes;
  }

  private async caller(req: Request): Promise<Caller> {
    const principal = await requirePrincipal(req, this.auth);
    return { actor: principal.userId, dealerScope: dealerScopeOf(principal), correlationId: correlationId(req) };
  }

  mount(router: Router): void {
    const { service, auth } = this;
    const caller = (req: Request) => this.caller(req);
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
      jsonBody(this.maxBodyBytes),
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
    router.post(
      '/applications/:id/adverse-action-notice',
      handle(async (req, res) => {
        const principal = await requirePrincipal(req, auth);
        if (principal.roles.length > 0 && principal.roles.every((r) => r === 'viewer')) throw new NotAllowedError('Viewers cannot record adverse-action notices');
        res.json(await service.adverseActionSent(String(req.params.id), await caller(req)));
      }),
    );
    router.get(
      '/applications/:id/timeline',
      handle(async (req, res) => {
        res.json(await service.timeline(String(req.params.id), await caller(req)));
      }),
    );
  }
}
