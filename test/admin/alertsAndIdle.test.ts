import { expect } from 'chai';
import { createHarness, type Harness } from '../support/harness.js';
import { apptrakerAdapter } from '../../adapters/lenders/apptraker/index.js';
import { webhookTransport } from '../../adapters/transports/webhook/index.js';
import { startSampleReceiver, type SampleReceiver } from '../../host-example/receiver/sampleReceiver.js';
import { adminAuth, adminManifest, seedApplication, seedDelivery, testSealer, waitFor, WEBHOOK_SECRET } from './adminFixtures.js';

describe('alerts and idle applications', () => {
  let h: Harness;
  let receiver: SampleReceiver;
  const lw = () => h.db.knex.withSchema('lendwire');
  const alertEvents = async (key: string) => (await lw().table('outbox').where({ type: 'alert.raised' })).filter((e) => e.payload.key === key);

  before(async () => {
    receiver = await startSampleReceiver({ secret: WEBHOOK_SECRET, print: () => undefined });
    const manifest = adminManifest(receiver.webhookUrl);
    (manifest.subscriptions as Record<string, unknown>[])[0].events = ['alert.*', 'application.idle'];
    h = await createHarness({
      manifest,
      register: (l) => {
        l.registerLenderAdapter(apptrakerAdapter);
        l.registerTransport(webhookTransport);
      },
      extra: {
        auth: adminAuth,
        alerts: { checkIntervalMs: 150, minCallbacks: 3, backlogThreshold: 2 },
        idle: { scanEveryMs: 250, thresholds: ['24h', '72h'] },
      },
    });
  });
  after(async () => {
    await h?.close();
    await receiver?.close();
  });

  it('raises a callback success-rate alert once per crossing, as an ops event, a metric and a log line', async () => {
    const rows = [
      { parse_status: 'parsed', process_status: 'applied' },
      { parse_status: 'unparseable', process_status: 'review' },
      { parse_status: 'unparseable', process_status: 'review' },
      { parse_status: 'unparseable', process_status: 'review' },
    ];
    await lw().table('raw_callbacks').insert(rows.map((r) => ({ ...r, lender_id: 'westlake', headers: '{}', body: Buffer.from('x') })));
    const delivered = await waitFor(async () => receiver.received.find((r) => r.type === 'alert.raised' && r.data.alert === 'callback_success_rate'), 10_000, 'the alert webhook');
    expect(delivered.data).to.include({ successRate: 0.25, processed: 4 });
    await new Promise((r) => setTimeout(r, 600)); // several more checks
    expect(await alertEvents('callback_success_rate')).to.have.length(1);
    const metrics = await (await h.request('/metrics')).text();
    expect(metrics).to.match(/lendwire_alert_active\{alert="callback_success_rate",key="callback_success_rate"\} 1/);
    expect(metrics).to.match(/lendwire_alerts_raised_total\{alert="callback_success_rate"\} 1/);
    expect(h.logs()).to.include('ALERT raised: callback success rate 25%');
    // Recovery: the bad callbacks age out of the window -> resolved, once.
    await lw().table('raw_callbacks').update({ received_at: new Date(Date.now() - 3600_000) });
    await waitFor(async () => (await lw().table('outbox').where({ type: 'alert.resolved' })).some((e) => e.payload.key === 'callback_success_rate'), 10_000, 'resolved');
  });

  it('raises an alert for a dead letter, for slow vendor submissions and for a backlog crossing', async () => {
    const app = await seedApplication(h.db.knex, testSealer(), {});
    const dead = await seedDelivery(h.db.knex, app, { status: 'dead_lettered', targetId: 'gone' });
    const deadAlert = await waitFor(async () => receiver.received.find((r) => r.type === 'alert.raised' && r.data.alert === 'dead_letter'), 10_000, 'dead letter alert');
    expect(deadAlert.data.deliveryIds).to.include(dead);
    await lw().table('submissions').insert([7000, 8000, 9000].map((ms) => ({ application_id: app.id, lender_id: 'westlake', state: 'accepted', duration_ms: ms })));
    const slow = await waitFor(async () => receiver.received.find((r) => r.type === 'alert.raised' && r.data.alert === 'vendor_latency'), 10_000, 'latency alert');
    expect(slow.data).to.include({ lenderId: 'westlake' });
    expect(slow.data.p95Ms).to.be.greaterThan(5000);
    for (let i = 0; i < 3; i++) await seedDelivery(h.db.knex, app, { status: 'paused', targetId: 'slowpoke' });
    const backlog = await waitFor(async () => receiver.received.find((r) => r.type === 'alert.raised' && r.data.alert === 'backlog'), 10_000, 'backlog alert');
    expect(backlog.data).to.include({ targetId: 'slowpoke', pending: 3 });
    await new Promise((r) => setTimeout(r, 500));
    expect(await alertEvents('backlog:subscription:slowpoke')).to.have.length(1);
  });

  it('emits application.idle once per threshold while an application sits unchanged, and not for final ones', async () => {
    const sealer = testSealer();
    const quiet = await seedApplication(h.db.knex, sealer, { status: 'conditioned', createdAt: new Date(Date.now() - 80 * 3600_000) });
    const done = await seedApplication(h.db.knex, sealer, { status: 'funded', createdAt: new Date(Date.now() - 80 * 3600_000) });
    const fresh = await seedApplication(h.db.knex, sealer, { status: 'pending', createdAt: new Date(Date.now() - 3600_000) });
    const idleFor = (id: string) => receiver.received.filter((r) => r.type === 'application.idle' && r.data.applicationId === id);
    await waitFor(async () => idleFor(quiet.id).length === 2, 10_000, 'two idle notices');
    await new Promise((r) => setTimeout(r, 800)); // more scans
    expect(idleFor(quiet.id).map((r) => r.data.threshold).sort()).to.deep.equal(['24h', '72h']);
    expect(idleFor(quiet.id)[0].data).to.include({ status: 'conditioned', dealerId: 'dealer-1' });
    expect(idleFor(done.id)).to.have.length(0);
    expect(idleFor(fresh.id)).to.have.length(0);
    // A change starts a new quiet spell: once it is quiet again, it is announced again.
    await lw().table('applications').where({ id: quiet.id }).update({ version: 5, updated_at: new Date(Date.now() - 30 * 3600_000) });
    await waitFor(async () => idleFor(quiet.id).length === 3, 10_000, 'a new 24h notice');
    expect(idleFor(quiet.id)[2].data.threshold).to.equal('24h');
  });

  it('refuses bad alert and idle settings at creation, naming each problem', async () => {
    const err = await createHarness({ manifest: adminManifest(), start: false, extra: { idle: { thresholds: ['soon'] }, alerts: { callbackSuccessRate: 95 } } }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).to.include('/alerts/callbackSuccessRate');
    const idleErr = await createHarness({ manifest: adminManifest(), start: false, extra: { idle: { thresholds: ['24h', 'soon'] } } }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(idleErr?.message).to.include('/idle/thresholds/1: must be a duration like 24h');
  });
});
