import { firstErrorCode } from '../errors/errorChain.js';

/**
 * Errors that happen before a single byte of the request reaches the lender:
 * the name did not resolve, nobody listened, or we refused the server's
 * certificate. Only these make a submission safe to send again.
 */
const NOT_SENT: Record<string, string> = {
  ENOTFOUND: 'E_DNS',
  EAI_AGAIN: 'E_DNS',
  ECONNREFUSED: 'E_CONNECT',
  EHOSTUNREACH: 'E_CONNECT',
  ENETUNREACH: 'E_CONNECT',
  EADDRNOTAVAIL: 'E_CONNECT',
  ERR_TLS_CERT_ALTNAME_INVALID: 'E_TLS',
  CERT_HAS_EXPIRED: 'E_TLS',
  CERT_NOT_YET_VALID: 'E_TLS',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'E_TLS',
  SELF_SIGNED_CERT_IN_CHAIN: 'E_TLS',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'E_TLS',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'E_TLS',
  ERR_INVALID_URL: 'E_CONFIG',
  ERR_INVALID_PROTOCOL: 'E_CONFIG',
};

export type NetworkFailure = { kind: 'not_sent' | 'no_answer'; code: string; message: string };

/**
 * Anything else (reset, socket hang up, TLS alert after the handshake, our own
 * timeout) may have happened after the lender read the request: it is reported
 * as `no_answer`, the conservative side of at-most-once.
 */
export function classifyNetworkError(err: unknown): NetworkFailure {
  const e = err as { message?: string };
  const code = firstErrorCode(err);
  const message = `${code ? `${code}: ` : ''}${e?.message ?? String(err)}`.slice(0, 500);
  if (NOT_SENT[code]) return { kind: 'not_sent', code: NOT_SENT[code], message };
  if (code === 'ECONNRESET' || code === 'EPIPE') return { kind: 'no_answer', code: 'E_RESET', message };
  return { kind: 'no_answer', code: 'E_NETWORK', message };
}
