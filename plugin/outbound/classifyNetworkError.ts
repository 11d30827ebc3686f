import { errorChain, type ErrorLink } from '../errors/errorChain.js';

/**
 * The one set of codes for an outbound request that got no HTTP answer, the
 * same for lender submissions, CRM syncs and webhook deliveries:
 * - `E_TIMEOUT`: no complete answer in time (ours or undici's connect / headers / body timeout);
 * - `E_DNS`: the name did not resolve;
 * - `E_CONNECT`: nobody accepted the connection (refused, unreachable, our dispatcher already closed);
 * - `E_RESET`: the connection was reset or closed under the request;
 * - `E_TLS`: the TLS handshake or the server's certificate failed;
 * - `E_SSRF`: the address guard refused the address the name resolved to;
 * - `E_CONFIG`: the URL itself is unusable (invalid, not http/https);
 * - `E_NETWORK`: any other transport failure.
 */
export type NetworkErrorCode = 'E_TIMEOUT' | 'E_DNS' | 'E_CONNECT' | 'E_RESET' | 'E_TLS' | 'E_SSRF' | 'E_CONFIG' | 'E_NETWORK';

/**
 * A classified transport failure. `kind` tells whether the request can have
 * reached the server: `not_sent` only when no byte of it can have (DNS,
 * refused, our own refusal of the certificate or address, a connect timeout);
 * everything else is `no_answer`, the conservative side of at-most-once.
 */
export interface NetworkFailure {
  kind: 'not_sent' | 'no_answer';
  code: NetworkErrorCode;
  message: string;
}

/** What the caller knows that the error does not: the timeout it applied, for the message. */
export interface ClassifyOptions {
  timeoutMs?: number;
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ABORT_ERR']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);
/** UND_ERR_CLOSED: our own dispatcher was already closed (lendwire stopping); undici refuses before anything leaves. */
const CONNECT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL', 'UND_ERR_CLOSED']);
/** UND_ERR_RES_CONTENT_LENGTH_MISMATCH: the server closed the connection before the body it announced. */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH']);
const CONFIG_CODES = new Set(['ERR_INVALID_URL', 'ERR_INVALID_PROTOCOL', 'UND_ERR_INVALID_ARG']);
/** We refused the server's certificate: the handshake never finished, nothing was sent. */
const CERT_REFUSED = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED|SELF_SIGNED_CERT|ERR_TLS_CERT_ALTNAME_INVALID$|HOSTNAME_MISMATCH)/;
/** Any other TLS failure (an alert, a protocol mismatch) may come after the request was written. */
const TLS_CODE = /^(ERR_TLS|ERR_SSL|ERR_OSSL|EPROTO$)/;

const isTimeout = (l: ErrorLink) => l.name === 'TimeoutError' || l.name === 'AbortError' || (l.code !== undefined && TIMEOUT_CODES.has(l.code));
const hasCode = (links: ErrorLink[], test: (code: string) => boolean) => links.some((l) => l.code !== undefined && test(l.code));

function codeAndKind(links: ErrorLink[]): Pick<NetworkFailure, 'code' | 'kind'> {
  if (hasCode(links, (c) => c === 'E_SSRF')) return { code: 'E_SSRF', kind: 'not_sent' };
  if (links.some(isTimeout)) return { code: 'E_TIMEOUT', kind: hasCode(links, (c) => c === 'UND_ERR_CONNECT_TIMEOUT') ? 'not_sent' : 'no_answer' };
  if (hasCode(links, (c) => DNS_CODES.has(c))) return { code: 'E_DNS', kind: 'not_sent' };
  if (hasCode(links, (c) => CONNECT_CODES.has(c))) return { code: 'E_CONNECT', kind: 'not_sent' };
  if (hasCode(links, (c) => CERT_REFUSED.test(c))) return { code: 'E_TLS', kind: 'not_sent' };
  if (hasCode(links, (c) => TLS_CODE.test(c))) return { code: 'E_TLS', kind: 'no_answer' };
  if (hasCode(links, (c) => RESET_CODES.has(c))) return { code: 'E_RESET', kind: 'no_answer' };
  if (hasCode(links, (c) => CONFIG_CODES.has(c))) return { code: 'E_CONFIG', kind: 'not_sent' };
  return { code: 'E_NETWORK', kind: 'no_answer' };
}

/**
 * The one classifier of outbound transport errors (undici, fetch, node:http,
 * DNS, TLS), reading the whole cause chain. The message names the first
 * low-level code and every message in the chain, at most 500 characters.
 */
export function classifyNetworkError(err: unknown, options: ClassifyOptions = {}): NetworkFailure {
  const links = errorChain(err);
  const { code, kind } = codeAndKind(links);
  const firstCode = links.find((l) => l.code)?.code;
  const said = [...new Set(links.map((l) => l.message).filter(Boolean))].join('; ') || String(err);
  const detail = `${firstCode ? `${firstCode}: ` : ''}${said}`;
  const message = code === 'E_TIMEOUT' && options.timeoutMs !== undefined ? `no answer within ${options.timeoutMs} ms (${detail})` : detail;
  return { kind, code, message: message.slice(0, 500) };
}
