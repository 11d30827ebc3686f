import { SpanKind, trace, type Span } from '@opentelemetry/api';
import type { Knex } from 'knex';
import { DB_ATTRIBUTES, activeTracer, contextFrom, markFailed, messagingAttributes, traceCarrierOf, type TraceCarrier } from '../../observability/tracing/index.js';

/** An outbox row as the relay claims it, with the trace context its writer left. */
export interface TracedOutboxRow {
  id: number | string;
  event_id: string;
  type: string;
  trace_context?: TraceCarrier | null;
}

/**
 * The spans of one relay pass that claimed events: the pass itself (`process
 * outbox`, a root span linked to each event's trace) and, per event written
 * inside a trace, a `relay outbox` span continuing that trace; its context is
 * what the event's deliveries carry into their jobs. Nothing when the host
 * registered no SDK.
 */
export class RelaySpans {
  private constructor(
    private readonly pass: Span,
    private readonly perEvent: Map<string, Span>,
  ) {}

  /** Starts the spans of a pass that began at `startTime` and claimed `events`; undefined without an SDK. */
  static start(events: readonly TracedOutboxRow[], startTime: Date): RelaySpans | undefined {
    const tracer = activeTracer();
    if (!tracer || !events.length) return undefined;
    const traced = events.filter((e) => e.trace_context);
    const links = traced.flatMap((e) => {
      const linked = trace.getSpanContext(contextFrom(e.trace_context));
      return linked ? [{ context: linked }] : [];
    });
    const pass = tracer.startSpan('process outbox', {
      kind: SpanKind.CONSUMER,
      startTime,
      links,
      attributes: { ...DB_ATTRIBUTES, ...messagingAttributes('lendwire.outbox', 'outbox', 'process'), 'messaging.batch.message_count': events.length },
    });
    const perEvent = new Map<string, Span>();
    for (const event of traced) {
      const span = tracer.startSpan(
        'relay outbox',
        { kind: SpanKind.CONSUMER, startTime, links: [{ context: pass.spanContext() }], attributes: { ...messagingAttributes('lendwire.outbox', 'outbox', 'process', event.event_id), 'lendwire.event.type': event.type } },
        contextFrom(event.trace_context),
      );
      perEvent.set(String(event.id), span);
    }
    return new RelaySpans(pass, perEvent);
  }

  /** The trace context each created delivery carries into its job (deliveries of untraced events get none). */
  async carriersFor(knex: Knex, schema: string, deliveryIds: readonly string[]): Promise<Map<string, TraceCarrier>> {
    const carriers = new Map<string, TraceCarrier>();
    if (!this.perEvent.size || !deliveryIds.length) return carriers;
    const rows = (await knex.withSchema(schema).table('deliveries').whereIn('id', deliveryIds).select('id', 'outbox_id')) as { id: string; outbox_id: string | number }[];
    for (const row of rows) {
      const span = this.perEvent.get(String(row.outbox_id));
      const carrier = span && traceCarrierOf(trace.setSpan(contextFrom(undefined), span));
      if (carrier) carriers.set(row.id, carrier);
    }
    return carriers;
  }

  /** Ends every span of the pass, as failed when the pass failed. */
  end(err?: unknown): void {
    for (const span of [...this.perEvent.values(), this.pass]) {
      if (err !== undefined) markFailed(span, err);
      span.end();
    }
  }
}
