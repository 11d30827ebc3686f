import express, { type Router } from 'express';
import type { RouteContributor } from '../../http/RouteContributor.js';
import type { AdminServices } from './AdminServices.js';
import { mountReadRoutes } from './readRoutes.js';
import { mountActionRoutes } from './actionRoutes.js';
import { mountSubscriptionRoutes } from './subscriptionRoutes.js';
import { mountReviewRoutes } from './reviewRoutes.js';
import { mountCrmTargetRoutes } from './crmTargetRoutes.js';

/** Where the admin API lives inside the plugin's router. */
export const ADMIN_API_PATH = '/admin/api';

/** The admin API under `/admin/api/`: every route checks the caller's role through the host's auth hook. */
export function adminRoutes(services: AdminServices): RouteContributor {
  return {
    order: 50,
    mount(router: Router) {
      const r = express.Router();
      // Admin answers describe people and money: never cached by a browser or proxy.
      r.use((_req, res, next) => {
        res.setHeader('cache-control', 'no-store');
        next();
      });
      mountReadRoutes(r, services);
      mountActionRoutes(r, services);
      mountSubscriptionRoutes(r, services);
      mountReviewRoutes(r, services);
      mountCrmTargetRoutes(r, services);
      router.use(ADMIN_API_PATH, r);
    },
  };
}
