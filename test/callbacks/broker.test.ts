import { expect } from 'chai';
import { hmacSha256Hex } from '../../plugin/index.js';
import type { Harness } from '../support/harness.js';
import { BROKER_SECRET, SCHEMA, application, brokerFixture, callbackHarness, insertApplication, outboxOf, postBroker, processed } from './callbackSupport.js';

const SELECTED = brokerFixture('case_outcome.selected.json');
const DECLINED = brokerFixture('case_outcome.declined.json');
const WITHDRAWN = brokerFixture('case_outcome.withdrawn.json');
const LINK = brokerFixture('customer_link_ready.json');

async function rawCount(h: Harness): Promise<number> {
  const [{ n }] = await h.db.knex.withSchema(SCHEMA).table('raw_callbacks').where({ lender_id: 'sunhaven' }).count({ n: '*' });
  return Number(n);
}

async function idOf(res: Response): Promise<string> {
  expect(res.status, await res.clone().text()).to.equal(200);
  return ((await res.json()) as { id: string }).id;
}

describe('broker webhooks (case_outcome, customer_link_ready)', function () {
  let h: Harness;
  let selectedApp: string;
  let declinedApp: string;
  let withdrawnApp: string;

  before(async () => {
    h = await callbackHarness();
    // The broker session id is the vendor id of the application sent to the broker (see adapters/lenders/broker/README.md).
    selectedApp = await insertApplication(h, { lenderId: 'sunhaven', lenderAppId: SELECTED.sessionId as string });
    declinedApp = await insertApplication(h, { lenderId: 'sunhaven', lenderAppId: DECLINED.sessionId as string, dealerId: 'dealer-2' });
    withdrawnApp = await insertApplication(h, { lenderId: 'sunhaven', lenderAppId: WITHDRAWN.sessionId as string });
  });
  after(async () => {
    await h.close();
  });

  it('applies a signed, fresh case_outcome (selected -> approved) and emits case.outcome without contact details', async () => {
    const row = await processed(h, await idOf(await postBroker(h, SELECTED)));
    expect(row).to.include({ parse_status: 'parsed', process_status: 'applied', application_id: selectedApp });
    const app = await application(h, selectedApp);
    expect(app.status).to.equal('approved');
    expect(app.lender_status).to.equal('selected');
    expect(app.decision).to.deep.equal({ lender: 'This Bank', amountFinanced: 12500, term: 120, apr: 11.4, payment: 152.34, totalPayable: 18280.8 });
    const [outcome] = await outboxOf(h, selectedApp, 'case.outcome');
    expect(outcome.payload).to.deep.include({ outcome: 'selected', status: 'approved', sessionId: SELECTED.sessionId, applicationId: selectedApp, dealerId: 'dealer-1' });
    expect(JSON.stringify(outcome.payload)).not.to.match(/aisha@example\.com|\+447700900123|Rahman/);
    const [changed] = await outboxOf(h, selectedApp, 'application.status_changed');
    expect(changed.payload).to.include({ previousStatus: 'submitted', status: 'approved' });
  });

  it('answers a duplicate delivery.id with 200 and no side effects', async () => {
    const before = await rawCount(h);
    const eventsBefore = (await outboxOf(h, selectedApp)).length;
    const res = await postBroker(h, SELECTED);
    expect(res.status).to.equal(200);
    expect(await res.json()).to.include({ received: true, duplicate: true });
    expect(await rawCount(h)).to.equal(before);
    await new Promise((r) => setTimeout(r, 200));
    expect((await outboxOf(h, selectedApp)).length).to.equal(eventsBefore);
  });

  it('re-processing a broker callback emits neither case.outcome nor a transition again', async () => {
    const [row] = await h.db.knex.withSchema(SCHEMA).table('raw_callbacks').where({ lender_id: 'sunhaven', application_id: selectedApp }).orderBy('id').select('id');
    const events = (await outboxOf(h, selectedApp)).length;
    const outcome = await h.lendwire.callbacks.reprocess(String(row.id));
    expect(outcome.processStatus).to.equal('unchanged');
    expect((await outboxOf(h, selectedApp)).length).to.equal(events);
  });

  it('refuses a wrong or missing signature with 401 and stores nothing', async () => {
    const before = await rawCount(h);
    expect((await postBroker(h, WITHDRAWN, { signature: 'deadbeef' })).status).to.equal(401);
    expect((await postBroker(h, WITHDRAWN, { signature: null })).status).to.equal(401);
    // signed with another secret
    expect((await postBroker(h, WITHDRAWN, { signature: hmacSha256Hex('whsec_other', JSON.stringify(WITHDRAWN)) })).status).to.equal(401);
    expect(await rawCount(h)).to.equal(before);
  });

  it('refuses a deliveredAt older than 5 minutes, in the future, or missing (replayed deliveries) with 401', async () => {
    const before = await rawCount(h);
    const stale = await postBroker(h, WITHDRAWN, { deliveredAt: new Date(Date.now() - 6 * 60_000).toISOString() });
    expect(stale.status).to.equal(401);
    expect(((await stale.json()) as { detail: string }).detail).to.match(/older than 300 seconds/);
    expect((await postBroker(h, WITHDRAWN, { deliveredAt: new Date(Date.now() + 2 * 60_000).toISOString() })).status).to.equal(401);
    expect((await postBroker(h, WITHDRAWN, { deliveredAt: null })).status).to.equal(401);
    // The fixture as recorded (May 2026) is a replay today.
    expect((await postBroker(h, WITHDRAWN, { deliveredAt: WITHDRAWN.deliveredAt as string })).status).to.equal(401);
    expect(await rawCount(h)).to.equal(before);
    expect((await application(h, withdrawnApp)).status).to.equal('submitted');
  });

  it('refuses an unknown sessionId with 404 (cross-tenant defence) but keeps the authenticated payload as rejected', async () => {
    const res = await postBroker(h, { ...WITHDRAWN, sessionId: '00000000-0000-4000-8000-000000000000', delivery: { id: 'wh_unknown_session', attempt: 1 } });
    expect(res.status).to.equal(404);
    const row = await h.db.knex.withSchema(SCHEMA).table('raw_callbacks').where({ lender_id: 'sunhaven', process_status: 'rejected' }).first();
    expect(row.lender_app_id).to.equal('00000000-0000-4000-8000-000000000000');
    expect(row.dedupe_key).to.equal(null);
    // A session of another lender is just as unknown to this one.
    const westlakeApp = await insertApplication(h, { lenderId: 'westlake', lenderAppId: 'f00dbabe-0000-4000-8000-000000000001' });
    const cross = await postBroker(h, { ...WITHDRAWN, sessionId: 'f00dbabe-0000-4000-8000-000000000001', delivery: { id: 'wh_cross', attempt: 1 } });
    expect(cross.status).to.equal(404);
    expect((await application(h, westlakeApp)).status).to.equal('submitted');
  });

  it('applies declined with the suggested actions and an adverse-action due date', async () => {
    const row = await processed(h, await idOf(await postBroker(h, DECLINED)));
    expect(row.process_status).to.equal('applied');
    const app = await application(h, declinedApp);
    expect(app.status).to.equal('declined');
    expect(app.decline.suggestedActions).to.deep.equal(['smaller_amount', 'longer_term', 'free_debt_advice']);
    const due = new Date(app.adverse_action_due_at).getTime() - new Date(app.decline.declinedAt).getTime();
    expect(due).to.equal(30 * 86_400_000);
    const [outcome] = await outboxOf(h, declinedApp, 'case.outcome');
    expect(outcome.payload).to.deep.include({ outcome: 'declined', dealerId: 'dealer-2' });
  });

  it('applies withdrawn with its reason', async () => {
    await processed(h, await idOf(await postBroker(h, WITHDRAWN)));
    const app = await application(h, withdrawnApp);
    expect(app.status).to.equal('withdrawn');
    const transitions = await h.db.knex.withSchema(SCHEMA).table('application_transitions').where({ application_id: withdrawnApp }).select('reason');
    expect(transitions[0].reason).to.equal('found cheaper finance elsewhere');
  });

  it('turns customer_link_ready into a customer_link.ready event with the SMS text rendered for the host', async () => {
    const row = await processed(h, await idOf(await postBroker(h, LINK)));
    expect(row).to.include({ parse_status: 'parsed', process_status: 'applied' });
    const [ready] = await outboxOf(h, selectedApp, 'customer_link.ready');
    expect(ready.payload).to.deep.include({ url: LINK.url, applicationId: selectedApp });
    expect(ready.payload.sms).to.deep.equal({
      to: '+447700900123',
      text: `Hi Aisha, here's your finance link from Sunhaven Solar: ${LINK.url as string}`,
    });
  });

  it('maps completed to funded and never lets a later outcome take it back', async () => {
    const sessionId = '5e551011-0000-4000-8000-00000000c0de';
    const appId = await insertApplication(h, { lenderId: 'sunhaven', lenderAppId: sessionId });
    const outcome = (o: string, id: string) => ({ ...SELECTED, sessionId, case: { ...(SELECTED.case as object), outcome: o }, delivery: { id, attempt: 1 } });
    await processed(h, await idOf(await postBroker(h, outcome('completed', 'wh_completed_1'))));
    expect((await application(h, appId)).status).to.equal('funded');
    const late = await processed(h, await idOf(await postBroker(h, outcome('selected', 'wh_selected_late'))));
    expect(late.process_detail).to.match(/would regress/);
    expect((await application(h, appId)).status).to.equal('funded');
  });

  it('stores a signed body that is not JSON and sends it to review', async () => {
    const body = '<xml>not json</xml>';
    const res = await fetch(`${h.url}/callbacks/sunhaven`, { method: 'POST', headers: { 'content-type': 'text/xml', 'x-broker-signature': hmacSha256Hex(BROKER_SECRET, body) }, body });
    const row = await processed(h, await idOf(res));
    expect(row.parse_status).to.equal('unparseable');
  });
});
