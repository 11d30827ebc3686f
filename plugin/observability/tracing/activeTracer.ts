import { ProxyTracerProvider, trace, type Tracer } from '@opentelemetry/api';
import { LENDWIRE_VERSION } from '../../kernel/lendwireVersion.js';

/** The instrumentation scope lendwire's spans carry. */
export const TRACER_NAME = 'lendwire';

/**
 * lendwire's tracer, or undefined while the host has registered no OpenTelemetry
 * SDK. Every span helper asks this first and does nothing more when there is
 * none: without an SDK, tracing costs one look-up per choke point and creates
 * no span, no context and no header. Asked on every use (not kept), so an SDK
 * registered, replaced or removed at run time is followed.
 */
export function activeTracer(): Tracer | undefined {
  const provider = trace.getTracerProvider();
  // The API's global is a proxy that answers no-op tracers until a provider is set behind it.
  if (provider instanceof ProxyTracerProvider) return provider.getDelegateTracer(TRACER_NAME, LENDWIRE_VERSION);
  return provider.getTracer(TRACER_NAME, LENDWIRE_VERSION);
}
