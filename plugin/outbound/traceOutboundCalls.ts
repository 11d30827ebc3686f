import { SpanKind, context, propagation, trace, type Span } from '@opentelemetry/api';
import type { Dispatcher } from 'undici';
import { activeTracer, markFailed } from '../observability/tracing/index.js';

type Headers = Dispatcher.DispatchOptions['headers'];
type ResponseHeaders = Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseEnd']>>[1];

/** The request's headers with the trace headers added (whatever form undici was given them in), the caller's object left alone. */
function withTraceHeaders(headers: Headers, trace: Record<string, string>): Headers {
  const extra = Object.entries(trace);
  if (headers == null) return Object.fromEntries(extra);
  if (Array.isArray(headers)) {
    // Either a flat [name, value, ...] list or a list of [name, value] pairs.
    const pairs = headers.length > 0 && Array.isArray(headers[0]);
    return pairs ? [...(headers as unknown as [string, string][]), ...extra] as unknown as Headers : [...(headers as string[]), ...extra.flat()];
  }
  if (typeof (headers as Iterable<unknown>)[Symbol.iterator] === 'function') return [...(headers as Iterable<[string, string]>), ...extra] as unknown as Headers;
  return { ...(headers as Record<string, string>), ...Object.fromEntries(extra) };
}

/** Passes every callback on to undici's handler and ends the span with the answer's status or the failure. */
class SpanEndingHandler implements Dispatcher.DispatchHandler {
  constructor(
    private readonly inner: Dispatcher.DispatchHandler,
    private readonly span: Span,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController, ctx: unknown): void {
    this.inner.onRequestStart?.(controller, ctx);
  }

  onRequestUpgrade(controller: Dispatcher.DispatchController, statusCode: number, headers: ResponseHeaders, socket: import('node:stream').Duplex): void {
    this.span.setAttribute('http.response.status_code', statusCode);
    this.span.end();
    this.inner.onRequestUpgrade?.(controller, statusCode, headers, socket);
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: ResponseHeaders, statusMessage?: string): void {
    this.span.setAttribute('http.response.status_code', statusCode);
    if (statusCode >= 400) {
      markFailed(this.span, { code: String(statusCode) });
    }
    this.inner.onResponseStart?.(controller, statusCode, headers, statusMessage);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.inner.onResponseData?.(controller, chunk);
  }

  onResponseEnd(controller: Dispatcher.DispatchController, trailers: ResponseHeaders): void {
    this.span.end();
    this.inner.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    markFailed(this.span, error);
    this.span.end();
    this.inner.onResponseError?.(controller, error);
  }
}

/**
 * The kit dispatcher's tracing interceptor (createOutboundDispatcher composes
 * it in): every request to a lender, a CRM or a webhook subscriber gets a client
 * span, child of the active one (the delivery or submission job), and carries
 * its W3C `traceparent` through the global propagator. Span attributes are the
 * HTTP client conventions: method, server address and port, scheme, status
 * code; never the path, query, headers or bodies (they may hold tokens and PII).
 * Without a registered SDK the request goes through untouched.
 */
export const traceOutboundCalls: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (opts, handler) => {
  const tracer = activeTracer();
  if (!tracer) return dispatch(opts, handler);
  let origin: URL | undefined;
  try {
    origin = opts.origin === undefined ? undefined : new URL(String(opts.origin));
  } catch {
    origin = undefined;
  }
  const method = opts.method;
  const span = tracer.startSpan(method, {
    kind: SpanKind.CLIENT,
    attributes: {
      'http.request.method': method,
      ...(origin
        ? {
            'server.address': origin.hostname,
            'server.port': Number(origin.port || (origin.protocol === 'https:' ? 443 : 80)),
            'url.scheme': origin.protocol.replace(/:$/, ''),
          }
        : {}),
    },
  });
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(context.active(), span), carrier);
  try {
    return dispatch({ ...opts, headers: withTraceHeaders(opts.headers, carrier) }, new SpanEndingHandler(handler, span));
  } catch (err) {
    markFailed(span, err);
    span.end();
    throw err;
  }
};
