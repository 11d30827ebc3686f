/* Generated from subscriptionInput.schema.json by `npm run generate:types`: do not edit, change the schema and run it again. */

/**
 * A webhook subscription as the programmatic and admin APIs take it. A change (PATCH) takes the same fields, all optional, except id and secret.
 */
export interface SubscriptionInput {
  /**
   * Lowercase letters, digits, '-' and '_'; `sub_<ulid>` when omitted.
   */
  id?: string;
  /**
   * The subscriber endpoint: https (http only with security.allowInsecureHttp), no credentials, no private address.
   */
  url: string;
  /**
   * Event types; `*` matches one segment (`application.*`) or, alone, everything.
   *
   * @minItems 1
   * @maxItems 100
   */
  events: string[];
  /**
   * Name of a registered signature scheme (built in: standard-webhooks, the default, and broker).
   */
  signature?: string;
  /**
   * `whsec_` followed by the base64 of 24 to 64 random bytes; generated when omitted.
   */
  secret?: string;
  /**
   * Id of a registered transport (default webhook).
   */
  transport?: string;
  /**
   * Settings of the transport (sftp: username, password / privateKey secret references, hostKeySha256, pathTemplate), checked by the transport.
   */
  transportSettings?: {
    [k: string]: unknown;
  };
  rateLimit?: {
    perSecond: number;
    burst: number;
  };
  /**
   * Delays between attempts, e.g. ["1s", "1m", "1h"]; the default schedule when omitted.
   *
   * @maxItems 30
   */
  retrySchedule?: string[];
  timeoutMs?: number;
  enabled?: boolean;
}
