import { request } from 'undici';
import {
  classifyNetworkError,
  deadlineSignal,
  outboundTimeouts,
  parseRetryAfter,
  readExcerpt,
  type OutboundMessage,
  type Transport,
  type TransportContext,
  type TransportResult,
  type TransportTarget,
} from '../../../plugin/index.js';
import { brokerSignature, standardWebhooksSignature } from './signatures.js';

function headersFor(message: OutboundMessage, target: TransportTarget, userAgent: string): { headers: Record<string, string>; body: string } {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': userAgent };
  if (target.signature === 'broker') {
    // The broker scheme signs the raw body, so the delivery timestamp travels inside it.
    const body = JSON.stringify({ ...message.envelope, deliveredAt: message.sentAt.toISOString() });
    headers['x-broker-delivery-id'] = message.id;
    if (target.secrets.length) headers['x-broker-signature'] = brokerSignature(target.secrets[0], body);
    return { headers, body };
  }
  const timestamp = Math.floor(message.sentAt.getTime() / 1000);
  headers['webhook-id'] = message.id;
  headers['webhook-timestamp'] = String(timestamp);
  if (target.secrets.length) headers['webhook-signature'] = standardWebhooksSignature(target.secrets, message.id, timestamp, message.body);
  return { headers, body: message.body };
}

function pickHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of ['retry-after', 'location', 'content-type']) {
    const v = headers[name];
    if (v !== undefined) kept[name] = Array.isArray(v) ? v.join(', ') : v;
  }
  return kept;
}

/** Classifies an HTTP answer; only 2xx is a delivery. */
function outcomeOf(status: number, headers: Record<string, string | string[] | undefined>, excerpt: string): TransportResult {
  const responseHeaders = pickHeaders(headers);
  const common = { statusCode: status, responseExcerpt: excerpt, responseHeaders };
  if (status >= 200 && status < 300) return { result: 'delivered', ...common };
  if (status === 410) return { result: 'permanent', code: 'E_HTTP_4XX', message: '410 Gone: the subscriber retired this endpoint', disableTarget: true, ...common };
  const waitMs = status === 429 || status === 503 ? parseRetryAfter(headers['retry-after']) : undefined;
  if (status >= 300 && status < 400) {
    return { result: 'retryable', code: 'E_HTTP_3XX', message: `answered ${status}; redirects are not followed${responseHeaders.location ? ` (location ${responseHeaders.location})` : ''}`, ...common };
  }
  if (status >= 400 && status < 500) return { result: 'retryable', code: 'E_HTTP_4XX', message: `answered ${status}`, ...(waitMs !== undefined ? { waitMs } : {}), ...common };
  if (status >= 500 && status < 600) return { result: 'retryable', code: 'E_HTTP_5XX', message: `answered ${status}`, ...(waitMs !== undefined ? { waitMs } : {}), ...common };
  return { result: 'retryable', code: 'E_RESPONSE', message: `answered with unexpected status ${status}`, ...common };
}

/**
 * Signed HTTP webhooks (Standard Webhooks by default, or the broker scheme)
 * over undici, through the core's SSRF-guarded dispatcher, with the outbound
 * kit's timeouts, classifier and excerpt. Redirects are not followed; at most
 * 4 KiB of the answer is read.
 */
export const webhookTransport: Transport = {
  id: 'webhook',
  async send(message, target, ctx: TransportContext): Promise<TransportResult> {
    const problem = ctx.urlProblem(target.url);
    if (problem) {
      const code = /address/.test(problem) ? 'E_SSRF' : 'E_URL';
      return { result: 'permanent', code, message: `subscription URL ${problem}` };
    }
    const { headers, body } = headersFor(message, target, ctx.userAgent);
    const timeouts = outboundTimeouts(target.timeoutMs);
    const signal = deadlineSignal(timeouts);
    try {
      const res = await request(target.url, {
        method: 'POST',
        headers,
        body,
        dispatcher: ctx.dispatcher,
        signal,
        headersTimeout: timeouts.headersMs,
        bodyTimeout: timeouts.bodyMs,
      });
      const excerpt = await readExcerpt(res.body);
      return outcomeOf(res.statusCode, res.headers, excerpt);
    } catch (err) {
      const { code, message } = classifyNetworkError(signal.aborted ? (signal.reason ?? err) : err, { timeoutMs: timeouts.totalMs });
      return { result: code === 'E_SSRF' ? 'permanent' : 'retryable', code, message };
    }
  },
};
