import type { LenderSubmission } from './LenderSubmission.js';
import type { LenderCallbacks } from './LenderCallbacks.js';

/**
 * A lender integration. `id` is what the manifest's `lenders[].adapter` names;
 * one adapter serves any number of manifest lenders (each with its own URL and keys).
 * A lender that only sends webhooks (a broker) implements `callbacks` alone.
 */
export interface LenderAdapter {
  readonly id: string;
  /** Sends applications to the lender's system (at most once, see LenderSubmission). */
  readonly submission?: LenderSubmission;
  /** Authenticates and parses the lender's asynchronous callbacks. */
  readonly callbacks?: LenderCallbacks;
}
