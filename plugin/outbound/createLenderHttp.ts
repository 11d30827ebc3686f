import type { Dispatcher } from 'undici';
import type { LenderHttp, LenderHttpRequest, LenderHttpResult } from '../sdk/LenderSubmission.js';
import { outboundFetch } from './outboundFetch.js';
import { outboundTimeouts } from './OutboundTimeouts.js';
import { sentCredentials, withoutEchoedCredentials } from './withoutEchoedCredentials.js';

/** Bodies past this are cut: a lender answer is small, and it is only parsed and excerpted. */
const MAX_RESPONSE_BYTES = 256 * 1024;

/**
 * HTTP to a lender through the kit (outboundFetch): the lender's dispatcher
 * (asked for at each call, so a call after stop gets a fresh one), one
 * deadline for the whole call, the kit's classifier and a bounded body read
 * (without the request's own credentials in it).
 * "Not sent" only when no byte can have reached the lender; a timeout or a
 * break after sending is `no_answer`, never a failure to retry.
 */
export function createLenderHttp(dispatcher: () => Dispatcher, timeoutMs: number): LenderHttp {
  const timeouts = outboundTimeouts(timeoutMs);
  return {
    async send(req: LenderHttpRequest): Promise<LenderHttpResult> {
      const result = await outboundFetch(req, { dispatcher: dispatcher(), timeouts, maxBodyBytes: MAX_RESPONSE_BYTES });
      if (!result.ok) return { kind: result.kind, code: result.code, message: result.message, durationMs: result.durationMs };
      const headers: Record<string, string> = {};
      // Repeated headers (set-cookie) are joined, as node:http joined them.
      result.headers.forEach((value, name) => (headers[name] = name in headers ? `${headers[name]}, ${value}` : value));
      // The answer never hands back the credentials the request carried (lenders that echo the request).
      const body = withoutEchoedCredentials(result.body.toString('utf8'), sentCredentials(req.headers ?? {}, undefined));
      return { kind: 'response', status: result.status, headers, body, durationMs: result.durationMs };
    },
  };
}
