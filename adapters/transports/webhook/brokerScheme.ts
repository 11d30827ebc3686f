import { constantTimeEqual, hmacSha256Hex, type SignatureScheme } from '../../../plugin/index.js';

/**
 * The broker scheme: `X-Broker-Signature` is the lower-case hex HMAC-SHA256 of
 * the raw body under the shared secret string (the current one), and the
 * delivery timestamp travels inside the signed body as `deliveredAt`.
 */
export const brokerScheme: SignatureScheme = {
  id: 'broker',
  sign(message, secrets) {
    const body = JSON.stringify({ ...message.envelope, deliveredAt: message.sentAt.toISOString() });
    const headers: Record<string, string> = { 'x-broker-delivery-id': message.id };
    if (secrets.length) headers['x-broker-signature'] = hmacSha256Hex(secrets[0], body);
    return { headers, body };
  },
  verify(request, secrets) {
    const presented = request.headers['x-broker-signature'];
    if (typeof presented !== 'string' || !presented) return false;
    return secrets.some((secret) => constantTimeEqual(presented.toLowerCase(), hmacSha256Hex(secret, request.body)));
  },
};
