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
  /**
   * Customer journeys lendwire opens with the broker (POST {submission.url}/sessions).
   */
  options?: {
    /**
     * The retailer id the broker knows this dealer group by (default: the application's dealer id).
     */
    retailerId?: string;
    /**
     * The SMS sent with the customer link: {{firstName}}, {{lastName}}, {{retailerName}}, {{url}} (default: the adapter's template).
     */
    smsTemplate?: string;
    /**
     * The retailer's name for {{retailerName}} (default: callbacks.retailerName, then the lender name).
     */
    retailerName?: string;
  };
  credentials?: {
    /**
     * Sent as a bearer token when lendwire opens or looks up sessions.
     */
    apiKey?: SecretRef;
  };
}
