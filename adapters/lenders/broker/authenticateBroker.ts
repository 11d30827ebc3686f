import {
  callbackAccepted,
  callbackRefused,
  constantTimeEqual,
  decodeJsonBody,
  hmacSha256Hex,
  type AdapterContext,
  type CallbackAuthentication,
  type InboundCallbackRequest,
  type LenderConfig,
  unstorableReason,
} from '../../../plugin/index.js';
import type { BrokerSettings } from './brokerSettings.types.js';
import settingsSchema from './brokerSettings.schema.json' with { type: 'json' };

/** How old a signed webhook may be when the manifest does not say: the `default` of `callbacks.maxAgeSeconds` in brokerSettings.schema.json. */
export const DEFAULT_MAX_AGE_SECONDS: number = settingsSchema.properties.callbacks.properties.maxAgeSeconds.default;

/** A delivery stamped further ahead than this is refused (allows for small clock differences). */
export const MAX_FUTURE_SKEW_MS = 30_000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Broker webhooks: `X-Broker-Signature` is the lower-case hex HMAC-SHA256 of
 * the exact body under the retailer's shared secret (`callbacks.secret`),
 * compared in constant time. Then replay defence: `deliveredAt` must be at most
 * `callbacks.maxAgeSeconds` (default 300) old and not in the future; the
 * delivery id dedupes retries; the session must be one of ours.
 */
export function authenticateBroker(request: InboundCallbackRequest, lender: LenderConfig, ctx: AdapterContext): CallbackAuthentication {
  const { callbacks } = lender as LenderConfig & BrokerSettings;
  const ref = callbacks?.secret;
  if (!ref) return callbackRefused(401, 'callbacks are not configured for this lender (no callbacks.secret)');
  const presented = (request.headers['x-broker-signature'] ?? '').trim().toLowerCase().replace(/^sha256=/, '');
  if (!presented) return callbackRefused(401, 'missing X-Broker-Signature header');
  if (!constantTimeEqual(presented, hmacSha256Hex(ctx.secret(ref), request.body))) return callbackRefused(401, 'invalid signature');

  const decoded = decodeJsonBody(request.body);
  // Signed but unreadable: stored and sent to review (it cannot be replayed to any effect).
  if (!decoded.ok || !isRecord(decoded.value)) return callbackAccepted();
  const body = decoded.value;

  const deliveredAt = typeof body.deliveredAt === 'string' ? Date.parse(body.deliveredAt) : NaN;
  if (Number.isNaN(deliveredAt)) return callbackRefused(401, 'deliveredAt is missing or not a timestamp');
  const maxAgeMs = (callbacks?.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS) * 1000;
  const now = request.receivedAt.getTime();
  if (now - deliveredAt > maxAgeMs) return callbackRefused(401, `deliveredAt is older than ${maxAgeMs / 1000} seconds`);
  if (deliveredAt - now > MAX_FUTURE_SKEW_MS) return callbackRefused(401, 'deliveredAt is in the future');

  const delivery = isRecord(body.delivery) ? body.delivery : {};
  // Signed text that can never be stored is refused for good (422), not left to fail as a 503 the broker would retry.
  const unstorable = (
    [
      ['/sessionId', body.sessionId],
      ['/delivery/id', delivery.id],
    ] as const
  ).flatMap(([path, v]) => {
    const reason = typeof v === 'string' ? unstorableReason(v) : null;
    return reason ? [{ path, message: reason }] : [];
  });
  if (unstorable.length) return callbackRefused(422, 'the webhook holds text that cannot be stored', unstorable);
  const dedupeKey = typeof delivery.id === 'string' && delivery.id.length <= 200 ? delivery.id : undefined;
  const sessionId = typeof body.sessionId === 'string' && body.sessionId.length <= 200 ? body.sessionId : undefined;
  return callbackAccepted({ ...(dedupeKey ? { dedupeKey } : {}), ...(sessionId ? { requireApplication: { lenderAppId: sessionId } } : {}) });
}
