import { expect } from 'chai';
import { ProxyTracer, ProxyTracerProvider, SpanKind, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { registerBuiltInAdapters } from '../../adapters/index.js';
import { SCHEMA, WESTLAKE_KEY, callbackManifest, fixture, insertApplication, postApptraker, renumbered } from '../callbacks/callbackSupport.js';
import { startReceiver, answer, type Receiver, type ReceivedRequest } from '../delivery/support/receiver.js';
import { deliveryManifest, subscription } from '../delivery/support/deliveryTestKit.js';
import { createHarness, type Harness } from '../support/harness.js';
import { waitFor } from '../support/waitFor.js';
import { registerTestTracing, type TestTracing } from './support/testTracing.js';

/** A vendor id and application number of its own per test, so each callback is about a fresh application. */
async function callbackFor(h: Harness, n: number): Promise<{ applicationId: string; body: string }> {
  const vendorId = `AT-TRACE${n}`;
  const applicationId = await insertApplication(h, { lenderAppId: vendorId });
  return { applicationId, body: renumbered(fixture('01-stage1-processed.json'), vendorId, String(7_000_000 + n)) };
}

function webhookAbout(receiver: Receiver, applicationId: string): Promise<ReceivedRequest> {
  return waitFor(() => receiver.requests.find((r) => r.body.includes(applicationId)), 15_000, `the webhook about ${applicationId}`);
}

/** Counts every span or tracer asked of the OpenTelemetry API's own no-op objects (what a plugin calling the API blindly would create). */
function countApiCalls(): { count: () => number; restore: () => void } {
  let calls = 0;
  const patched: [object, string, unknown][] = [];
  const patch = (proto: object, name: string): void => {
    const original = (proto as Record<string, (...args: unknown[]) => unknown>)[name];
    patched.push([proto, name, original]);
    (proto as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
      calls++;
      return original.apply(this, args);
    };
  };
  patch(ProxyTracer.prototype, 'startSpan');
  patch(ProxyTracer.prototype, 'startActiveSpan');
  patch(ProxyTracerProvider.prototype, 'getTracer');
  return {
    count: () => calls,
    restore: () => {
      for (const [proto, name, original] of patched) (proto as Record<string, unknown>)[name] = original;
    },
  };
}

describe('OpenTelemetry tracing (through @opentelemetry/api only)', function () {
  let h: Harness;
  let receiver: Receiver;

  before(async () => {
    receiver = await startReceiver(answer(204));
    const manifest = { ...deliveryManifest({ subscriptions: [subscription('partner', receiver.url, { events: ['application.*'] })] }), lenders: callbackManifest().lenders };
    h = await createHarness({ manifest, register: registerBuiltInAdapters });
  });
  after(async () => {
    await h?.close();
    await receiver?.close();
  });

  describe('without an SDK registered by the host', () => {
    it('delivers a callback to the webhook without creating a span, a trace context or a traceparent', async () => {
      expect(trace.getTracerProvider()).to.be.instanceOf(ProxyTracerProvider);
      const calls = countApiCalls();
      try {
        const { applicationId, body } = await callbackFor(h, 1);
        const res = await postApptraker(h, 'westlake', body);
        expect(res.status).to.equal(200);
        const webhook = await webhookAbout(receiver, applicationId);
        expect(webhook.headers).not.to.have.property('traceparent');
        const events = await h.db.knex.withSchema(SCHEMA).table('outbox').where({ application_id: applicationId }).select('trace_context');
        expect(events).to.have.length.greaterThan(0);
        expect(events.map((e: { trace_context: unknown }) => e.trace_context)).to.satisfy((all: unknown[]) => all.every((c) => c === null));
      } finally {
        calls.restore();
      }
      expect(calls.count(), 'tracers and spans asked of the OpenTelemetry API').to.equal(0);
    });
  });

  describe('with an SDK registered', () => {
    let tracing: TestTracing;
    const exporter = { getFinishedSpans: () => tracing.exporter.getFinishedSpans(), reset: () => tracing.exporter.reset() };

    before(() => {
      tracing = registerTestTracing();
    });
    after(async () => {
      await tracing?.unregister();
    });

    it('follows one trace from the lender callback through its processing (in the process that stored it), the outbox and the delivery to the webhook request', async () => {
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const lenderSpanId = '00f067aa0ba902b7';
      const { applicationId, body } = await callbackFor(h, 2);
      const res = await fetch(`${h.url}/callbacks/westlake`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': WESTLAKE_KEY, traceparent: `00-${traceId}-${lenderSpanId}-01` },
        body,
      });
      expect(res.status).to.equal(200);
      const webhook = await webhookAbout(receiver, applicationId);

      const ours = (): ReadableSpan[] => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
      const named = (name: string): ReadableSpan | undefined => ours().find((s) => s.name === name);
      await waitFor(() => named('process callbacks'), 10_000, 'the callback processing span to end');
      const one = (name: string): ReadableSpan => {
        const matches = ours().filter((s) => s.name === name);
        expect(matches, `spans called "${name}" in the trace`).to.have.length(1);
        return matches[0];
      };
      const parentOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;

      const server = one('POST /lendwire/callbacks/:lenderId');
      expect(server.kind).to.equal(SpanKind.SERVER);
      expect(parentOf(server)).to.equal(lenderSpanId);
      expect(server.attributes).to.include({ 'http.request.method': 'POST', 'http.route': '/lendwire/callbacks/:lenderId', 'http.response.status_code': 200 });

      const callbackJob = one('process callbacks');
      expect(callbackJob.kind).to.equal(SpanKind.CONSUMER);
      expect(parentOf(callbackJob)).to.equal(server.spanContext().spanId);
      // Handed over in the process (LocalCallbacks), not through BullMQ: a process that runs the workers keeps its callbacks.
      expect(callbackJob.attributes).to.include({ 'messaging.system': 'lendwire', 'messaging.destination.name': 'callbacks', 'messaging.operation.type': 'process' });

      const transaction = one('transaction callback.apply');
      expect(parentOf(transaction)).to.equal(callbackJob.spanContext().spanId);
      expect(transaction.attributes).to.include({ 'db.system': 'postgresql' });

      const transactionId = transaction.spanContext().spanId;
      // The receiver got the webhook inside the same trace: its traceparent names the call span.
      const [version, headerTraceId, callSpanId, flags] = String(webhook.headers.traceparent).split('-');
      expect([version, headerTraceId, flags]).to.deep.equal(['00', traceId, '01']);
      // The webhook's own chain, walked up from the call span once every span of it has ended (a status change may write more than one event).
      const chain = await waitFor(() => {
        const byId = new Map(ours().map((s) => [s.spanContext().spanId, s]));
        const walked: ReadableSpan[] = [];
        for (let span = byId.get(callSpanId); span; span = byId.get(parentOf(span) ?? '')) {
          if (span.spanContext().spanId === transactionId) return walked;
          walked.push(span);
        }
        return undefined;
      }, 10_000, 'the spans from the webhook call up to the callback transaction');
      expect(chain.map((s) => s.name)).to.deep.equal(['POST', 'process deliveries', 'relay outbox', 'send outbox']);
      const call = chain[0];
      expect(call.kind).to.equal(SpanKind.CLIENT);
      expect(call.attributes).to.include({ 'http.request.method': 'POST', 'server.address': '127.0.0.1', 'server.port': receiver.port, 'http.response.status_code': 204 });
      const [, deliveryJob, relay, append] = chain;
      expect(parentOf(append)).to.equal(transactionId);
      expect(append.kind).to.equal(SpanKind.PRODUCER);
      expect(append.attributes).to.include({ 'db.system': 'postgresql', 'messaging.destination.name': 'outbox', 'messaging.operation.type': 'send' });
      expect(deliveryJob.kind).to.equal(SpanKind.CONSUMER);
      // Sent by the process whose relay created it, without a queue job (LocalDeliveries).
      expect(deliveryJob.attributes).to.include({ 'messaging.system': 'lendwire', 'messaging.destination.name': 'deliveries' });
      expect(relay.attributes).to.include({ 'messaging.destination.name': 'outbox', 'messaging.operation.type': 'process' });
      const pass = exporter.getFinishedSpans().find((s) => s.name === 'process outbox' && s.links.some((l) => l.context.spanId === append.spanContext().spanId));
      expect(pass, 'the relay pass span, linked to the event').to.not.equal(undefined);

      // No secrets, PII, bodies, paths or query strings in any attribute.
      const attributes = JSON.stringify(ours().map((s) => s.attributes));
      expect(attributes).not.to.include(WESTLAKE_KEY);
      expect(attributes).not.to.include('AT-TRACE2');
      expect(attributes).not.to.include('/hooks');
      expect(attributes).not.to.include('url.full');
    });

    it('starts a trace of its own for a callback that carries none', async () => {
      exporter.reset();
      const { applicationId, body } = await callbackFor(h, 3);
      expect((await postApptraker(h, 'westlake', body)).status).to.equal(200);
      const webhook = await webhookAbout(receiver, applicationId);
      const server = await waitFor(() => exporter.getFinishedSpans().find((s) => s.name === 'POST /lendwire/callbacks/:lenderId'), 5_000, 'the server span');
      expect(server.parentSpanContext).to.equal(undefined);
      expect(webhook.headers.traceparent).to.match(new RegExp(`^00-${server.spanContext().traceId}-[0-9a-f]{16}-01$`));
    });
  });
});
