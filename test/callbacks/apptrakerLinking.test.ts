import { expect } from 'chai';
import type { Harness } from '../support/harness.js';
import { SCHEMA, application, callbackHarness, deliver, fixture, insertApplication, outboxOf, renumbered, settled, transitionsOf, postApptraker, processed } from './callbackSupport.js';

describe('appTRAKER callbacks: linking, orphans, lookup and declines', function () {
  let h: Harness;
  before(async () => {
    h = await callbackHarness();
  });
  after(async () => {
    await h.close();
  });

  it('parks stage-2 callbacks that arrive before their link, counts them, and applies them in order when the link arrives', async () => {
    const appId = await insertApplication(h, { lenderAppId: 'AT-ORPHAN1' });
    const early = [
      await deliver(h, 'westlake', renumbered(fixture('02-decision-conditioned.json'), 'AT-ORPHAN1', '5000001')),
      await deliver(h, 'westlake', renumbered(fixture('03-verification.json'), 'AT-ORPHAN1', '5000001')),
    ];
    expect(early.map((r) => r.process_status)).to.deep.equal(['orphaned', 'orphaned']);
    expect(early[0].lender_app_no).to.equal('5000001');
    expect((await application(h, appId)).status).to.equal('submitted');
    const metrics = await (await h.request('/metrics')).text();
    expect(metrics).to.match(/^lendwire_callback_orphans_waiting\{lender="westlake"\} 2$/m);

    await deliver(h, 'westlake', renumbered(fixture('01-stage1-processed.json'), 'AT-ORPHAN1', '5000001'));
    for (const r of early) expect((await settled(h, r.id)).process_status).to.equal('applied');
    const transitions = await transitionsOf(h, appId);
    expect(transitions.map((t) => t.to_status)).to.deep.equal(['received', 'conditioned', 'approved']);
    expect(transitions.slice(1).map((t) => String(t.raw_callback_id))).to.deep.equal(early.map((r) => String(r.id)));
    const app = await application(h, appId);
    expect(app.status).to.equal('approved');
    expect(app.stipulations.verification).to.have.length(2);
    const after = await (await h.request('/metrics')).text();
    expect(after).not.to.match(/^lendwire_callback_orphans_waiting\{lender="westlake"\} [1-9]/m);
  });

  it("never touches another lender's application: the same Appno from another lender stays an orphan of that lender", async () => {
    const westlakeApp = await insertApplication(h, { lenderAppId: 'AT-CROSS1' });
    await deliver(h, 'westlake', renumbered(fixture('01-stage1-processed.json'), 'AT-CROSS1', '6000001'));
    const before = await application(h, westlakeApp);
    const foreign = await deliver(h, 'eastbank', renumbered(fixture('04-booked.json'), 'AT-CROSS1', '6000001'));
    expect(foreign.process_status).to.equal('orphaned');
    expect(foreign.lender_id).to.equal('eastbank');
    const after = await application(h, westlakeApp);
    expect(after.status).to.equal('received');
    expect(after.version).to.equal(before.version);
    // Nor can eastbank link its callbacks to westlake's application through the vendor id.
    const stage1 = await deliver(h, 'eastbank', renumbered(fixture('01-stage1-processed.json'), 'AT-CROSS1', '6000002'));
    expect(stage1.process_status).to.equal('orphaned');
    expect((await application(h, westlakeApp)).lender_app_no).to.equal('6000001');
  });

  it('finds an application by our own id when the vendor echoes it instead of an application number (dual lookup)', async () => {
    const appId = await insertApplication(h, { lenderAppId: null });
    const body = JSON.stringify({ Application: { AppId: appId, Appno: 7000001, DecisionStatus: 'Approved', FundingStatus: 'Undefined', UpdatedAt: '2026-11-20T10:00:00Z' } });
    const row = await deliver(h, 'westlake', body);
    expect(row.process_status).to.equal('applied');
    expect(row.application_id).to.equal(appId);
    expect((await application(h, appId)).status).to.equal('approved');
  });

  it('refuses a stage-1 link that would give an application number to a second application', async () => {
    const first = await insertApplication(h, { lenderAppId: 'AT-DUPNO1' });
    const second = await insertApplication(h, { lenderAppId: 'AT-DUPNO2' });
    await deliver(h, 'westlake', renumbered(fixture('01-stage1-processed.json'), 'AT-DUPNO1', '8000001'));
    const clash = await deliver(h, 'westlake', renumbered(fixture('01-stage1-processed.json'), 'AT-DUPNO2', '8000001'));
    expect(clash.process_status).to.equal('ignored');
    expect(clash.process_detail).to.match(/already belongs to another application/);
    expect((await application(h, first)).lender_app_no).to.equal('8000001');
    expect((await application(h, second)).lender_app_no).to.equal(null);
  });

  it('stores decline reasons with the credit bureau and makes the adverse-action notice due 30 days after the decline', async () => {
    const appId = await insertApplication(h, { lenderAppId: 'AT-DECL09' });
    await deliver(h, 'westlake', JSON.stringify({ Status: 'PROCESSED', AppId: 'AT-DECL09', Appno: '2097152', ProcessedAt: '2026-11-20T15:50:00Z' }));
    const row = await deliver(h, 'westlake', fixture('09-declined.json'));
    expect(row.process_status).to.equal('applied');
    const app = await application(h, appId);
    expect(app.status).to.equal('declined');
    expect(app.decline.reasons).to.deep.equal([
      { code: 'DTI', description: 'Debt-to-income ratio too high' },
      { code: 'TIB', description: 'Insufficient time in bureau' },
    ]);
    expect(app.decline.creditBureau).to.deep.equal({ name: 'Experian', address: 'P.O. Box 2002, Allen, TX 75013', phone: '1-888-397-3742' });
    expect(new Date(app.adverse_action_due_at).toISOString()).to.equal('2026-12-20T16:00:00.000Z');
    const [changed] = await outboxOf(h, appId, 'application.status_changed').then((e) => e.filter((x) => x.payload.status === 'declined'));
    expect(changed.payload).to.deep.include({ previousStatus: 'received', lenderStatus: 'Declined' });
    expect((changed.payload.decline as Record<string, unknown>).adverseActionDueAt).to.equal('2026-12-20T16:00:00.000Z');
    expect(((changed.payload.decline as Record<string, unknown>).creditBureau as Record<string, unknown>).name).to.equal('Experian');
  });

  it('gives FundingStatus precedence unless it is empty or Undefined', async () => {
    const appId = await insertApplication(h, { lenderAppId: 'AT-PREC01' });
    await deliver(h, 'westlake', JSON.stringify({ Status: 'PROCESSED', AppId: 'AT-PREC01', Appno: 9000001 }));
    const stage2 = (decision: string, funding: unknown, at: string) =>
      deliver(h, 'westlake', JSON.stringify({ Application: { Appno: 9000001, DecisionStatus: decision, FundingStatus: funding, UpdatedAt: at } }));
    await stage2('Approved', '', '2026-11-20T10:00:00Z');
    expect((await application(h, appId)).status).to.equal('approved');
    await stage2('Conditioned', 'Undefined', '2026-11-20T11:00:00Z');
    expect((await application(h, appId)).status).to.equal('conditioned');
    await stage2('Conditioned', 'Booked', '2026-11-20T12:00:00Z');
    expect((await application(h, appId)).status).to.equal('booked');
    // A newer decision-only callback cannot take a booked application back to a decision.
    const late = await stage2('Declined', null, '2026-11-21T12:00:00Z');
    expect(late.process_detail).to.match(/would regress/);
    expect((await application(h, appId)).status).to.equal('booked');
    const rows = await h.db.knex.withSchema(SCHEMA).table('application_transitions').where({ application_id: appId }).select('to_status');
    expect(rows.map((r: { to_status: string }) => r.to_status)).to.deep.equal(['received', 'approved', 'conditioned', 'booked']);
  });

  it('applies arrival order when the vendor sends no timestamp', async () => {
    const appId = await insertApplication(h, { lenderAppId: 'AT-NOTS01' });
    await deliver(h, 'westlake', JSON.stringify({ Status: 'PROCESSED', AppId: 'AT-NOTS01', Appno: 9100001 }));
    await deliver(h, 'westlake', JSON.stringify({ Application: { Appno: 9100001, DecisionStatus: 'Conditioned' } }));
    await deliver(h, 'westlake', JSON.stringify({ Application: { Appno: 9100001, DecisionStatus: 'Approved' } }));
    expect((await application(h, appId)).status).to.equal('approved');
  });

  it('answers 200 for a stage-2 callback of an unknown application and keeps it as an orphan', async () => {
    const res = await postApptraker(h, 'westlake', JSON.stringify({ Application: { Appno: 123, DecisionStatus: 'Approved' } }));
    expect(res.status).to.equal(200);
    const row = await processed(h, ((await res.json()) as { id: string }).id);
    expect(row.process_status).to.equal('orphaned');
  });
});

