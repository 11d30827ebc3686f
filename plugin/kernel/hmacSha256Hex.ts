import { createHmac } from 'node:crypto';

/** Lower-case hex HMAC-SHA256 of `body` under `secret` (the broker signature scheme). */
export function hmacSha256Hex(secret: string | Buffer, body: string | Buffer): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}
