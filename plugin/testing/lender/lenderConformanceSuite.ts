import { createOutboundDispatcher } from '../../outbound/createOutboundDispatcher.js';
import { TRUSTED_ENDPOINTS } from '../../outbound/trustedEndpoints.js';
import type { ConformanceRule } from '../ConformanceRule.js';
import { closedPortUrl, LocalStandIn } from '../LocalStandIn.js';
import type { ConformanceSuite } from '../registerConformanceRules.js';
import { callbackRuleNames, callbackRules } from './callbackRules.js';
import { pointAtStandIn, submissionRuleNames, submissionRules } from './submissionRules.js';
import type { LenderConformanceOptions } from './LenderConformanceOptions.js';

/**
 * The lender kit as a suite: the callback rules when the adapter has
 * `callbacks` (and the fixtures list callbacks), the submission and lookup
 * rules when it has `submission`; one local stand-in for the lender's API.
 * An adapter side without fixtures is a setup error, not a silent pass.
 */
export function lenderConformanceSuite(options: LenderConformanceOptions): ConformanceSuite {
  const { adapter, fixtures } = options;
  if (adapter.callbacks && !fixtures.callbacks) throw new Error(`lendwire/testing: adapter "${adapter.id}" has callbacks: give fixtures.callbacks (samples, sign, statuses)`);
  if (adapter.submission && !fixtures.submission) throw new Error(`lendwire/testing: adapter "${adapter.id}" has a submission: give fixtures.submission (accepted, rejected)`);
  if (adapter.submission?.lookup && !fixtures.lookup) throw new Error(`lendwire/testing: adapter "${adapter.id}" has a lookup: give fixtures.lookup (found, notFound)`);
  const withLookup = Boolean(adapter.submission?.lookup);
  const names = [...(adapter.callbacks ? callbackRuleNames(adapter.callbacks) : []), ...(adapter.submission ? submissionRuleNames(withLookup) : [])];
  const standIn = new LocalStandIn();
  const dispatcher = createOutboundDispatcher({ policy: TRUSTED_ENDPOINTS, reuseConnections: false });
  return {
    names,
    async start(): Promise<ConformanceRule[]> {
      await standIn.start();
      const lender = (options.pointAt ?? pointAtStandIn)(options.lender, standIn.url);
      return [
        ...(adapter.callbacks ? callbackRules(options, lender) : []),
        ...(adapter.submission ? submissionRules(options, { standIn, dispatcher, lender, closedUrl: await closedPortUrl() }) : []),
      ];
    },
    async stop() {
      await standIn.stop();
      await dispatcher.close().catch(() => undefined);
    },
  };
}
