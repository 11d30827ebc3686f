import type { CrmAdapter, CrmSyncOperation } from '../../sdk/CrmAdapter.js';
import type { CrmConfig } from '../../manifest/Manifest.js';
import type { TestRunner } from '../TestRunner.js';

/** What a recorded CRM API call is, for the ordering rules: the deal's upsert, a task's creation, anything else (token, searches). */
export type CrmCallRole = 'deal' | 'task' | 'other';

/**
 * One recorded answer of the CRM's API. `body` may hold `{{standIn}}`, replaced by the
 * stand-in's URL (e.g. Salesforce's `instance_url`).
 */
export interface CrmRoute {
  method: string;
  /** The request path (query excluded) matches this. */
  path: RegExp;
  role: CrmCallRole;
  answer: { status: number; headers?: Record<string, string>; body: string };
}

/** What `describeCrmAdapterConformance` needs. */
export interface CrmConformanceOptions {
  adapter: CrmAdapter;
  /** A manifest CRM target for the adapter, as the loader leaves it; the kit points it at the stand-in. */
  crm: CrmConfig;
  /** Secret values by reference name, for `ctx.secret`. */
  secrets: Readonly<Record<string, string>>;
  /** One operation as the mapping engine computes it (with a stage and at least one task, so ordering can be checked). */
  operation: CrmSyncOperation;
  fixtures: {
    /** The CRM's recorded answers to one successful sync of `operation`; the first route matching a request answers it. */
    routes: readonly CrmRoute[];
  };
  /** Points the target at the stand-in; default: `baseUrl` = the stand-in's URL. */
  pointAt?(crm: CrmConfig, standInUrl: string): CrmConfig;
  runner?: TestRunner;
}
