import { expect } from 'chai';
import { waitFor } from '../support/waitFor.js';
import { brokerRig, eventsOf, journeyRequest, SCHEMA, type BrokerRig } from './brokerSupport.js';

async function applicationRow(rig: BrokerRig, id: string) {
  return rig.h.db.knex.withSchema(SCHEMA).table('applications').where({ id }).first();
}

describe('broker journeys opened from the dealer API', function () {
  this.timeout(30_000);
  let rig: BrokerRig;

  before(async () => {
    rig = await brokerRig();
  });
  after(async () => {
    await rig.h.close();
    await rig.broker.close();
  });

  it('opens the broker session, emits customer_link.ready with the SMS rendered, and follows the signed selected outcome by sessionId', async () => {
    const res = await rig.h.request('/applications', { method: 'POST', token: 'dealer1-token', json: journeyRequest() });
    expect(res.status, await res.clone().text()).to.equal(202);
    const { id } = (await res.json()) as { id: string };

    const submitted = await waitFor(async () => {
      const row = await applicationRow(rig, id);
      return row?.status === 'submitted' && row;
    }, 10_000, 'the journey to be opened');
    expect(rig.broker.sessions).to.have.length(1);
    const [session] = rig.broker.sessions;
    expect(submitted.lender_app_id).to.equal(session.sessionId);
    expect(submitted.kind).to.equal('customer_journey');
    expect(session.body).to.deep.include({ retailerId: 'RET-42', reference: id });
    expect(session.body.contact).to.deep.equal({ firstName: 'Aisha', lastName: 'Rahman', mobile: '+447700900123', email: 'aisha@example.com' });
    expect(session.body.project).to.deep.include({ projectValue: 14000, depositAmount: 1500, productSpec: 'panels_battery' });

    const [link] = await eventsOf(rig.h, id, 'customer_link.ready');
    expect(link.payload).to.deep.include({ sessionId: session.sessionId, url: session.customerUrl, applicationId: id, lenderId: 'sunhaven' });
    expect(link.payload.sms).to.deep.equal({ to: '+447700900123', text: `Hi Aisha, here's your finance link from Sunhaven Solar: ${session.customerUrl}` });

    const delivery = await rig.broker.sendCaseOutcome(session.sessionId, 'selected');
    expect(delivery.status).to.equal(200);
    const approved = await waitFor(async () => {
      const row = await applicationRow(rig, id);
      return row?.status === 'approved' && row;
    }, 10_000, 'the selected outcome to apply');
    expect(approved.lender_status).to.equal('selected');
    expect(approved.decision).to.deep.include({ lender: 'This Bank', apr: 11.4, term: 120 });

    const detail = await rig.h.request(`/applications/${id}`, { token: 'dealer1-token' });
    const body = (await detail.json()) as Record<string, unknown>;
    expect(body).to.deep.include({ kind: 'customer_journey', status: 'approved' });
    expect(body.journey).to.deep.include({ project: { value: 14000, deposit: 1500, product: 'panels_battery' } });
  });

  it('follows declined (suggested actions), withdrawn (reason), ineligible and completed outcomes of sessions it opened', async () => {
    for (const [outcome, status] of [
      ['declined', 'declined'],
      ['withdrawn', 'withdrawn'],
      ['ineligible', 'ineligible'],
      ['completed', 'funded'],
    ] as const) {
      const { id } = (await rig.h.lendwire.applications.submit(journeyRequest({ externalRef: `SOLAR-${outcome}` }), { dealerIds: ['dealer-1'] })) as { id: string };
      const row = await waitFor(async () => {
        const r = await applicationRow(rig, id);
        return r?.status === 'submitted' && r;
      }, 10_000, 'the journey to be opened');
      expect((await rig.broker.sendCaseOutcome(row.lender_app_id, outcome, { reason: `customer ${outcome}` })).status).to.equal(200);
      const done = await waitFor(async () => {
        const r = await applicationRow(rig, id);
        return r?.status === status && r;
      }, 10_000, `${outcome} to apply`);
      if (outcome === 'declined') {
        expect(done.decline).to.deep.include({ suggestedActions: ['smaller_amount', 'longer_term'] });
        expect(done.adverse_action_due_at).to.be.an.instanceOf(Date);
      }
      const [notice] = await eventsOf(rig.h, id, 'case.outcome');
      expect(notice.payload).to.deep.include({ outcome, status });
    }
  });

  it('still answers 404 to a signed outcome for a session nobody opened', async () => {
    const delivery = await rig.broker.sendCaseOutcome('5b0c7a3e-0000-4000-8000-000000000000', 'selected');
    expect(delivery.status).to.equal(404);
  });

  it('answers bad journey requests with every problem by path, and a credit application to the broker with a clear 422', async () => {
    const bad = await rig.h.request('/applications', {
      method: 'POST',
      token: 'dealer1-token',
      json: journeyRequest({ journey: { applicant: { firstName: 'Aisha', mobilePhone: '12' }, project: { value: 1000, deposit: 1000, product: 'panels' } } }),
    });
    expect(bad.status).to.equal(422);
    const problems = ((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path);
    expect(problems).to.include.members(['/journey/applicant/lastName', '/journey/applicant/mobilePhone', '/journey/project/deposit']);

    const credit = await rig.h.request('/applications', { method: 'POST', token: 'dealer1-token', json: { lenderId: 'sunhaven', dealerId: 'dealer-1', application: {} } });
    expect(credit.status).to.equal(422);
    expect(JSON.stringify(await credit.json())).to.match(/opens customer journeys/);

    const toLender = await rig.h.request('/applications', { method: 'POST', token: 'dealer1-token', json: journeyRequest({ lenderId: 'westlake' }) });
    expect(toLender.status).to.equal(422);
    expect(JSON.stringify(await toLender.json())).to.match(/does not open customer journeys/);
  });
});

describe('broker journeys are opened at most once', function () {
  this.timeout(30_000);
  let rig: BrokerRig;

  before(async () => {
    // The broker opens the session but answers after lendwire gave up waiting.
    rig = await brokerRig({ answerDelayMs: 1500, timeoutMs: 300 });
  });
  after(async () => {
    await rig.h.close();
    await rig.broker.close();
  });

  it('a lost answer is reconciled through the broker lookup: one session, and the application carries its id', async () => {
    const { id } = (await rig.h.lendwire.applications.submit(journeyRequest(), { dealerIds: ['dealer-1'] })) as { id: string };
    const row = await waitFor(async () => {
      const r = await rig.h.db.knex.withSchema(SCHEMA).table('applications').where({ id }).first();
      return r && r.status !== 'queued' && r.status !== 'submitting' && r;
    }, 15_000, 'the journey to settle');
    expect(row.status).to.equal('submitted');
    expect(rig.broker.sessions).to.have.length(1);
    expect(row.lender_app_id).to.equal(rig.broker.sessions[0].sessionId);
    const attempts = await rig.h.db.knex.withSchema(SCHEMA).table('submissions').where({ application_id: id }).select('state', 'error_code');
    expect(attempts).to.deep.equal([{ state: 'unknown', error_code: 'E_TIMEOUT' }]);
    // The customer still gets the link: the lookup's answer carries it.
    const links = await eventsOf(rig.h, id, 'customer_link.ready');
    expect(links).to.have.length(1);
    expect(links[0].payload).to.deep.include({ sessionId: row.lender_app_id, url: rig.broker.sessions[0].customerUrl });
  });
});
