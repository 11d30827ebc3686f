import type { Request } from 'express';

/**
 * Who is calling, as the host's auth hook says. The hook's answer is checked
 * (checkPrincipal): a malformed one is refused with 403, never guessed at.
 */
export interface Principal {
  userId: string;
  /** Dealers this principal may act for; absent or empty means none (staff roles see every dealer). */
  dealerIds: string[];
  /** Any of "admin", "operator", "viewer", "dealer" (an unknown role refuses the principal). */
  roles: string[];
  /** Fine-grained extras, e.g. "pii:reveal". */
  permissions?: string[];
}

/** The host's hook: returns the principal for a request, or null when unauthenticated. */
export type AuthHook = (req: Request) => Principal | null | Promise<Principal | null>;
