/* Generated from apptrakerSettings.schema.json by `npm run generate:types`: do not edit, change the schema and run it again. */

import type {SecretRef} from '../../../plugin/index.js';

/**
 * The appTRAKER adapter's keys of a manifest lender (lenders[] with adapter "apptraker").
 */
export interface ApptrakerSettings {
  credentials?: {
    /**
     * The key sent in X-API-KEY with each submission and lookup (required when submission.url is set).
     */
    apiKey?: SecretRef;
  };
  callbacks?: {
    /**
     * The key the lender sends in X-API-KEY on its callbacks (one per lender); without it callbacks are refused.
     */
    apiKey?: SecretRef;
  };
}
