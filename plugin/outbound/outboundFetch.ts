import type { Dispatcher } from 'undici';
import { classifyNetworkError, type NetworkFailure } from './classifyNetworkError.js';
import { requestDeadline, type OutboundTimeouts } from './OutboundTimeouts.js';
import { readBoundedBody } from './readBoundedBody.js';

/** One HTTP request as outboundFetch sends it. */
export interface OutboundRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** Sent as bytes: no content-type is added, the caller sets its own. */
  body?: string | Uint8Array;
}

/** How to send it: through which kit dispatcher, within which time, reading at most how much. */
export interface OutboundFetchOptions {
  /** A kit dispatcher (createOutboundDispatcher): address guard, TLS material, connect timeout. */
  dispatcher: Dispatcher;
  timeouts: OutboundTimeouts;
  /** The answer's body is cut here (and the rest dropped). */
  maxBodyBytes: number;
}

/** The server answered (any status); `body` holds at most `maxBodyBytes`. */
export interface OutboundAnswer {
  ok: true;
  status: number;
  headers: Headers;
  body: Buffer;
  durationMs: number;
}

/** No complete answer, classified by the kit's classifier. */
export type OutboundFailure = NetworkFailure & { ok: false; durationMs: number };

/** A request that failed before anything could leave: `not_sent`, `E_CONFIG`. */
function unusable(message: string, started: number): OutboundFailure {
  return { ok: false, kind: 'not_sent', code: 'E_CONFIG', message, durationMs: Math.round(performance.now() - started) };
}

/**
 * The kit's one way to make a request and read its answer, used by lender
 * submissions and the CRM kit: Node's global fetch (so nock can stand in for
 * vendors in tests) through a kit dispatcher, one deadline for the whole call
 * (requestDeadline, cleared when the call ends), redirects not followed, the body read bounded. Never
 * throws: a request that got no answer comes back classified by
 * classifyNetworkError. A request that cannot be built (bad URL, header or
 * method) is `not_sent`; an answer that breaks off after its status is always
 * `no_answer`, since the server has the request.
 */
export async function outboundFetch(request: OutboundRequest, options: OutboundFetchOptions): Promise<OutboundAnswer | OutboundFailure> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let url: URL;
  let headers: Headers;
  try {
    url = new URL(request.url);
    headers = new Headers(request.headers);
  } catch (err) {
    return unusable(`the request cannot be built: ${(err as Error).message}`, started);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return unusable(`unsupported protocol ${url.protocol}`, started);
  const method = request.method.toUpperCase();
  if (request.body !== undefined && (method === 'GET' || method === 'HEAD')) return unusable(`a ${method} request cannot carry a body`, started);
  const body = request.body === undefined ? undefined : typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : request.body;
  const { timeouts, dispatcher } = options;
  const deadline = requestDeadline(timeouts);
  const { signal } = deadline;
  const failed = (err: unknown, afterAnswer: boolean): OutboundFailure => {
    const failure = classifyNetworkError(signal.aborted ? (signal.reason ?? err) : err, { timeoutMs: timeouts.totalMs });
    return { ok: false, ...failure, kind: afterAnswer ? 'no_answer' : failure.kind, durationMs: elapsed() };
  };
  let res: Response | undefined;
  try {
    // Node's RequestInit takes its bundled undici's Dispatcher type; the kit's npm-undici Agent is accepted at run time.
    const init: RequestInit = { method, headers, body, signal, redirect: 'manual' };
    res = await fetch(url, Object.assign(init, { dispatcher }));
    const bytes = res.body ? await readBoundedBody(res.body, options.maxBodyBytes) : Buffer.alloc(0);
    return { ok: true, status: res.status, headers: res.headers, body: bytes, durationMs: elapsed() };
  } catch (err) {
    // Once the status is in, the server has the request.
    return failed(err, res !== undefined);
  } finally {
    deadline.clear();
  }
}
