import type { Transport } from '../../sdk/Transport.js';
import type { SignatureScheme } from '../../sdk/SignatureScheme.js';
import type { TestRunner } from '../TestRunner.js';

/** Options of the transport kit. */
export interface ConformanceOptions {
  /** Signature schemes the transport signs with besides those it brings itself (e.g. `standardWebhooksScheme` from lendwire/adapters). */
  signatureSchemes?: readonly SignatureScheme[];
}

/** What `describeTransportConformance` needs. */
export interface TransportConformanceOptions extends ConformanceOptions {
  transport: Transport;
  runner?: TestRunner;
}
