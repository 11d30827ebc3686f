import type { Principal } from '../auth.js';
import { STAFF_ROLES } from './roles.js';

/** The dealers a caller may see and act for: a list, or `null` for every dealer. */
export type DealerScope = readonly string[] | null;

/**
 * The one scoping rule for every API (dealer API, admin API, timelines,
 * deliveries, dashboard): staff roles see every dealer; anyone else sees only
 * the dealers the host's auth hook listed. It fails closed: a principal
 * without `dealerIds`, or with an empty list, sees no dealer at all.
 */
export function dealerScopeOf(principal: Principal): DealerScope {
  if (principal.roles.some((r) => STAFF_ROLES.includes(r))) return null;
  return Array.isArray(principal.dealerIds) ? [...principal.dealerIds] : [];
}

/** Whether a scope includes this dealer (a missing dealer id is never in a limited scope). */
export function inDealerScope(scope: DealerScope, dealerId: string | null | undefined): boolean {
  return scope === null || (typeof dealerId === 'string' && scope.includes(dealerId));
}
