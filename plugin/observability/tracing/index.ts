/**
 * Tracing through `@opentelemetry/api` only: lendwire bundles no SDK, so every
 * helper here is a no-op until the host registers one (see the README,
 * "OpenTelemetry"). The few choke points that use it: the router (HTTP), the
 * queue factory (jobs), the outbound kit's dispatcher (calls), appendEvent and
 * the flows' transactions (tracedTransaction), the outbox relay.
 */
export { activeTracer, TRACER_NAME } from './activeTracer.js';
export { inSpan, markFailed, type SpanOptions } from './inSpan.js';
export { contextFrom, traceCarrierOf, type TraceCarrier } from './TraceCarrier.js';
export { tracedTransaction } from './tracedTransaction.js';
export { DB_ATTRIBUTES, messagingAttributes } from './attributes.js';
