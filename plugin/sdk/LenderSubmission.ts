import type { AdapterContext } from './AdapterContext.js';
import type { LenderConfig } from '../manifest/Manifest.js';

/** Submission side of a lender adapter (see issue 3 for the full contract). */
export interface LenderSubmission {
  submit(request: unknown, lender: LenderConfig, ctx: AdapterContext): Promise<unknown>;
}
