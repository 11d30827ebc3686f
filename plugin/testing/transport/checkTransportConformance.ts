import type { Transport } from '../../sdk/Transport.js';
import type { ConformanceResult } from '../ConformanceRule.js';
import { runConformanceRules } from '../runConformanceRules.js';
import { transportConformanceSuite } from './transportConformanceSuite.js';
import type { ConformanceOptions } from './TransportConformanceOptions.js';

/**
 * Runs the transport rules against real local HTTP endpoints and reports, rule
 * by rule, whether the transport keeps the Transport contract (see
 * transportRules). For a test framework, `describeTransportConformance`
 * registers the same rules as tests. Without one:
 * `expect((await checkTransportConformance(myTransport, { signatureSchemes: [standardWebhooksScheme] })).filter(r => !r.ok)).to.be.empty`.
 */
export async function checkTransportConformance(transport: Transport, options: ConformanceOptions = {}): Promise<ConformanceResult[]> {
  const suite = transportConformanceSuite(transport, options);
  try {
    return await runConformanceRules(await suite.start());
  } finally {
    await suite.stop();
  }
}
