import type { AdapterContext } from './AdapterContext.js';
import type { LenderConfig } from '../manifest/Manifest.js';

/** Callback side of a lender adapter (see issue 4 for the full contract). */
export interface LenderCallbacks {
  authenticate(request: unknown, lender: LenderConfig, ctx: AdapterContext): unknown;
  parse(raw: unknown, lender: LenderConfig, ctx: AdapterContext): unknown;
}
