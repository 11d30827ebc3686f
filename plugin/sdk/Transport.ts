import type { Dispatcher } from 'undici';
import type { LookupFunction } from '../outbound/guardedLookup.js';
import type { FileBatches } from './FileBatches.js';
import type { AdapterContext } from './AdapterContext.js';
import type { DeliveryOutcome } from './DeliveryOutcome.js';
import type { SignatureScheme, SignatureSchemeName } from './SignatureScheme.js';
import type { AdapterSettingsSchema } from './AdapterSettingsSchema.js';

/** One outbound event as a transport sends it. */
export interface OutboundMessage {
  /** `msg_<ulid>`: the `webhook-id`, the same on every retry and replay. */
  id: string;
  /** Event type, e.g. `application.status_changed`. */
  type: string;
  /** When this attempt is sent (the `webhook-timestamp`). */
  sentAt: Date;
  /** The body exactly as it must be sent and signed: `{"type","timestamp","data"}`. */
  body: string;
  /** The same envelope as an object, for schemes that add to it (the broker scheme's `deliveredAt`). */
  envelope: { type: string; timestamp: string; data: Record<string, unknown> };
}

/** The subscriber endpoint, with its secrets already revealed. */
export interface TransportTarget {
  /** Subscription id. */
  id: string;
  url: string;
  timeoutMs: number;
  /** The registered signature scheme to sign with: get it with `ctx.signatureScheme(target.signature)`. */
  signature: SignatureSchemeName;
  /** `whsec_<base64>` secrets, current first; during a rotation the previous one signs too. Empty when the subscription has none (file transports). */
  secrets: string[];
  /** The subscription's `transportSettings` as written (secret references unresolved: use `ctx.secret(ref)`); `{}` when it has none. */
  settings: Readonly<Record<string, unknown>>;
}

/** One problem of a subscription's transport configuration, at a JSON pointer inside the subscription (`/url`, `/transportSettings/hostKeySha256`). */
export interface TransportSettingsProblem {
  path: string;
  message: string;
}

/** What `Transport.checkSubscription` gets: the subscription as configured, and the address policy for its host. */
export interface TransportSubscription {
  url: string;
  settings: Readonly<Record<string, unknown>>;
  /** Whether the subscription has a signing secret. */
  hasSecret: boolean;
  /** Why the address guard refuses this host when it is an IP literal or `localhost` (null when allowed or a name, checked again at connect time). */
  hostProblem(host: string): string | null;
}

/** What the core hands a transport for one attempt. */
export interface TransportContext extends AdapterContext {
  /**
   * An undici dispatcher whose connections pass lendwire's SSRF guard (the
   * resolved address is checked at connect time). Every request must use it.
   */
  readonly dispatcher: Dispatcher;
  /** `lendwire/<version>`. */
  readonly userAgent: string;
  /** Why a URL may not be called (scheme, credentials, private address literal), or null. */
  urlProblem(url: string): string | null;
  /** The registered signature scheme of that name; throws a ConfigurationError listing the registered ones when there is none. */
  signatureScheme(name: SignatureSchemeName): SignatureScheme;
  /**
   * `dns.lookup` behind the same address guard as the dispatcher: transports that
   * open their own sockets (sftp) resolve through it, so a refused address is never
   * connected to (its error has code `E_SSRF`).
   */
  readonly lookup: LookupFunction;
  /** The subscription's durable batches, for transports that send many events as one file (batch-file). */
  readonly batches: FileBatches;
}

/** What one attempt ended with: the engine's outcome plus the attempt-log details. */
export type TransportResult = DeliveryOutcome & {
  /** Response headers worth keeping in the attempt log (e.g. retry-after). */
  responseHeaders?: Record<string, string>;
};

/**
 * Carries an outbound event to a subscriber (webhook; later sftp or file
 * batches). A transport classifies each attempt; it never retries or waits on
 * its own, and never throws for a delivery failure: the engine decides what
 * happens next. Error codes: the outbound kit's (classifyNetworkError: E_TIMEOUT,
 * E_DNS, E_CONNECT, E_RESET, E_TLS, E_SSRF, E_NETWORK), E_URL, E_HTTP_3XX,
 * E_HTTP_4XX, E_HTTP_5XX, E_RESPONSE.
 */
export interface Transport {
  /** What `subscriptions[].transport` names, e.g. "webhook". */
  readonly id: string;
  /** JSON Schema of a subscription's `options` for this transport, checked at start (see AdapterSettingsSchema). */
  readonly configSchema?: AdapterSettingsSchema;
  /** Signature schemes this transport brings; `registerTransport` registers them with it (once each, shared by every transport). */
  readonly signatureSchemes?: readonly SignatureScheme[];
  /**
   * Optional: checks a subscription's `url` and `transportSettings` for this
   * transport, at start (manifest) and on create / update (API). When present it
   * replaces the webhook rules (an http(s) URL, a required signing secret);
   * without it those rules apply. Paths are JSON pointers inside the subscription.
   */
  checkSubscription?(subscription: TransportSubscription): TransportSettingsProblem[];
  send(message: OutboundMessage, target: TransportTarget, ctx: TransportContext): Promise<TransportResult>;
}
