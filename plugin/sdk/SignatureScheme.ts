import type { OutboundMessage } from './Transport.js';

/** What a scheme puts on the wire for one attempt: the headers it adds and the exact body to send. */
export interface SignedRequest {
  headers: Record<string, string>;
  body: string;
}

/** A request as its receiver got it: header names in lower case, the body as sent. */
export interface ReceivedRequest {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * How deliveries to a subscriber are signed (`subscriptions[].signature`).
 * lendwire ships `standard-webhooks` (the default) and `broker` with the
 * webhook transport; a host or partner adds its own with
 * `lendwire.registerSignatureScheme(...)` before `start()`.
 */
export interface SignatureScheme {
  /** The name subscriptions give in `signature`, e.g. "standard-webhooks". */
  readonly id: string;
  /**
   * Signs one attempt with every secret given (current first; during a
   * rotation the previous one too). May add to the body (the broker scheme
   * puts its delivery timestamp inside): send the body it returns.
   */
  sign(message: OutboundMessage, secrets: readonly string[]): SignedRequest;
  /** Whether a received request carries a valid signature under one of the secrets (receivers, tests, the conformance kit). */
  verify(request: ReceivedRequest, secrets: readonly string[]): boolean;
}

/** The name of a signature scheme: any registered scheme's id, checked against the registry where it is given. */
export type SignatureSchemeName = SignatureScheme['id'];
