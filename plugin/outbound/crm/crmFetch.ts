import type { Dispatcher } from 'undici';
import type { NetworkErrorCode } from '../classifyNetworkError.js';
import { outboundTimeouts } from '../OutboundTimeouts.js';
import { outboundFetch } from '../outboundFetch.js';
import { defaultCrmDispatcher } from './defaultCrmDispatcher.js';
import { sentCredentials, withoutEchoedCredentials } from '../withoutEchoedCredentials.js';

/** CRM answers are small JSON documents; past this the answer is cut (and no longer parses). */
const MAX_ANSWER_BYTES = 1024 * 1024;

/** A CRM's answer, read in full up to 1 MiB (CRM answers are small JSON documents). */
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
  /** The outbound kit's code (classifyNetworkError). */
  code: NetworkErrorCode;
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
  /** The kit dispatcher to send through: pass `ctx.dispatcher` (CrmSyncContext). Without one, a shared kit dispatcher. */
  dispatcher?: Dispatcher;
}

/** Origin and path of a URL, without its query (which may carry keys). */
function where(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/**
 * One HTTP call to a CRM API through the outbound kit (outboundFetch): the
 * target's kit dispatcher (no address guard: CRM endpoints come from the
 * manifest, TRUSTED_ENDPOINTS), one deadline for the whole call, the answer
 * read up to 1 MiB, the request's own credentials taken out of it. Never throws: a request that got no answer comes back
 * classified by the kit's classifier, so adapters can turn every result into
 * a delivery outcome.
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
  const res = await outboundFetch(
    { method: request.method, url: request.url, headers, body },
    { dispatcher: request.dispatcher ?? defaultCrmDispatcher(), timeouts: outboundTimeouts(request.timeoutMs), maxBodyBytes: MAX_ANSWER_BYTES },
  );
  if (!res.ok) return { ok: false, code: res.code, message: `${request.method} ${where(request.url)}: ${res.message}` };
  // An answer never hands back the credentials the request carried (APIs that echo the request).
  const text = withoutEchoedCredentials(res.body.toString('utf8'), sentCredentials(headers, request.form));
  let json: unknown;
  if (text && /json/i.test(res.headers.get('content-type') ?? 'application/json')) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { ok: true, status: res.status, headers: res.headers, text, json };
}
