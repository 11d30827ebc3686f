import type { Request } from 'express';

/** Who is calling, as the host's auth hook says. */
export interface Principal {
  userId: string;
  /** Dealers this principal may act for. */
  dealerIds: string[];
  /** e.g. "admin", "operator", "viewer", "dealer". */
  roles: string[];
  /** Fine-grained extras, e.g. "pii:reveal". */
  permissions?: string[];
}

/** The host's hook: returns the principal for a request, or null when unauthenticated. */
export type AuthHook = (req: Request) => Principal | null | Promise<Principal | null>;
