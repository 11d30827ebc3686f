import express, { type Router } from 'express';
import { inject, injectable } from 'inversify';
import type { Knex } from 'knex';
import { CALLBACKS_TOKENS } from '../../callbacks/tokens.js';
import { APPLICATIONS_TOKENS } from '../../applications/tokens.js';
import { TOKENS } from '../../kernel/tokens.js';
import type { LendwireConfig } from '../../kernel/LendwireConfig.js';
import type { Clock } from '../../kernel/Clock.js';
import type { AuthHook } from '../../http/auth.js';
import type { RouteContributor } from '../../http/RouteContributor.js';
import type { Sealer } from '../../security/Sealer.js';
import type { DeliveryService } from '../../delivery/DeliveryService.js';
import { DELIVERY_TOKENS } from '../../delivery/tokens.js';
import type { SubscriptionService } from '../../webhooks/SubscriptionService.js';
import { WEBHOOKS_TOKENS } from '../../webhooks/tokens.js';
import type { CrmTargetService } from '../../crm/CrmTargetService.js';
import { CRM_TOKENS } from '../../crm/tokens.js';
import type { CallbackReviewApi } from '../../callbacks/CallbackReview.js';
import type { ApplicationService } from '../../applications/ApplicationService.js';
import type { AdminServices } from './AdminServices.js';
import { mountReadRoutes } from './readRoutes.js';
import { mountActionRoutes } from './actionRoutes.js';
import { mountSubscriptionRoutes } from './subscriptionRoutes.js';
import { mountReviewRoutes } from './reviewRoutes.js';
import { mountCrmTargetRoutes } from './crmTargetRoutes.js';

/** Where the admin API lives inside the plugin's router. */
export const ADMIN_API_PATH = '/admin/api';

/** The admin API under `/admin/api/`: every route checks the caller's role through the host's auth hook. */
@injectable()
export class AdminRoutes implements RouteContributor {
  readonly order = 50;
  private readonly services: AdminServices;

  constructor(
    @inject(TOKENS.Knex) knex: Knex,
    @inject(TOKENS.Config) config: Pick<LendwireConfig, 'schema'>,
    @inject(TOKENS.Auth) auth: AuthHook,
    @inject(TOKENS.Clock) clock: Clock,
    @inject(TOKENS.Sealer) sealer: Sealer,
    @inject(DELIVERY_TOKENS.Deliveries) deliveries: DeliveryService,
    @inject(WEBHOOKS_TOKENS.Subscriptions) subscriptions: SubscriptionService,
    @inject(CALLBACKS_TOKENS.CallbackReview) callbacks: CallbackReviewApi,
    @inject(APPLICATIONS_TOKENS.ApplicationService) applications: ApplicationService,
    @inject(CRM_TOKENS.CrmTargets) crmTargets: CrmTargetService,
  ) {
    this.services = { knex, schema: config.schema, auth, clock, sealer, deliveries, subscriptions, callbacks, applications, crmTargets };
  }

  mount(router: Router): void {
    const r = express.Router();
    // Admin answers describe people and money: never cached by a browser or proxy.
    r.use((_req, res, next) => {
      res.setHeader('cache-control', 'no-store');
      next();
    });
    mountReadRoutes(r, this.services);
    mountActionRoutes(r, this.services);
    mountSubscriptionRoutes(r, this.services);
    mountReviewRoutes(r, this.services);
    mountCrmTargetRoutes(r, this.services);
    router.use(ADMIN_API_PATH, r);
  }
}
