import type { Transport } from '../../sdk/Transport.js';
import { CountingAgent } from '../CountingAgent.js';
import { LocalStandIn } from '../LocalStandIn.js';
import type { ConformanceSuite } from '../registerConformanceRules.js';
import type { ConformanceOptions } from './TransportConformanceOptions.js';
import { TRANSPORT_RULE_NAMES, transportRules } from './transportRules.js';

/** The transport kit as a suite: one local endpoint, one counting dispatcher, the schemes the transport brings plus the options' ones. */
export function transportConformanceSuite(transport: Transport, options: ConformanceOptions = {}): ConformanceSuite {
  const standIn = new LocalStandIn();
  const dispatcher = new CountingAgent();
  return {
    names: TRANSPORT_RULE_NAMES,
    async start() {
      await standIn.start();
      return transportRules(transport, [...(transport.signatureSchemes ?? []), ...(options.signatureSchemes ?? [])], { standIn, dispatcher });
    },
    async stop() {
      await standIn.stop();
      await dispatcher.close().catch(() => undefined);
    },
  };
}
