import { CountingAgent } from '../CountingAgent.js';
import { LocalStandIn } from '../LocalStandIn.js';
import { registerConformanceRules, type ConformanceSuite } from '../registerConformanceRules.js';
import type { CrmConformanceOptions } from './CrmConformanceOptions.js';
import { CRM_RULE_NAMES, crmRules } from './crmRules.js';

/** The CRM kit as a suite: one local stand-in replaying the recorded routes, one counting dispatcher. */
export function crmConformanceSuite(options: CrmConformanceOptions): ConformanceSuite {
  const standIn = new LocalStandIn();
  const dispatcher = new CountingAgent();
  return {
    names: CRM_RULE_NAMES,
    async start() {
      await standIn.start();
      const crm = options.pointAt ? options.pointAt(options.crm, standIn.url) : { ...options.crm, baseUrl: standIn.url };
      return crmRules(options, { standIn, dispatcher, crm });
    },
    async stop() {
      await standIn.stop();
      await dispatcher.close().catch(() => undefined);
    },
  };
}

/**
 * Registers the CRM adapter contract as tests, one per rule:
 * `describeCrmAdapterConformance({ adapter, crm, secrets, operation, fixtures: { routes } })`.
 * See docs/sdk.md.
 */
export function describeCrmAdapterConformance(options: CrmConformanceOptions): void {
  registerConformanceRules(`CRM adapter "${options.adapter.id}" keeps the CrmAdapter contract`, crmConformanceSuite(options), options.runner);
}
