import type { Dispatcher } from 'undici';
import { createOutboundDispatcher } from '../createOutboundDispatcher.js';
import { TRUSTED_ENDPOINTS } from '../trustedEndpoints.js';

let shared: Dispatcher | undefined;

/**
 * The kit dispatcher crmFetch uses when a request names none (an adapter
 * written before CrmSyncContext carried `dispatcher`): one per process, no
 * address guard (TRUSTED_ENDPOINTS), never closed; undici lets its idle
 * connections go without holding the process open. The core's own adapters
 * pass `ctx.dispatcher`, which is closed when lendwire stops.
 */
export function defaultCrmDispatcher(): Dispatcher {
  shared ??= createOutboundDispatcher({ policy: TRUSTED_ENDPOINTS });
  return shared;
}
