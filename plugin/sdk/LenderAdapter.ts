import type { LenderSubmission } from './LenderSubmission.js';
import type { LenderCallbacks } from './LenderCallbacks.js';
import type { AdapterSettingsSchema } from './AdapterSettingsSchema.js';
import type { LenderConfig } from '../manifest/Manifest.js';
import type { FieldProblem } from '../errors/index.js';
import type { LenderJourneys } from './LenderJourneys.js';

/**
 * A lender integration. `id` is what the manifest's `lenders[].adapter` names;
 * one adapter serves any number of manifest lenders (each with its own URL and keys).
 * A lender that only sends webhooks implements `callbacks` alone; a broker that
 * opens customer journeys implements `journeys` (and `callbacks` for its outcomes).
 */
export interface LenderAdapter {
  readonly id: string;
  /** JSON Schema of the lender's `credentials`, `callbacks` and `options`, checked at start (see AdapterSettingsSchema). */
  readonly configSchema?: AdapterSettingsSchema;
  /**
   * Checks what a schema cannot say about an enabled manifest lender (settings
   * that depend on each other), at start, after its schema passed; paths are
   * relative to the lender, e.g. `/credentials/apiKey`.
   */
  checkConfig?(lender: LenderConfig): FieldProblem[];
  /** Sends applications to the lender's system (at most once, see LenderSubmission). */
  readonly submission?: LenderSubmission;
  /** Opens customer journeys with a broker (at most once, see LenderJourneys). */
  readonly journeys?: LenderJourneys;
  /** Authenticates and parses the lender's asynchronous callbacks. */
  readonly callbacks?: LenderCallbacks;
}
