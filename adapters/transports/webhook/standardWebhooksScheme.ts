import { createHmac } from 'node:crypto';
import { constantTimeEqual, type ReceivedRequest, type SignatureScheme } from '../../../plugin/index.js';

/** The key bytes of a `whsec_<base64>` secret (a secret without the prefix is used as base64 too). */
export function standardWebhooksKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
}

/**
 * `webhook-signature` per Standard Webhooks: `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`,
 * one per secret, space-separated (two while a rotated-out secret is still valid).
 */
export function standardWebhooksSignature(secrets: readonly string[], id: string, timestampSeconds: number | string, body: string): string {
  return secrets
    .map((secret) => `v1,${createHmac('sha256', standardWebhooksKey(secret)).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`)
    .join(' ');
}

const header = (request: ReceivedRequest, name: string): string => {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(' ') : (value ?? '');
};

/**
 * Standard Webhooks (the default scheme): `webhook-id`, `webhook-timestamp`
 * (seconds) and `webhook-signature` headers over the body as given. `verify`
 * checks the signature only; how old a timestamp a receiver accepts is its own policy.
 */
export const standardWebhooksScheme: SignatureScheme = {
  id: 'standard-webhooks',
  sign(message, secrets) {
    const timestamp = Math.floor(message.sentAt.getTime() / 1000);
    const headers: Record<string, string> = { 'webhook-id': message.id, 'webhook-timestamp': String(timestamp) };
    if (secrets.length) headers['webhook-signature'] = standardWebhooksSignature(secrets, message.id, timestamp, message.body);
    return { headers, body: message.body };
  },
  verify(request, secrets) {
    const id = header(request, 'webhook-id');
    // Signed as sent: the header's own digits, not a re-formatted number.
    const timestamp = header(request, 'webhook-timestamp');
    if (!id || !/^\d+$/.test(timestamp)) return false;
    const presented = header(request, 'webhook-signature').split(' ').filter(Boolean);
    return secrets.some((secret) => {
      const expected = standardWebhooksSignature([secret], id, timestamp, request.body);
      return presented.some((p) => constantTimeEqual(p, expected));
    });
  },
};
