/* Generated from salesforceSettings.schema.json by `npm run generate:types`: do not edit, change the schema and run it again. */

import type {SecretRef} from '../../../plugin/index.js';

/**
 * The Salesforce adapter's keys of a manifest CRM target (crm[] with adapter "salesforce"; baseUrl is the org's My Domain login URL, link.initialStage is required).
 */
export interface SalesforceSettings {
  credentials?: {
    /**
     * Consumer key of the connected app (OAuth 2.0 client-credentials flow; required).
     */
    clientId?: SecretRef;
    /**
     * Consumer secret of the connected app (required).
     */
    clientSecret?: SecretRef;
  };
  options?: {
    /**
     * REST API version, e.g. v62.0.
     */
    apiVersion?: string;
    /**
     * The object deals are kept in.
     */
    sobject?: string;
  };
}
