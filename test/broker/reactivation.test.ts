import { expect } from 'chai';
import nock from 'nock';
import { fixture } from '../crm/crmTestSupport.js';
import { waitFor } from '../support/waitFor.js';
import { scanReactivation } from '../../plugin/applications/idle/scanReactivation.js';
import { DEFAULT_REACTIVATION_STEPS } from '../../plugin/applications/idle/ReactivationPlaybook.js';
import { DEFAULT_IDLE_SETTINGS } from '../../plugin/applications/idle/IdleSettings.js';
import { brokerRig, eventsOf, journeyRequest, SCHEMA, type BrokerRig } from './brokerSupport.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const API = 'https://api.hubapi.com';

describe('reactivation playbook of broker journeys', function () {
  this.timeout(40_000);
  let rig: BrokerRig;
  let id: string;
  let sessionId: string;

  const scan = () => scanReactivation(rig.h.db.knex, SCHEMA, DEFAULT_REACTIVATION_STEPS, DEFAULT_IDLE_SETTINGS, rig.clock.now());
  const steps = async () => (await eventsOf(rig.h, id)).filter((e) => ['customer_link.reminder_due', 'application.reactivation_due', 'application.stale'].includes(e.type));

  before(async () => {
    process.env.LW_BROKER_HUBSPOT_TOKEN = 'pat-na1-broker-reactivation';
    rig = await brokerRig({
      manifest: {
        crm: [
          {
            id: 'hubspot-dealer',
            adapter: 'hubspot',
            events: ['application.reactivation_due'],
            credentials: { accessToken: { env: 'LW_BROKER_HUBSPOT_TOKEN' } },
            link: { property: 'lendwire_application_id' },
            actions: { 'application.reactivation_due': { type: 'task', subject: 'Call {application.externalRef} about their finance link', dueInDays: 0, priority: 'high' } },
            retry: { schedule: ['100ms'] },
          },
        ],
      },
    });
    const res = await rig.h.request('/applications', { method: 'POST', token: 'dealer1-token', json: journeyRequest({ externalRef: 'SOLAR-2001' }) });
    expect(res.status).to.equal(202);
    id = ((await res.json()) as { id: string }).id;
    const row = await waitFor(async () => {
      const r = await rig.h.db.knex.withSchema(SCHEMA).table('applications').where({ id }).first();
      return r?.status === 'submitted' && r;
    }, 10_000, 'the journey to be opened');
    sessionId = row.lender_app_id;
  });
  after(async () => {
    nock.cleanAll();
    await rig.h.close();
    await rig.broker.close();
  });

  it('sends nothing before 48 h, then the SMS reminder once with the same link, however often the scan runs', async () => {
    rig.clock.offsetMs = 47 * HOUR;
    await scan();
    expect(await steps()).to.have.length(0);
    rig.clock.offsetMs = 49 * HOUR;
    await scan();
    await scan();
    const sent = await steps();
    expect(sent.map((e) => e.type)).to.deep.equal(['customer_link.reminder_due']);
    const [link] = await eventsOf(rig.h, id, 'customer_link.ready');
    expect(sent[0].payload).to.deep.include({ step: 'sms_reminder', sessionId, url: link.payload.url, externalRef: 'SOLAR-2001' });
    expect(sent[0].payload.sms).to.deep.equal(link.payload.sms);
  });

  it('at 5 days creates the phone-call task in the CRM from the manifest mapping (HubSpot via nock), at 14 days marks the journey stale', async () => {
    const hubspot = nock(API, { reqheaders: { authorization: 'Bearer pat-na1-broker-reactivation' } })
      .patch(`/crm/v3/objects/deals/${id}?idProperty=lendwire_application_id`)
      .reply(200, fixture('hubspot/deal.200.json'))
      .post('/crm/v3/objects/tasks/search')
      .reply(200, fixture('hubspot/task-search.none.json'))
      .post('/crm/v3/objects/tasks', (body: { properties: Record<string, string> }) => body.properties.hs_task_subject === 'Call SOLAR-2001 about their finance link')
      .reply(201, fixture('hubspot/task.201.json'));
    rig.clock.offsetMs = 5 * DAY + HOUR;
    await scan();
    expect((await steps()).map((e) => e.type)).to.deep.equal(['customer_link.reminder_due', 'application.reactivation_due']);
    await waitFor(
      async () => rig.h.db.knex.withSchema(SCHEMA).table('deliveries').where({ target_kind: 'crm', target_id: 'hubspot-dealer', application_id: id, status: 'succeeded' }).first(),
      10_000,
      'the reactivation task to reach HubSpot',
    );
    hubspot.done();

    rig.clock.offsetMs = 14 * DAY + HOUR;
    await scan();
    expect((await steps()).map((e) => e.type)).to.deep.equal(['customer_link.reminder_due', 'application.reactivation_due', 'application.stale']);
  });

  it('a customer action the broker reports starts a new quiet spell: the reminder comes again 48 h later, once', async () => {
    rig.clock.offsetMs = 0; // the broker's webhook carries real time
    expect((await rig.broker.sendCaseOutcome(sessionId, 'selected')).status).to.equal(200);
    await waitFor(async () => (await rig.h.db.knex.withSchema(SCHEMA).table('applications').where({ id }).first())?.status === 'approved', 10_000, 'the selected outcome');
    rig.clock.offsetMs = 47 * HOUR;
    await scan();
    expect(await steps()).to.have.length(3);
    rig.clock.offsetMs = 49 * HOUR;
    await scan();
    await scan();
    const sent = await steps();
    expect(sent.map((e) => e.type)).to.deep.equal(['customer_link.reminder_due', 'application.reactivation_due', 'application.stale', 'customer_link.reminder_due']);
    expect(sent[3].payload).to.include({ status: 'approved', step: 'sms_reminder' });
  });
});
