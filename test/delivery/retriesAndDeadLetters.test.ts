import { expect } from 'chai';
import { Webhook } from 'standardwebhooks';
import { createHarness, type Harness } from '../support/harness.js';
import { startReceiver, answer, type Receiver, type ReceiverHandler } from './support/receiver.js';
import { attemptsOf, deliveriesOf, deliveryManifest, emit, manifestSecret, registerWebhook, rejection, subscription, waitFor } from './support/deliveryTestKit.js';
import { InputError } from '../../plugin/index.js';

describe('retries, dead letters and replay', () => {
  let h: Harness;
  let flaky: Receiver;
  let down: Receiver;
  let ops: Receiver;

  before(async () => {
    flaky = await startReceiver();
    down = await startReceiver(answer(500, 'boom'));
    ops = await startReceiver(answer(200));
    h = await createHarness({
      manifest: deliveryManifest({
        subscriptions: [
          subscription('flaky', flaky.url, { retry: { schedule: ['100ms', '100ms', '100ms'] } }),
          subscription('down', down.url, { retry: { schedule: ['50ms', '50ms'] } }),
          subscription('ops', ops.url, { events: ['delivery.dead_lettered', 'endpoint.*'] }),
        ],
      }),
      register: registerWebhook,
    });
  });
  after(async () => {
    await h?.close();
    for (const r of [flaky, down, ops]) await r?.close();
  });

  it('retries on the schedule with the same webhook-id, and succeeds once the endpoint recovers', async () => {
    let calls = 0;
    flaky.handler = (_req, res) => {
      calls++;
      res.writeHead(calls <= 2 ? 503 : 200);
      res.end(calls <= 2 ? 'unavailable' : 'ok');
    };
    const eventId = await emit(h.db.knex);
    const delivery = await waitFor(async () => (await deliveriesOf(h.db.knex, 'flaky')).find((d) => d.event_id === eventId && d.status === 'succeeded'), 10_000, 'success');
    const sent = flaky.requests.filter((r) => r.headers['webhook-id'] === eventId);
    expect(sent).to.have.length(3);
    // Every retry is signed afresh and verifies; the id never changes.
    for (const r of sent) new Webhook(manifestSecret()).verify(r.body, r.headers);
    // The schedule (100 ms ± 10%) is respected between attempts.
    expect(sent[1].at - sent[0].at).to.be.at.least(85);
    expect(sent[2].at - sent[1].at).to.be.at.least(85);
    const attempts = await attemptsOf(h.db.knex, delivery.id);
    expect(attempts.map((a) => [a.attempt, a.status_code, a.error_code])).to.deep.equal([
      [1, 503, 'E_HTTP_5XX'],
      [2, 503, 'E_HTTP_5XX'],
      [3, 200, null],
    ]);
    expect(attempts[0].response_excerpt).to.equal('unavailable');
  });

  it('dead-letters after the last retry with a delivery.dead_lettered ops event, a metric and a log line', async () => {
    const eventId = await emit(h.db.knex);
    const delivery = await waitFor(async () => (await deliveriesOf(h.db.knex, 'down')).find((d) => d.event_id === eventId && d.status === 'dead_lettered'), 10_000, 'dead letter');
    // One first attempt plus one per retry delay.
    expect(delivery.attempts).to.equal(3);
    expect(delivery.last_error_code).to.equal('E_HTTP_5XX');
    expect(down.requests.filter((r) => r.headers['webhook-id'] === eventId)).to.have.length(3);
    const opsEvent = await waitFor(
      () => ops.requests.map((r) => JSON.parse(r.body)).find((b) => b.type === 'delivery.dead_lettered' && b.data.eventId === eventId),
      10_000,
      'the ops event',
    );
    expect(opsEvent.data).to.include({ deliveryId: delivery.id, targetId: 'down', targetKind: 'subscription', attempts: 3, lastErrorCode: 'E_HTTP_5XX' });
    const metrics = await (await h.request('/metrics')).text();
    expect(metrics).to.match(/^lendwire_dead_letters_total\{kind="subscription",target="down"\} [1-9]/m);
    expect(h.logs()).to.include(delivery.id).and.to.match(/delivery dead-lettered/);
  });

  it('replays one dead-lettered delivery (same webhook-id), idempotently, and audits it', async () => {
    const [dead] = (await deliveriesOf(h.db.knex, 'down')).filter((d) => d.status === 'dead_lettered');
    down.handler = answer(200);
    const before = down.requests.length;
    const first = await h.lendwire.deliveries.replay(dead.id, { actor: 'u-operator' });
    const second = await h.lendwire.deliveries.replay(dead.id, { actor: 'u-operator' });
    expect(first).to.deep.equal({ deliveryId: dead.id, replayed: true, status: 'pending' });
    expect(second.replayed).to.equal(false);
    const done = await waitFor(async () => (await deliveriesOf(h.db.knex, 'down')).find((d) => d.id === dead.id && d.status === 'succeeded'), 10_000, 'replayed');
    expect(done.replays).to.equal(1);
    const resent = down.requests.slice(before);
    expect(resent).to.have.length(1);
    expect(resent[0].headers['webhook-id']).to.equal(dead.event_id);
    const audit = await h.db.knex.withSchema('lendwire').table('audit_log').where({ action: 'delivery.replay', target_id: dead.id }).orderBy('id');
    expect(audit.map((a) => [a.actor, a.details.replayed])).to.deep.equal([
      ['u-operator', true],
      ['u-operator', false],
    ]);
  });

  it('replays every failed delivery of an endpoint since a time, bounded, and re-sends an event to what matches it now', async () => {
    down.handler = answer(500);
    const since = new Date();
    const ids = [await emit(h.db.knex), await emit(h.db.knex), await emit(h.db.knex)];
    await waitFor(async () => (await deliveriesOf(h.db.knex, 'down')).filter((d) => ids.includes(d.event_id) && d.status === 'dead_lettered').length === 3, 10_000, '3 dead letters');
    down.handler = answer(204);
    const partial = await h.lendwire.deliveries.replayFailed({ targetId: 'down', since, limit: 2 }, { actor: 'u-admin' });
    expect(partial.replayed).to.equal(2);
    expect(partial.more).to.equal(true);
    const rest = await h.lendwire.deliveries.replayFailed({ targetId: 'down', since }, { actor: 'u-admin' });
    expect(rest.replayed).to.equal(1);
    expect(rest.more).to.equal(false);
    await waitFor(async () => (await deliveriesOf(h.db.knex, 'down')).filter((d) => ids.includes(d.event_id) && d.status === 'succeeded').length === 3, 10_000, '3 replayed');
    const tooMany = await rejection(h.lendwire.deliveries.replayFailed({ targetId: 'down', since, limit: 5000 }, { actor: 'u-admin' }));
    expect(tooMany).to.be.instanceOf(InputError);
    expect((tooMany as InputError).problems[0].path).to.equal('/limit');

    // Re-send: a new subscription created after the event gets it too; the finished delivery is sent again.
    // The endpoints hold their answers until both re-sends were asked for, so the re-sent deliveries are
    // still in progress at the second call whatever the machine's speed.
    const held: (() => void)[] = [];
    const hold: ReceiverHandler = (_req, res) => void held.push(() => res.writeHead(200).end());
    flaky.handler = hold;
    down.handler = hold;
    const late = await startReceiver(hold);
    try {
      await h.lendwire.subscriptions.create({ id: 'late', url: late.url, events: ['application.status_changed'] }, { actor: 'u-admin' });
      const resent = await h.lendwire.deliveries.resendEvent(ids[0], { actor: 'u-admin' });
      const again = await h.lendwire.deliveries.resendEvent(ids[0], { actor: 'u-admin' });
      expect(resent.deliveryIds.length).to.be.at.least(3); // late (new), flaky and down (replayed)
      expect(again.deliveryIds).to.have.length(0); // all in progress: nothing doubled
      await waitFor(() => late.requests.find((r) => r.headers['webhook-id'] === ids[0]), 10_000, 'late subscriber');
    } finally {
      for (const release of held.splice(0)) release();
      await late.close();
    }
  });
});
