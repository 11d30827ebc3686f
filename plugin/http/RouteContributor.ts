import type { Router } from 'express';
import type { HotRoute } from './hotRoutes.js';

/** A feature's HTTP routes, added to the plugin's router in `order` (lower first). */
export interface RouteContributor {
  readonly order?: number;
  /** Routes answered before the plugin's router is walked (see withHotRoutes); they are on the router too. */
  readonly hotRoutes?: HotRoute[];
  mount?(router: Router): void;
}
