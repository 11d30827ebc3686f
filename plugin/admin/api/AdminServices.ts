import type { Knex } from 'knex';
import type { AuthHook } from '../../http/auth.js';
import type { Clock } from '../../kernel/Clock.js';
import type { Sealer } from '../../security/Sealer.js';
import type { DeliveryService } from '../../delivery/DeliveryService.js';
import type { SubscriptionService } from '../../webhooks/SubscriptionService.js';
import type { CallbackReviewApi } from '../../callbacks/CallbackReview.js';
import type { ApplicationService } from '../../applications/ApplicationService.js';
import type { CrmTargetService } from '../../crm/CrmTargetService.js';
import { UnavailableError } from '../../errors/index.js';

/** What the admin API reads from and acts through (other features' run-time APIs, resolved lazily). */
export interface AdminServices {
  knex: Knex;
  schema: string;
  auth: AuthHook;
  clock: Clock;
  sealer: Sealer;
  deliveries: () => DeliveryService | undefined;
  subscriptions: () => SubscriptionService | undefined;
  callbacks: () => CallbackReviewApi | undefined;
  applications: () => ApplicationService | undefined;
  crmTargets: () => CrmTargetService | undefined;
}

/** A feature API, or a 503 naming what is missing in this installation. */
export function need<T>(get: () => T | undefined, what: string): T {
  const service = get();
  if (!service) throw new UnavailableError(`${what} is not available in this installation`);
  return service;
}
