import type { LenderSubmission } from './LenderSubmission.js';
import type { LenderCallbacks } from './LenderCallbacks.js';
import type { LenderJourneys } from './LenderJourneys.js';

/**
 * A lender integration. `id` is what the manifest's `lenders[].adapter` names;
 * one adapter serves any number of manifest lenders (each with its own URL and keys).
 * A lender that only sends webhooks implements `callbacks` alone; a broker that
 * opens customer journeys implements `journeys` (and `callbacks` for its outcomes).
 */
export interface LenderAdapter {
  readonly id: string;
  /** Sends applications to the lender's system (at most once, see LenderSubmission). */
  readonly submission?: LenderSubmission;
  /** Opens customer journeys with a broker (at most once, see LenderJourneys). */
  readonly journeys?: LenderJourneys;
  /** Authenticates and parses the lender's asynchronous callbacks. */
  readonly callbacks?: LenderCallbacks;
}
