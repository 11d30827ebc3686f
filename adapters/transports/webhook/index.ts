import {
  classifyNetworkError,
  requestDeadline,
  outboundTimeouts,
  parseRetryAfter,
  readExcerpt,
  type OutboundMessage,
  type Transport,
  type TransportContext,
  type TransportResult,
  type TransportTarget,
} from '../../../plugin/index.js';
import settingsSchema from './webhookSettings.schema.json' with { type: 'json' };
import { standardWebhooksScheme } from './standardWebhooksScheme.js';
import { brokerScheme } from './brokerScheme.js';

function requestFor(message: OutboundMessage, target: TransportTarget, ctx: TransportContext): { headers: Record<string, string>; body: string } {
  const signed = ctx.signatureScheme(target.signature).sign(message, target.secrets);
  return { headers: { 'content-type': 'application/json', 'user-agent': ctx.userAgent, ...signed.headers }, body: signed.body };
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
 * Signed HTTP webhooks over undici, through the core's SSRF-guarded
 * dispatcher, signed by the subscription's registered scheme (it brings
 * Standard Webhooks, the default, and the broker scheme), with the outbound
 * kit's timeouts, classifier and excerpt. Redirects are not followed; at most
 * 4 KiB of the answer is read.
 */
export const webhookTransport: Transport = {
  id: 'webhook',
  configSchema: settingsSchema,
  signatureSchemes: [standardWebhooksScheme, brokerScheme],
  async send(message, target, ctx: TransportContext): Promise<TransportResult> {
    const problem = ctx.urlProblem(target.url);
    if (problem) {
      const code = /address/.test(problem) ? 'E_SSRF' : 'E_URL';
      return { result: 'permanent', code, message: `subscription URL ${problem}` };
    }
    const { headers, body } = requestFor(message, target, ctx);
    const timeouts = outboundTimeouts(target.timeoutMs);
    const deadline = requestDeadline(timeouts);
    const { signal } = deadline;
    try {
      // The dispatcher's own request() (undici's Dispatcher API): no undici import of the adapter's own.
      const url = new URL(target.url);
      const res = await ctx.dispatcher.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers,
        body,
        signal,
        headersTimeout: timeouts.headersMs,
        bodyTimeout: timeouts.bodyMs,
      });
      const excerpt = await readExcerpt(res.body);
      return outcomeOf(res.statusCode, res.headers, excerpt);
    } catch (err) {
      const { code, message } = classifyNetworkError(signal.aborted ? (signal.reason ?? err) : err, { timeoutMs: timeouts.totalMs });
      return { result: code === 'E_SSRF' ? 'permanent' : 'retryable', code, message };
    } finally {
      deadline.clear();
    }
  },
};
