/* Generated from hubspotSettings.schema.json by `npm run generate:types`: do not edit, change the schema and run it again. */

import type {SecretRef} from '../../../plugin/index.js';

/**
 * The HubSpot adapter's keys of a manifest CRM target (crm[] with adapter "hubspot"; baseUrl defaults to https://api.hubapi.com).
 */
export interface HubspotSettings {
  credentials?: {
    /**
     * A private-app or OAuth access token with crm.objects.deals.read/write (required).
     */
    accessToken?: SecretRef;
  };
}
