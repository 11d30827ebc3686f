/* Generated from brokerSettings.schema.json by `npm run generate:types`: do not edit, change the schema and run it again. */

import type {SecretRef} from '../../../plugin/index.js';

/**
 * The broker adapter's keys of a manifest lender (lenders[] with adapter "broker").
 */
export interface BrokerSettings {
  callbacks?: {
    /**
     * The shared secret of the X-Broker-Signature HMAC; without it webhooks are refused.
     */
    secret?: SecretRef;
    /**
     * Signed webhooks whose deliveredAt is older than this are refused as replays.
     */
    maxAgeSeconds?: number;
    /**
     * The retailer's name for {{retailerName}} in SMS templates when the webhook does not carry it (default: the lender name).
     */
    retailerName?: string;
  };
}
