import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { createHarness, type Harness } from '../support/harness.js';
import { startReceiver, answer, type Receiver } from './support/receiver.js';
import { deliveryManifest, emit, registerWebhook, rejection, subscription, waitFor } from './support/deliveryTestKit.js';
import { ConfigurationError, InputError, type OutboundMessage, type SignatureScheme } from '../../plugin/index.js';
import { brokerScheme, standardWebhooksScheme } from '../../adapters/index.js';
import { generateWebhookSecret } from '../../plugin/webhooks/subscriptionSecrets.js';
import { DEFAULT_SIGNATURE_SCHEME } from '../../plugin/webhooks/SubscriptionRecord.js';
import manifestSchema from '../../plugin/manifest/manifest.schema.json' with { type: 'json' };

function message(): OutboundMessage {
  const envelope = { type: 'scheme.test', timestamp: new Date().toISOString(), data: { n: 1, text: 'héllo' } };
  return { id: 'msg_scheme1', type: envelope.type, sentAt: new Date(), body: JSON.stringify(envelope), envelope };
}

/** A partner's scheme: a shared token and a hex HMAC of the body in its own headers. */
const acmeScheme: SignatureScheme = {
  id: 'acme-hmac',
  sign(m, secrets) {
    return { headers: { 'x-acme-id': m.id, 'x-acme-signature': createHmac('sha256', secrets[0]).update(m.body).digest('hex') }, body: m.body };
  },
  verify(request, secrets) {
    return secrets.some((s) => request.headers['x-acme-signature'] === createHmac('sha256', s).update(request.body).digest('hex'));
  },
};

describe('signature schemes', () => {
  describe('the built-in schemes', () => {
    it('standard-webhooks signs as the Standard Webhooks library does, and verifies what the library signs', () => {
      const secret = generateWebhookSecret();
      const m = message();
      const signed = standardWebhooksScheme.sign(m, [secret]);
      expect(signed.body).to.equal(m.body);
      expect(signed.headers).to.include({ 'webhook-id': m.id, 'webhook-timestamp': String(Math.floor(m.sentAt.getTime() / 1000)) });
      new Webhook(secret).verify(signed.body, signed.headers);
      expect(standardWebhooksScheme.verify(signed, [secret])).to.equal(true);
      const library = { ...signed.headers, 'webhook-signature': new Webhook(secret).sign(m.id, m.sentAt, m.body) };
      expect(standardWebhooksScheme.verify({ headers: library, body: m.body }, [secret])).to.equal(true);
    });

    it('standard-webhooks signs with every secret during a rotation and refuses other bytes or keys', () => {
      const [current, previous, stranger] = [generateWebhookSecret(), generateWebhookSecret(), generateWebhookSecret()];
      const signed = standardWebhooksScheme.sign(message(), [current, previous]);
      expect(signed.headers['webhook-signature'].split(' ')).to.have.length(2);
      expect(standardWebhooksScheme.verify(signed, [previous])).to.equal(true);
      expect(standardWebhooksScheme.verify(signed, [stranger])).to.equal(false);
      expect(standardWebhooksScheme.verify({ ...signed, body: `${signed.body} ` }, [current])).to.equal(false);
      expect(standardWebhooksScheme.sign(message(), []).headers).not.to.have.property('webhook-signature');
    });

    it('broker puts deliveredAt inside the body and signs those exact bytes (hex HMAC under the current secret)', () => {
      const m = message();
      const signed = brokerScheme.sign(m, ['broker-secret', 'old-secret']);
      expect(JSON.parse(signed.body)).to.deep.include({ type: 'scheme.test', deliveredAt: m.sentAt.toISOString() });
      expect(signed.headers).to.deep.equal({ 'x-broker-delivery-id': m.id, 'x-broker-signature': createHmac('sha256', 'broker-secret').update(signed.body).digest('hex') });
      expect(brokerScheme.verify(signed, ['broker-secret'])).to.equal(true);
      expect(brokerScheme.verify(signed, ['old-secret'])).to.equal(false);
      expect(brokerScheme.verify({ ...signed, body: signed.body.replace('1', '2') }, ['broker-secret'])).to.equal(false);
    });
  });

  it('has one default scheme, the same for API and manifest subscriptions', () => {
    expect(manifestSchema.$defs.subscription.properties.signature.default).to.equal(DEFAULT_SIGNATURE_SCHEME);
    expect(standardWebhooksScheme.id).to.equal(DEFAULT_SIGNATURE_SCHEME);
  });

  describe('the registry', () => {
    let h: Harness;
    let r: Receiver;

    before(async () => {
      r = await startReceiver(answer(200));
      h = await createHarness({
        manifest: deliveryManifest({ subscriptions: [subscription('manifest-acme', r.url, { events: ['acme.manifest'], signature: 'acme-hmac' })] }),
        register: (lw) => {
          registerWebhook(lw);
          lw.registerSignatureScheme(acmeScheme);
        },
      });
    });
    after(async () => {
      await h?.close();
      await r?.close();
    });

    it('signs with a scheme the host registered, for API and manifest subscriptions', async () => {
      const { secret } = await h.lendwire.subscriptions.create({ id: 'api-acme', url: r.url, events: ['acme.api'], signature: 'acme-hmac' }, { actor: 'u-admin' });
      const eventId = await emit(h.db.knex, 'acme.api');
      const req = await waitFor(() => r.requests.find((q) => q.headers['x-acme-id'] === eventId), 10_000, 'delivery');
      expect(acmeScheme.verify(req, [secret])).to.equal(true);
      expect(req.headers).not.to.have.property('webhook-signature');
      const fromManifest = await emit(h.db.knex, 'acme.manifest');
      const req2 = await waitFor(() => r.requests.find((q) => q.headers['x-acme-id'] === fromManifest), 10_000, 'manifest delivery');
      expect(acmeScheme.verify(req2, [process.env.LW_DELIVERY_TEST_SECRET!])).to.equal(true);
    });

    it('answers an unknown scheme on create and update with the field and the registered names', async () => {
      const created = await rejection(h.lendwire.subscriptions.create({ url: r.url, events: ['x.y'], signature: 'md5' }, { actor: 'u-admin' }));
      expect(created).to.be.instanceOf(InputError);
      expect((created as InputError).problems).to.deep.equal([{ path: '/signature', message: 'signature scheme "md5" is not registered (registered: standard-webhooks, broker, acme-hmac)' }]);
      await h.lendwire.subscriptions.create({ id: 'to-change', url: r.url, events: ['x.y'] }, { actor: 'u-admin' });
      const updated = await rejection(h.lendwire.subscriptions.update('to-change', { signature: '' }, { actor: 'u-admin' }));
      expect((updated as InputError).problems.map((p) => p.path)).to.deep.equal(['/signature']);
      expect((await h.lendwire.subscriptions.update('to-change', { signature: 'broker' }, { actor: 'u-admin' })).signature).to.equal('broker');
    });

    it('takes no scheme after start()', () => {
      expect(() => h.lendwire.registerSignatureScheme({ ...acmeScheme, id: 'late' })).to.throw(ConfigurationError, /signature scheme "late".*already started/);
    });
  });

  it('refuses a second scheme under a taken name, but not the same built-ins brought twice', async () => {
    const h = await createHarness({ start: false });
    try {
      registerWebhook(h.lendwire);
      h.lendwire.registerTransport({ id: 'webhook-copy', signatureSchemes: [standardWebhooksScheme, brokerScheme], send: async () => ({ result: 'delivered' }) });
      expect(() => h.lendwire.registerSignatureScheme({ ...standardWebhooksScheme })).to.throw(ConfigurationError, /signature scheme "standard-webhooks".*already registered/);
    } finally {
      await h.close();
    }
  });

  it('will not start while the manifest names a scheme nobody registered, naming the field and the registered ones', async () => {
    const h = await createHarness({ manifest: deliveryManifest({ subscriptions: [subscription('s1', 'https://hooks.example/in', { signature: 'md5' })] }), register: registerWebhook, start: false });
    try {
      const err = await rejection(h.lendwire.start());
      expect(err).to.be.instanceOf(ConfigurationError);
      expect((err as ConfigurationError).problems).to.deep.equal([{ path: '/subscriptions/0/signature', message: 'signature scheme "md5" is not registered (registered: standard-webhooks, broker)' }]);
    } finally {
      await h.close();
    }
  });
});
