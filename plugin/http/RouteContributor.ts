import type { Router } from 'express';

/** A feature's HTTP routes, added to the plugin's router in `order` (lower first). */
export interface RouteContributor {
  readonly order?: number;
  mount(router: Router): void;
}
