import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { Metrics } from '../../plugin/observability/Metrics.js';
import { parseManifest } from '../../plugin/index.js';
import { readCrmMapping } from '../../plugin/crm/CrmMapping.js';
import { mapEvent, type CrmEventSource } from '../../plugin/crm/mapEvent.js';
import { createOutboundDispatcher, TRUSTED_ENDPOINTS, type CrmConfig, type CrmSyncContext, type CrmSyncOperation, type SecretRef } from '../../plugin/index.js';
import { testManifest } from '../support/testManifest.js';

/** A recorded fixture under test/crm/fixtures. */
export function fixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

/** A CRM target as the manifest loader leaves it (schema defaults applied, cross-checks passed). */
export function crmTarget(entry: Record<string, unknown>): CrmConfig {
  return parseManifest(testManifest({ crm: [entry] })).crm[0];
}

/** The operation the mapping engine computes for a recorded event. */
export function operationFor(eventFixture: string, crm: CrmConfig): CrmSyncOperation {
  const result = mapEvent(fixture<CrmEventSource>(eventFixture), readCrmMapping(crm));
  if (result.kind !== 'operation') throw new Error(`expected an operation, got a skip: ${result.reason}`);
  return result.operation;
}

/** The kit dispatcher the adapter tests send through, as the core gives one to each CRM target. */
export const crmTestDispatcher = createOutboundDispatcher({ policy: TRUSTED_ENDPOINTS });

/** An adapter context whose secrets are `{ env: NAME }` refs looked up in `values`. */
export function syncContext(values: Record<string, string>, metrics = new Metrics(), timeoutMs = 2000): CrmSyncContext {
  return {
    logger: pino({ level: 'silent' }),
    secret(ref: SecretRef) {
      const name = 'env' in ref ? ref.env : ref.file;
      const value = values[name];
      if (value === undefined) throw new Error(`secret ${name} is not set`);
      return value;
    },
    timeoutMs,
    metrics,
    dispatcher: crmTestDispatcher,
  };
}
