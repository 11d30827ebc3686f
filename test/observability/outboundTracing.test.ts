import { expect } from 'chai';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { request } from 'undici';
import { TRUSTED_ENDPOINTS, createOutboundDispatcher, outboundFetch, outboundTimeouts } from '../../plugin/index.js';
import { inSpan } from '../../plugin/observability/tracing/index.js';
import { closedPort, httpServer, type LocalServer } from '../outbound/support/localServers.js';
import { registerTestTracing, type TestTracing } from './support/testTracing.js';

/**
 * The kit dispatcher traces both request APIs lendwire uses: outboundFetch
 * (lenders, CRMs: fetch's handler API) and undici `request` (webhooks: the other
 * one), and leaves the answer as it was.
 */
describe('outbound kit tracing', () => {
  let server: LocalServer;
  let tracing: TestTracing;
  const seen: Record<string, string | string[] | undefined>[] = [];

  before(async () => {
    server = await httpServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      req.on('end', () => {
        const status = req.url === '/missing' ? 404 : 201;
        res.writeHead(status, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] }).end('{"ok":true}');
      });
    });
    tracing = registerTestTracing();
  });
  after(async () => {
    await tracing?.unregister();
    await server?.close();
  });
  beforeEach(() => {
    tracing.exporter.reset();
    seen.length = 0;
  });

  const clientSpans = () => tracing.exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.CLIENT);

  it('gives a lender or CRM call (outboundFetch) a client span under the job and a traceparent, the answer unchanged', async () => {
    const dispatcher = createOutboundDispatcher({ policy: TRUSTED_ENDPOINTS });
    try {
      const answer = await inSpan('process submissions', {}, () =>
        outboundFetch({ method: 'POST', url: `${server.url}/apps?token=secret-query`, headers: { 'x-api-key': 'k-123' }, body: '{}' }, { dispatcher, timeouts: outboundTimeouts(2_000), maxBodyBytes: 1024 }),
      );
      expect(answer).to.include({ ok: true, status: 201 });
      // Repeated headers stay separate lines (fetch joins them with ", " itself).
      expect((answer as { headers: Headers }).headers.get('set-cookie')).to.equal('a=1, b=2');
      const job = tracing.exporter.getFinishedSpans().find((s) => s.name === 'process submissions')!;
      const [call] = clientSpans();
      expect(call.parentSpanContext?.spanId).to.equal(job.spanContext().spanId);
      expect(call.attributes).to.deep.equal({ 'http.request.method': 'POST', 'server.address': '127.0.0.1', 'server.port': server.port, 'url.scheme': 'http', 'http.response.status_code': 201 });
      expect(seen[0].traceparent).to.equal(`00-${call.spanContext().traceId}-${call.spanContext().spanId}-01`);
      expect(seen[0]['x-api-key'], 'the caller’s own headers are still sent').to.equal('k-123');
    } finally {
      await dispatcher.close();
    }
  });

  it('traces a webhook call (undici request), marks a 4xx answer and a refused connection as errors', async () => {
    const dispatcher = createOutboundDispatcher({ policy: TRUSTED_ENDPOINTS });
    const refused = await closedPort();
    try {
      const res = await request(`${server.url}/missing`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' }, dispatcher });
      expect(res.statusCode).to.equal(404);
      expect(res.headers['set-cookie']).to.deep.equal(['a=1', 'b=2']);
      await res.body.dump();
      await request(`http://127.0.0.1:${refused}/`, { dispatcher }).then(
        () => expect.fail('a refused connection answered'),
        () => undefined,
      );
      const [notFound, failed] = clientSpans();
      expect(seen[0].traceparent).to.equal(`00-${notFound.spanContext().traceId}-${notFound.spanContext().spanId}-01`);
      expect(notFound.attributes).to.include({ 'http.response.status_code': 404, 'error.type': '404' });
      expect(notFound.status.code).to.equal(SpanStatusCode.ERROR);
      expect(failed.attributes).to.include({ 'server.port': refused, 'error.type': 'ECONNREFUSED' });
      expect(failed.status.code).to.equal(SpanStatusCode.ERROR);
      const attributes = JSON.stringify(clientSpans().map((s) => s.attributes));
      expect(attributes).not.to.match(/secret-query|k-123|\/missing|\/apps/);
    } finally {
      await dispatcher.close();
    }
  });
});
