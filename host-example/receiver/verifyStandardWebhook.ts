import { createHmac, timingSafeEqual } from 'node:crypto';

export type Verification = { ok: true } | { ok: false; reason: string };

/** Tolerance for `webhook-timestamp`, as the Standard Webhooks libraries use. */
const TOLERANCE_SECONDS = 5 * 60;

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
}

/**
 * Verifies a Standard Webhooks request the way any receiver should: the
 * timestamp is recent, and one of the `v1,` signatures in `webhook-signature`
 * is the HMAC-SHA256 of `{id}.{timestamp}.{raw body}` (compared in constant time).
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
  const expected = createHmac('sha256', keyOf(secret)).update(`${headers.id}.${headers.timestamp}.${rawBody}`).digest();
  for (const part of headers.signature.split(' ')) {
    const [version, value] = part.split(',', 2);
    if (version !== 'v1' || !value) continue;
    const given = Buffer.from(value, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: 'no valid v1 signature' };
}
