import { expect } from 'chai';
import { Webhook } from 'standardwebhooks';
import { createHarness, type Harness } from '../support/harness.js';
import { startReceiver, answer, type Receiver } from './support/receiver.js';
import { attemptsOf, deliveriesOf, deliveryManifest, emit, manifestSecret, registerWebhook, subscription, waitFor, type Row } from './support/deliveryTestKit.js';

describe('webhook delivery (Standard Webhooks)', () => {
  let h: Harness;
  let receiver: Receiver;
  let other: Receiver;

  before(async () => {
    receiver = await startReceiver(answer(200, 'ok'));
    other = await startReceiver(answer(204));
    h = await createHarness({
      manifest: deliveryManifest({
        subscriptions: [subscription('partner', receiver.url), subscription('ops-only', other.url, { events: ['delivery.*', 'endpoint.*'] })],
      }),
      register: registerWebhook,
    });
  });
  after(async () => {
    await h?.close();
    await receiver?.close();
    await other?.close();
  });

  it('delivers an outbox event, signed so an independent Standard Webhooks verifier accepts it', async () => {
    const eventId = await emit(h.db.knex, 'application.status_changed', { applicationId: 'app_1', status: 'approved', previousStatus: 'pending' });
    const req = await waitFor(() => receiver.requests.find((r) => r.headers['webhook-id'] === eventId), 10_000, 'the webhook');
    expect(req.method).to.equal('POST');
    expect(req.headers['content-type']).to.equal('application/json');
    expect(req.headers['user-agent']).to.match(/^lendwire\/\d+\.\d+\.\d+/);
    expect(Number(req.headers['webhook-timestamp'])).to.be.closeTo(Date.now() / 1000, 30);
    const verified = new Webhook(manifestSecret()).verify(req.body, req.headers) as Row;
    expect(verified.type).to.equal('application.status_changed');
    expect(verified.data).to.deep.equal({ applicationId: 'app_1', status: 'approved', previousStatus: 'pending' });
    expect(new Date(verified.timestamp).toISOString()).to.equal(verified.timestamp);
    expect(Object.keys(JSON.parse(req.body))).to.deep.equal(['type', 'timestamp', 'data']);
    // Tampering is detected by the same verifier.
    expect(() => new Webhook(manifestSecret()).verify(req.body.replace('approved', 'declined'), req.headers)).to.throw();
  });

  it('records the delivery as succeeded with its attempt, and sends nothing to a subscription whose filter does not match', async () => {
    const eventId = await emit(h.db.knex);
    const delivery = await waitFor(async () => (await deliveriesOf(h.db.knex, 'partner')).find((d) => d.event_id === eventId && d.status === 'succeeded'), 10_000, 'succeeded');
    expect(delivery.attempts).to.equal(1);
    const [attempt] = await attemptsOf(h.db.knex, delivery.id);
    expect(attempt).to.include({ attempt: 1, status_code: 200, error_code: null, response_excerpt: 'ok' });
    expect(attempt.duration_ms).to.be.a('number');
    expect(other.requests.filter((r) => r.headers['webhook-id'] === eventId)).to.have.length(0);
    expect((await deliveriesOf(h.db.knex, 'ops-only')).filter((d) => d.event_id === eventId)).to.have.length(0);
  });

  it('never sends SSN, date of birth or income, even when a feature puts them in the event', async () => {
    const eventId = await emit(h.db.knex, 'application.submitted', { applicationId: 'app_2', applicant: { firstName: 'Ana', ssn: '123-45-6789', dateOfBirth: '1980-01-01', monthlyIncome: 5000 } });
    const req = await waitFor(() => receiver.requests.find((r) => r.headers['webhook-id'] === eventId), 10_000, 'the webhook');
    expect(JSON.parse(req.body).data).to.deep.equal({ applicationId: 'app_2', applicant: { firstName: 'Ana' } });
    expect(req.body).not.to.match(/123-45-6789|1980-01-01|5000/);
  });

  it('marks every relayed event and exposes delivery metrics', async () => {
    await waitFor(async () => {
      const [{ n }] = await h.db.knex.withSchema('lendwire').table('outbox').whereNull('relayed_at').count({ n: '*' });
      return Number(n) === 0;
    });
    const text = await (await h.request('/metrics')).text();
    expect(text).to.match(/^lendwire_deliveries_total\{kind="subscription",result="delivered"\} [1-9]/m);
    expect(text).to.match(/^lendwire_delivery_attempt_duration_seconds_count\{kind="subscription",outcome="delivered"\} [1-9]/m);
    expect(text).to.match(/^lendwire_outbox_lag_seconds /m);
  });

  it('reports the outbox on GET /health', async () => {
    const body = (await (await h.request('/health')).json()) as { checks: Record<string, Record<string, unknown>> };
    expect(body.checks.outbox).to.include({ ok: true, waiting: 0 });
  });

  it('prunes delivered deliveries (and their attempts) past retention.deliveriesDays', async () => {
    const [old] = (await deliveriesOf(h.db.knex, 'partner')).filter((d) => d.status === 'succeeded');
    await h.db.knex.withSchema('lendwire').table('deliveries').where({ id: old.id }).update({ completed_at: new Date(Date.now() - 91 * 86_400_000) });
    await waitFor(async () => !(await h.db.knex.withSchema('lendwire').table('deliveries').where({ id: old.id }).first()), 5_000, 'pruned');
    expect(await attemptsOf(h.db.knex, old.id)).to.have.length(0);
    expect((await deliveriesOf(h.db.knex, 'partner')).length).to.be.greaterThan(0);
  });
});
