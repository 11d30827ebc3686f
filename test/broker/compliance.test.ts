import { expect } from 'chai';
import { pino } from 'pino';
import { waitFor } from '../support/waitFor.js';
import { scanAdverseActionDue } from '../../plugin/applications/idle/scanAdverseActionDue.js';
import { AlertMonitor } from '../../plugin/alerts/AlertMonitor.js';
import { DEFAULT_ALERT_SETTINGS } from '../../plugin/alerts/AlertSettings.js';
import { AuditRetention } from '../../plugin/audit/AuditRetention.js';
import { Metrics } from '../../plugin/observability/Metrics.js';
import { migrateLatest, parseManifest } from '../../plugin/index.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { testManifest } from '../support/testManifest.js';
import { brokerRig, eventsOf, journeyRequest, SCHEMA, type BrokerRig } from './brokerSupport.js';

const DAY = 86_400_000;

describe('adverse-action reminders and the overdue alert', function () {
  this.timeout(30_000);
  let rig: BrokerRig;
  let id: string;

  const scan = () => scanAdverseActionDue(rig.h.db.knex, SCHEMA, 5, 100, rig.clock.now());
  const monitor = () => new AlertMonitor(rig.h.db.knex, { schema: SCHEMA }, rig.clock, pino({ level: 'silent' }), new Metrics(), DEFAULT_ALERT_SETTINGS);
  const alerts = async () =>
    (await rig.h.db.knex.withSchema(SCHEMA).table('outbox').whereIn('type', ['alert.raised', 'alert.resolved']).whereRaw(`payload->>'alert' = 'adverse_action_overdue'`).orderBy('id').select('type', 'payload')) as {
      type: string;
      payload: Record<string, unknown>;
    }[];

  const checkUntil = (events: number) =>
    waitFor(async () => {
      await monitor().check();
      return (await alerts()).length >= events;
    }, 10_000, `${events} alert event(s)`);

  before(async () => {
    rig = await brokerRig();
    id = ((await rig.h.lendwire.applications.submit(journeyRequest(), { dealerIds: ['dealer-1'] })) as { id: string }).id;
    const row = await waitFor(async () => {
      const r = await rig.h.db.knex.withSchema(SCHEMA).table('applications').where({ id }).first();
      return r?.status === 'submitted' && r;
    }, 10_000, 'the journey to be opened');
    expect((await rig.broker.sendCaseOutcome(row.lender_app_id, 'declined')).status).to.equal(200);
    await waitFor(async () => (await rig.h.db.knex.withSchema(SCHEMA).table('applications').where({ id }).first())?.adverse_action_due_at, 10_000, 'the decline');
  });
  after(async () => {
    await rig.h.close();
    await rig.broker.close();
  });

  it('emits application.adverse_action_due 5 days before the notice is due, once', async () => {
    rig.clock.offsetMs = 24 * DAY;
    expect(await scan()).to.equal(0);
    rig.clock.offsetMs = 25 * DAY + DAY / 2;
    expect(await scan()).to.equal(1);
    expect(await scan()).to.equal(0);
    const [due] = await eventsOf(rig.h, id, 'application.adverse_action_due');
    const row = await rig.h.db.knex.withSchema(SCHEMA).table('applications').where({ id }).first();
    expect(due.payload).to.deep.include({ applicationId: id, status: 'declined', dueAt: new Date(row.adverse_action_due_at).toISOString(), daysLeft: 5 });
  });

  it('raises adverse_action_overdue once past the due date, and resolves it when the dealer records the notice as sent', async () => {
    rig.clock.offsetMs = 29 * DAY;
    await monitor().check();
    expect(await alerts()).to.have.length(0);
    rig.clock.offsetMs = 31 * DAY;
    // The harness' own monitor runs too: whichever holds the check lock raises it.
    await checkUntil(1);
    await monitor().check();
    const raised = await alerts();
    expect(raised.map((a) => a.type)).to.deep.equal(['alert.raised']);
    expect(raised[0].payload).to.deep.include({ overdue: 1, applicationIds: [id] });

    expect((await rig.h.request(`/applications/${id}/adverse-action-notice`, { method: 'POST', token: 'viewer-token' })).status).to.equal(403);
    const res = await rig.h.request(`/applications/${id}/adverse-action-notice`, { method: 'POST', token: 'dealer1-token' });
    expect(res.status, await res.clone().text()).to.equal(200);
    await checkUntil(2);
    expect((await alerts()).map((a) => a.type)).to.deep.equal(['alert.raised', 'alert.resolved']);
    const audit = await rig.h.db.knex.withSchema(SCHEMA).table('audit_log').where({ action: 'adverse_action.sent', target_id: id });
    expect(audit).to.have.length(1);
    expect((await rig.h.request(`/applications/${id}/adverse-action-notice`, { method: 'POST', token: 'dealer2-token' })).status).to.equal(404);
  });
});

describe('audit log retention', () => {
  let db: TestDatabase;
  const now = new Date('2026-11-23T12:00:00Z');
  before(async () => {
    db = await createTestDatabase();
    await migrateLatest(db.knex, SCHEMA);
  });
  after(async () => {
    await db.drop();
  });

  it('keeps 25 months by default and prunes what is older, in batches', async () => {
    for (const daysAgo of [1, 700, 760, 762, 800, 3000]) {
      await db.knex.withSchema(SCHEMA).table('audit_log').insert({ at: new Date(now.getTime() - daysAgo * DAY), actor: 'u', action: 'test.entry', target_type: 't', target_id: String(daysAgo) });
    }
    const manifest = parseManifest(testManifest());
    expect(manifest.retention.auditLogDays).to.equal(761);
    const retention = new AuditRetention(db.knex, { schema: SCHEMA }, manifest, { now: () => now }, pino({ level: 'silent' }));
    expect(await retention.prune(2)).to.equal(3);
    const left = await db.knex.withSchema(SCHEMA).table('audit_log').where({ action: 'test.entry' }).orderBy('at').pluck('target_id');
    expect(left).to.deep.equal(['760', '700', '1']);
    expect(await retention.prune()).to.equal(0);
  });

  it('refuses a retention under 25 months', () => {
    expect(() => parseManifest(testManifest({ retention: { auditLogDays: 365 } }))).to.throw(/auditLogDays/);
  });
});
