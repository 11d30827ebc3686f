import { SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import type { TLSSocket } from 'node:tls';
import { activeTracer } from '../observability/tracing/index.js';

/** As `req.protocol` with the plugin's `trust proxy` off, whichever application's settings the request carries (hot routes: the host's). */
const schemeOf = (req: Request): string => ((req.socket as TLSSocket).encrypted ? 'https' : 'http');

/**
 * One server span per request to the plugin, named `<method> <route>`
 * (`POST /lendwire/callbacks/:lenderId`), the parent of everything the request
 * does, enqueues or writes to the outbox. Its parent is the host's own span when
 * the host traces requests, else the caller's `traceparent`. Attributes are the
 * HTTP semantic conventions: method, route template, scheme, status code;
 * never the path's values, the query string, headers or bodies. No SDK, no span.
 */
export function traceRequests(mountPath: () => string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const tracer = activeTracer();
    if (!tracer) return next();
    const active = context.active();
    const hostSpan = trace.getSpan(active) !== undefined;
    const parent = hostSpan ? active : propagation.extract(active, req.headers);
    const method = req.method;
    const span = tracer.startSpan(
      method,
      { kind: hostSpan ? SpanKind.INTERNAL : SpanKind.SERVER, attributes: { 'http.request.method': method, 'url.scheme': schemeOf(req) } },
      parent,
    );
    const ctx = trace.setSpan(parent, span);
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      const route = (req.route as { path?: unknown } | undefined)?.path;
      if (typeof route === 'string') {
        const template = `${mountPath().replace(/\/$/, '')}${route}`;
        span.setAttribute('http.route', template);
        span.updateName(`${method} ${template}`);
      }
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) {
        span.setAttribute('error.type', String(res.statusCode));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    };
    res.once('finish', end);
    res.once('close', end);
    // Body streams emit in the socket's context: bind them so the handlers after a body read stay in the span.
    context.bind(ctx, req);
    context.bind(ctx, res);
    context.with(ctx, next);
  };
}
