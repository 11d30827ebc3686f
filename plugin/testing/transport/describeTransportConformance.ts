import { registerConformanceRules } from '../registerConformanceRules.js';
import { transportConformanceSuite } from './transportConformanceSuite.js';
import type { TransportConformanceOptions } from './TransportConformanceOptions.js';

/**
 * Registers the Transport contract as tests, one per rule:
 * `describeTransportConformance({ transport, signatureSchemes })`. See docs/sdk.md.
 */
export function describeTransportConformance(options: TransportConformanceOptions): void {
  registerConformanceRules(`transport "${options.transport.id}" keeps the Transport contract`, transportConformanceSuite(options.transport, options), options.runner);
}
