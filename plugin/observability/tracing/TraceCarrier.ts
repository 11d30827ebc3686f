import { ROOT_CONTEXT, context, propagation, type Context } from '@opentelemetry/api';
import { activeTracer } from './activeTracer.js';

/**
 * A trace context written down so it survives a queue or a table: the W3C
 * `traceparent` (and `tracestate`) fields the global propagator writes. Kept
 * in job data (`traceContext`) and in the outbox row (`trace_context`).
 */
export type TraceCarrier = Record<string, string>;

/** The given (default: active) context as a carrier, or undefined when it holds no trace, or the host registered no SDK or no propagator. */
export function traceCarrierOf(ctx: Context = context.active()): TraceCarrier | undefined {
  if (!activeTracer()) return undefined;
  const carrier: TraceCarrier = {};
  propagation.inject(ctx, carrier);
  return Object.keys(carrier).length ? carrier : undefined;
}

/** The context a carrier describes, on top of an empty one: a job's or an outbox event's parent. */
export function contextFrom(carrier: unknown): Context {
  if (!carrier || typeof carrier !== 'object') return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, carrier);
}
