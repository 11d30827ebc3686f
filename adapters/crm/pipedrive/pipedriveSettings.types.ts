/* Generated from pipedriveSettings.schema.json by `npm run generate:types`: do not edit, change the schema and run it again. */

import type {SecretRef} from '../../../plugin/index.js';

/**
 * The Pipedrive adapter's keys of a manifest CRM target (crm[] with adapter "pipedrive"; baseUrl is https://<company>.pipedrive.com).
 */
export interface PipedriveSettings {
  credentials?: {
    /**
     * A personal API token, sent as x-api-token (this or accessToken).
     */
    apiToken?: SecretRef;
    /**
     * An OAuth access token, sent as a bearer token (this or apiToken).
     */
    accessToken?: SecretRef;
  };
}
