import { callbackAccepted, callbackRefused, constantTimeEqual, type AdapterContext, type CallbackAuthentication, type InboundCallbackRequest, type LenderConfig } from '../../../../plugin/index.js';
import type { ApptrakerSettings } from '../apptrakerSettings.types.js';

/**
 * appTRAKER sends a per-lender API key in `X-API-KEY` (manifest:
 * `lenders[].callbacks.apiKey`). Compared in constant time; a lender without
 * a configured key accepts nothing.
 */
export function authenticateApptraker(request: InboundCallbackRequest, lender: LenderConfig, ctx: AdapterContext): CallbackAuthentication {
  const ref = (lender as LenderConfig & ApptrakerSettings).callbacks?.apiKey;
  if (!ref) return callbackRefused(401, 'callbacks are not configured for this lender (no callbacks.apiKey)');
  const presented = request.headers['x-api-key'];
  if (!presented) return callbackRefused(401, 'missing X-API-KEY header');
  if (!constantTimeEqual(presented, ctx.secret(ref))) return callbackRefused(401, 'invalid API key');
  return callbackAccepted();
}
