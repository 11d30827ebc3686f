import type { ExtensionPoint } from '../kernel/ExtensionPoint.js';
import type { Transport } from '../sdk/Transport.js';
import type { SignatureScheme } from '../sdk/SignatureScheme.js';
import { registerSchemes } from '../webhooks/registerSchemes.js';

/** `lendwire.registerTransport`: the transport, then the signature schemes it brings. */
export function registerTransport(transport: Transport, transports: ExtensionPoint<Transport>, schemes: ExtensionPoint<SignatureScheme>): void {
  transports.register(transport);
  registerSchemes(schemes, transport.signatureSchemes ?? []);
}
