import type { AdapterContext } from './AdapterContext.js';
import type { CrmConfig } from '../manifest/Manifest.js';

/** A CRM integration (HubSpot, Salesforce, Pipedrive...). `id` is what `crm[].adapter` names. */
export interface CrmAdapter {
  readonly id: string;
  sync(operation: unknown, crm: CrmConfig, ctx: AdapterContext): Promise<unknown>;
}
