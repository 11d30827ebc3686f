import { errorChain } from '../../../plugin/index.js';

/** Error code and message of a request that got no HTTP answer. */
export interface NetworkFailure {
  code: 'E_TIMEOUT' | 'E_DNS' | 'E_CONNECT' | 'E_TLS' | 'E_SSRF';
  message: string;
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ABORT_ERR']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);
const TLS_CODE = /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|EPROTO$|HOSTNAME_MISMATCH|ERR_OSSL)/;

/** Maps an undici / socket / DNS error (and its causes) to the attempt log's error codes. */
export function classifyError(err: unknown): NetworkFailure {
  const links = errorChain(err);
  const message = links.map((l) => l.message).filter(Boolean).join('; ') || String(err);
  const has = (test: (l: { code?: string; name?: string }) => boolean) => links.some(test);
  if (has((l) => l.code === 'E_SSRF')) return { code: 'E_SSRF', message };
  if (has((l) => l.name === 'TimeoutError' || l.name === 'AbortError' || (l.code !== undefined && TIMEOUT_CODES.has(l.code)))) {
    return { code: 'E_TIMEOUT', message: `no complete answer in time (${message})` };
  }
  if (has((l) => l.code !== undefined && DNS_CODES.has(l.code))) return { code: 'E_DNS', message };
  if (has((l) => l.code !== undefined && TLS_CODE.test(l.code))) return { code: 'E_TLS', message };
  return { code: 'E_CONNECT', message };
}
