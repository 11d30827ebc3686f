import { SpanStatusCode, context, trace, type Attributes, type Context, type Link, type Span, type SpanKind } from '@opentelemetry/api';
import { activeTracer } from './activeTracer.js';

/** What a span is: its kind, its attributes (semantic-convention names, never PII, bodies, query strings or secrets), its links and its parent. */
export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  links?: Link[];
  /** The parent context; the active one by default. A job passes the context carried with it (contextFrom). */
  parent?: Context;
}

/**
 * Runs `work` inside a span called `name`, active for everything `work` awaits,
 * ended when it settles; a throw marks the span as an error (the error's type
 * only, not its message: messages may quote vendor text) and is rethrown.
 * Without a registered SDK, `work` runs as is, with no span at all; `options`
 * may be a function so a hot path does not even build them then.
 */
export async function inSpan<T>(name: string, spanOptions: SpanOptions | (() => SpanOptions), work: (span?: Span) => Promise<T> | T): Promise<T> {
  const tracer = activeTracer();
  if (!tracer) return work();
  const options = typeof spanOptions === 'function' ? spanOptions() : spanOptions;
  const parent = options.parent ?? context.active();
  const span = tracer.startSpan(name, { kind: options.kind, attributes: options.attributes, links: options.links }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (err) {
    markFailed(span, err);
    throw err;
  } finally {
    span.end();
  }
}

/** Marks a span as failed with the error's type (`error.type`: its code, else its class name). */
export function markFailed(span: Span, err: unknown): void {
  const code = (err as { code?: unknown })?.code;
  const type = typeof code === 'string' ? code : err instanceof Error ? err.name : 'unknown';
  span.setAttribute('error.type', type);
  span.setStatus({ code: SpanStatusCode.ERROR });
}
