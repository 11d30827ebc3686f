import { SpanKind, context, propagation, trace, type Span } from '@opentelemetry/api';
import type { Dispatcher } from 'undici';
import { activeTracer, markFailed } from '../observability/tracing/index.js';

type Headers = Dispatcher.DispatchOptions['headers'];

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

/** The callbacks (of either undici handler API) that tell how the request ended; the status is their argument at this index. */
const STATUS_ARGUMENT = new Map([
  ['onHeaders', 0],
  ['onUpgrade', 0],
  ['onResponseStart', 1],
  ['onRequestUpgrade', 1],
]);
const DONE = new Set(['onComplete', 'onResponseEnd', 'onUpgrade', 'onRequestUpgrade']);
const FAILED = new Set(['onError', 'onResponseError']);

/**
 * The caller's handler as it is (same API, legacy or new, so undici treats it
 * exactly as before: converting between the two joins repeated headers such as
 * set-cookie), with the span told the status and ended on completion or failure.
 */
function endingSpan(handler: Dispatcher.DispatchHandler, span: Span): Dispatcher.DispatchHandler {
  const bound = new Map<PropertyKey, unknown>();
  let ended = false;
  return new Proxy(handler, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown;
      if (typeof value !== 'function') return value;
      let fn = bound.get(key);
      if (!fn) {
        const method = (value as (...args: unknown[]) => unknown).bind(target);
        const name = String(key);
        fn = (...args: unknown[]) => {
          const at = STATUS_ARGUMENT.get(name);
          const status = at === undefined ? undefined : args[at];
          if (!ended && typeof status === 'number') {
            span.setAttribute('http.response.status_code', status);
            if (status >= 400) markFailed(span, { code: String(status) });
          }
          if (!ended && FAILED.has(name)) markFailed(span, name === 'onError' ? args[0] : args[1]);
          if (!ended && (DONE.has(name) || FAILED.has(name))) {
            ended = true;
            span.end();
          }
          return method(...args);
        };
        bound.set(key, fn);
      }
      return fn;
    },
  });
}

/**
 * One request through the kit dispatcher, traced (TracedAgent calls it for
 * every dispatch): every request to a lender, a CRM or a webhook subscriber gets a client
 * span, child of the active one (the delivery or submission job), and carries
 * its W3C `traceparent` through the global propagator. Span attributes are the
 * HTTP client conventions: method, server address and port, scheme, status
 * code; never the path, query, headers or bodies (they may hold tokens and PII).
 * Without a registered SDK the request goes through untouched.
 */
export function traceOutboundCall(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler, dispatch: Dispatcher['dispatch']): boolean {
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
    return dispatch({ ...opts, headers: withTraceHeaders(opts.headers, carrier) }, endingSpan(handler, span));
  } catch (err) {
    markFailed(span, err);
    span.end();
    throw err;
  }
}
