import { classifyNetworkError, type NetworkErrorCode } from '../classifyNetworkError.js';
import { deadlineSignal, outboundTimeouts } from '../OutboundTimeouts.js';
import { readBoundedBody } from '../readBoundedBody.js';

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
 * One HTTP call to a CRM API with the outbound kit's timeout policy (one
 * deadline for the whole call). Never throws: a request that got no answer
 * comes back classified by the kit's classifier, so adapters can turn every
 * result into a delivery outcome. It goes through the global fetch (no address
 * guard: CRM endpoints come from the manifest, as lender URLs do).
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
  const timeouts = outboundTimeouts(request.timeoutMs);
  const signal = deadlineSignal(timeouts);
  try {
    const res = await fetch(request.url, { method: request.method, headers, body, signal, redirect: 'manual' });
    const text = res.body ? (await readBoundedBody(res.body, MAX_ANSWER_BYTES)).toString('utf8') : '';
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
    const { code, message } = classifyNetworkError(signal.aborted ? (signal.reason ?? err) : err, { timeoutMs: timeouts.totalMs });
    return { ok: false, code, message: `${request.method} ${where(request.url)}: ${message}` };
  }
}
