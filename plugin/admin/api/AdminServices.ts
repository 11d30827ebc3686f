import type { Knex } from 'knex';
import type { AuthHook } from '../../http/auth.js';
import type { Clock } from '../../kernel/Clock.js';
import type { Sealer } from '../../security/Sealer.js';
import type { DeliveryService } from '../../delivery/DeliveryService.js';
import type { SubscriptionService } from '../../webhooks/SubscriptionService.js';
import type { CallbackReviewApi } from '../../callbacks/CallbackReview.js';
import type { ApplicationService } from '../../applications/ApplicationService.js';
import type { CrmTargetService } from '../../crm/CrmTargetService.js';

/** What the admin API reads from and acts through (the other features' run-time APIs). */
export interface AdminServices {
  knex: Knex;
  schema: string;
  auth: AuthHook;
  clock: Clock;
  sealer: Sealer;
  deliveries: DeliveryService;
  subscriptions: SubscriptionService;
  callbacks: CallbackReviewApi;
  applications: ApplicationService;
  crmTargets: CrmTargetService;
}
