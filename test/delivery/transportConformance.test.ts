import { expect } from 'chai';
import { checkTransportConformance, type Transport } from '../../plugin/index.js';
import { webhookTransport } from '../../adapters/transports/webhook/index.js';
import { standardWebhooksScheme } from '../../adapters/index.js';

describe('Transport conformance kit', () => {
  it('passes the built-in webhook transport on every scenario', async () => {
    const results = await checkTransportConformance(webhookTransport);
    expect(results.filter((r) => !r.ok)).to.deep.equal([]);
    expect(results).to.have.length(7);
  });

  it('passes a transport that signs with registered schemes it does not bring, given them as options', async () => {
    const bare: Transport = { id: 'bare', send: (m, t, ctx) => webhookTransport.send(m, t, ctx) };
    expect((await checkTransportConformance(bare, { signatureSchemes: [standardWebhooksScheme] })).filter((r) => !r.ok)).to.deep.equal([]);
    const unsigned = (await checkTransportConformance(bare)).filter((r) => !r.ok);
    expect(unsigned.map((r) => r.name)).to.include('2xx is delivered, signed per Standard Webhooks, body sent as given');
  });

  it('catches a transport that ignores the core dispatcher, mis-signs and misclassifies', async () => {
    const sloppy: Transport = {
      id: 'sloppy',
      async send(message, target) {
        const res = await fetch(target.url, { method: 'POST', body: message.body, headers: { 'content-type': 'application/json', 'webhook-signature': 'v1,bogus' } });
        await res.arrayBuffer();
        return res.ok ? { result: 'delivered', statusCode: res.status } : { result: 'retryable', code: 'E_HTTP', message: String(res.status), statusCode: res.status };
      },
    };
    const failed = (await checkTransportConformance(sloppy)).filter((r) => !r.ok).map((r) => r.name);
    expect(failed).to.include.members([
      '2xx is delivered, signed per Standard Webhooks, body sent as given',
      'sends through ctx.dispatcher (the SSRF-guarded agent)',
      '5xx is retryable E_HTTP_5XX with the status code',
      '410 is permanent and disables the target',
      'redirects are not followed',
      'a hanging endpoint ends in E_TIMEOUT within the target timeout',
    ]);
  });
});
