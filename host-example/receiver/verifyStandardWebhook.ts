import { standardWebhooksScheme } from '../../adapters/index.js';

export type Verification = { ok: true } | { ok: false; reason: string };

/** Tolerance for `webhook-timestamp`, as the Standard Webhooks libraries use. */
const TOLERANCE_SECONDS = 5 * 60;

/**
 * Verifies a Standard Webhooks request the way any receiver should: the
 * timestamp is recent, and one of the `v1,` signatures in `webhook-signature`
 * is the HMAC-SHA256 of `{id}.{timestamp}.{raw body}` (the scheme's own
 * `verify`, compared in constant time).
 */
export function verifyStandardWebhook(
  secret: string,
  headers: { id?: string; timestamp?: string; signature?: string },
  rawBody: string,
  now: Date = new Date(),
): Verification {
  if (!headers.id || !headers.timestamp || !headers.signature) return { ok: false, reason: 'missing webhook-id, webhook-timestamp or webhook-signature' };
  const ts = Number(headers.timestamp);
  if (!Number.isInteger(ts)) return { ok: false, reason: 'webhook-timestamp is not a number' };
  const age = Math.floor(now.getTime() / 1000) - ts;
  if (age > TOLERANCE_SECONDS) return { ok: false, reason: 'webhook-timestamp is too old' };
  if (age < -TOLERANCE_SECONDS) return { ok: false, reason: 'webhook-timestamp is in the future' };
  const request = { headers: { 'webhook-id': headers.id, 'webhook-timestamp': headers.timestamp, 'webhook-signature': headers.signature }, body: rawBody };
  return standardWebhooksScheme.verify(request, [secret]) ? { ok: true } : { ok: false, reason: 'no valid v1 signature' };
}
