import type { Dispatcher } from 'undici';
import type { LenderConfig } from '../manifest/Manifest.js';
import type { SecretResolver } from '../manifest/SecretResolver.js';
import { createOutboundDispatcher, type OutboundTls } from '../outbound/createOutboundDispatcher.js';
import { outboundTimeouts } from '../outbound/OutboundTimeouts.js';
import { TRUSTED_ENDPOINTS } from '../outbound/trustedEndpoints.js';

/**
 * The kit dispatcher for one lender: its mutual-TLS material (`submission.tls`
 * secrets), the connect phase of its timeout, and no address guard (the
 * manifest names the lender's URL: TRUSTED_ENDPOINTS). Connections are not
 * reused on purpose: a request written to a pooled socket the lender already
 * closed fails with a reset that looks like "sent, no answer", which would
 * park a perfectly retryable submission for review.
 */
export function createLenderDispatcher(lender: LenderConfig, secrets: SecretResolver, timeoutMs: number): Dispatcher {
  const tls = lender.submission?.tls;
  const material: OutboundTls = {
    ...(tls?.cert ? { cert: secrets.reveal(tls.cert) } : {}),
    ...(tls?.key ? { key: secrets.reveal(tls.key) } : {}),
    ...(tls?.ca ? { ca: secrets.reveal(tls.ca) } : {}),
    ...(tls?.passphrase ? { passphrase: secrets.reveal(tls.passphrase) } : {}),
  };
  return createOutboundDispatcher({ policy: TRUSTED_ENDPOINTS, tls: material, connectMs: outboundTimeouts(timeoutMs).connectMs, reuseConnections: false });
}

/** The lender HTTP itself lives in the outbound kit, where the conformance kit (plugin/testing) uses it too. */
export { createLenderHttp } from '../outbound/createLenderHttp.js';
