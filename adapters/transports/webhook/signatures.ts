import { createHmac } from 'node:crypto';

/** The key bytes of a `whsec_<base64>` secret (a secret without the prefix is used as base64 too). */
export function standardWebhooksKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
}

/**
 * `webhook-signature` per Standard Webhooks: `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`,
 * one per secret, space-separated (two while a rotated-out secret is still valid).
 */
export function standardWebhooksSignature(secrets: readonly string[], id: string, timestampSeconds: number, body: string): string {
  return secrets
    .map((secret) => `v1,${createHmac('sha256', standardWebhooksKey(secret)).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`)
    .join(' ');
}

/** `X-Broker-Signature`: lowercase hex HMAC-SHA256 of the raw body under the shared secret string. */
export function brokerSignature(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}
