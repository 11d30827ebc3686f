import { errorChain } from '../../errors/errorChain.js';

/** A CRM's answer, read in full (CRM answers are small JSON documents). */
export interface CrmResponse {
  ok: true;
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  json: unknown;
}

/** The request never got an HTTP answer. */
export interface CrmNetworkFailure {
  ok: false;
  code: 'E_TIMEOUT' | 'E_DNS' | 'E_CONNECT' | 'E_TLS' | 'E_NETWORK';
  message: string;
}

export interface CrmRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  timeoutMs: number;
}

function networkCode(err: unknown): CrmNetworkFailure['code'] {
  const links = errorChain(err);
  if (links.some((l) => l.name === 'TimeoutError' || l.name === 'AbortError')) return 'E_TIMEOUT';
  const code = links.find((l) => l.code)?.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'E_DNS';
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'EHOSTUNREACH') return 'E_CONNECT';
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || code === 'EPROTO') return 'E_TLS';
  return 'E_NETWORK';
}

/**
 * One HTTP call to a CRM API with a hard timeout. Never throws: a request that
 * got no answer comes back as a classified network failure, so adapters can
 * turn every result into a delivery outcome.
 */
export async function crmFetch(request: CrmRequest): Promise<CrmResponse | CrmNetworkFailure> {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  let body: string | undefined;
  if (request.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.json);
  } else if (request.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(request.form).toString();
  }
  try {
    const res = await fetch(request.url, { method: request.method, headers, body, signal: AbortSignal.timeout(request.timeoutMs), redirect: 'manual' });
    const text = await res.text();
    let json: unknown;
    if (text && /json/i.test(res.headers.get('content-type') ?? 'application/json')) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    return { ok: true, status: res.status, headers: res.headers, text, json };
  } catch (err) {
    const code = networkCode(err);
    const detail = code === 'E_TIMEOUT' ? `no answer within ${request.timeoutMs} ms` : String((err as { cause?: { message?: string } })?.cause?.message ?? (err as Error)?.message ?? err);
    return { ok: false, code, message: `${request.method} ${new URL(request.url).origin}${new URL(request.url).pathname}: ${detail}` };
  }
}
