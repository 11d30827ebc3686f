import type { Request } from 'express';
import type { AuthHook, Principal } from '../../http/auth.js';
import { requirePrincipal } from '../../http/requestContext.js';
import { NotAllowedError } from '../../errors/index.js';
import { dealerScopeOf, inDealerScope, type DealerScope } from '../../http/access/dealerScope.js';

/**
 * What an admin-API route needs:
 *  - `read`: applications, timelines, deliveries (dealer users too, scoped to their dealers)
 *  - `opsRead`: overview, subscriptions, CRM targets, review queue, audit log (staff only)
 *  - `act`: replay deliveries, re-process callbacks, settle application reviews, resume CRM targets (admin, operator)
 *  - `manage`: create/change subscriptions, rotate secrets, send test events (admin)
 */
export type AdminCapability = 'read' | 'opsRead' | 'act' | 'manage';

const ROLES_FOR: Record<AdminCapability, readonly string[]> = {
  read: ['admin', 'operator', 'viewer', 'dealer'],
  opsRead: ['admin', 'operator', 'viewer'],
  act: ['admin', 'operator'],
  manage: ['admin'],
};

/** Revealing an unmasked SSN / DOB / income needs this permission on top of read access. */
export const PII_REVEAL_PERMISSION = 'pii:reveal';

export interface AdminCaller {
  principal: Principal;
  /** Dealers this caller may see, or null for every dealer (dealerScopeOf: the rule every API shares). */
  dealerScope: DealerScope;
  capabilities: AdminCapability[];
  canRevealPii: boolean;
}

export function describeCaller(principal: Principal): AdminCaller {
  const capabilities = (Object.keys(ROLES_FOR) as AdminCapability[]).filter((c) => principal.roles.some((r) => ROLES_FOR[c].includes(r)));
  return {
    principal,
    dealerScope: dealerScopeOf(principal),
    capabilities,
    canRevealPii: capabilities.includes('read') && (principal.permissions ?? []).includes(PII_REVEAL_PERMISSION),
  };
}

/**
 * 401 without a principal, 403 without the capability. Checked before any
 * lookup, so a refused caller learns nothing about whether a record exists.
 */
export async function requireCapability(req: Request, auth: AuthHook, capability: AdminCapability): Promise<AdminCaller> {
  const caller = describeCaller(await requirePrincipal(req, auth));
  if (!caller.capabilities.includes(capability)) {
    throw new NotAllowedError(`Requires one of the roles: ${ROLES_FOR[capability].join(', ')}`);
  }
  return caller;
}

export function requirePiiReveal(caller: AdminCaller): void {
  if (!caller.canRevealPii) throw new NotAllowedError(`Revealing unmasked personal data requires the "${PII_REVEAL_PERMISSION}" permission`);
}

/** Whether the caller may see things of this dealer. */
export function seesDealer(caller: AdminCaller, dealerId: string | null | undefined): boolean {
  return inDealerScope(caller.dealerScope, dealerId);
}
