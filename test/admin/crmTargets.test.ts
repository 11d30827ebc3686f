import { expect } from 'chai';
import nock from 'nock';
import { jsonOf, type Harness } from '../support/harness.js';
import { recordTransition } from '../../plugin/applications/recordTransition.js';
import type { ApplicationStatus } from '../../plugin/sdk/statuses.js';
import { createHubspotTargetHarness, seedApplication, testSealer, waitFor, type SeededApplication } from './adminFixtures.js';
import { openapiValidator } from './openapiValidator.js';

const HUBSPOT = 'https://api.hubapi.com';
const TARGET = 'hubspot-ops';
const REVOKED = { status: 'error', message: 'Authentication credentials not found.', correlationId: 'a1b0c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d', category: 'INVALID_AUTHENTICATION' };

describe('admin API: CRM targets (list paused ones, resume)', () => {
  let h: Harness;
  let app: SeededApplication;
  const api = (path: string, token?: string, init: RequestInit & { json?: unknown } = {}) => h.request(`/admin/api${path}`, { ...init, token });
  const dealPath = () => `/crm/v3/objects/deals/${app.id}?idProperty=lendwire_application_id`;
  const crmDeliveries = () => h.db.knex.withSchema('lendwire').table('deliveries').where({ target_kind: 'crm', target_id: TARGET, application_id: app.id }).orderBy('created_at');
  const changeStatus = (from: ApplicationStatus, to: ApplicationStatus) =>
    h.db.knex.transaction((trx) => recordTransition(trx, 'lendwire', { applicationId: app.id, dealerId: app.dealerId, from, to, source: 'callback', lenderStatus: to }));

  before(async () => {
    h = await createHubspotTargetHarness(TARGET, 'LW_ADMIN_TEST_HUBSPOT_TOKEN', {
      fields: { 'application.lenderId': 'lendwire_lender' },
      rateLimit: { perSecond: 100, burst: 100 },
    });
    app = await seedApplication(h.db.knex, testSealer(), { dealerId: 'dealer-1', status: 'booked' });
  });
  afterEach(() => nock.cleanAll());
  after(async () => {
    await h?.close();
    delete process.env.LW_ADMIN_TEST_HUBSPOT_TOKEN;
  });

  it('lists the manifest\'s CRM targets to staff (viewer and up), refuses dealers and anonymous callers', async () => {
    const res = await api('/crm-targets', 'viewer-token');
    expect(res.status).to.equal(200);
    const body = await jsonOf(res);
    expect(body.items).to.deep.equal([{ id: TARGET, adapter: 'hubspot', enabledInManifest: true, paused: null, events: ['application.status_changed'], pausedDeliveries: 0 }]);
    (await openapiValidator(h))('CrmTargetList', body);
    expect((await api('/crm-targets', 'dealer1-token')).status).to.equal(403);
    expect((await api('/crm-targets')).status).to.equal(401);
    // The same view in-process.
    expect(JSON.parse(JSON.stringify(await h.lendwire.crmTargets.list()))).to.deep.equal(body.items);
  });

  it('shows a target paused by revoked credentials: why, since when, and how many deliveries wait', async () => {
    const revoked = nock(HUBSPOT).patch(dealPath()).reply(401, REVOKED);
    await changeStatus('booked', 'funded');
    await waitFor(async () => (await crmDeliveries()).some((d) => d.status === 'paused'), 10_000, 'the crm delivery to be paused');
    revoked.done();
    // A later change waits too, without an attempt.
    await changeStatus('funded', 'cancelled');
    await waitFor(async () => {
      const rows = await crmDeliveries();
      return rows.length === 2 && rows.every((d) => d.status === 'paused');
    }, 10_000, 'the second crm delivery to be paused');

    const body = await jsonOf(await api('/crm-targets', 'viewer-token'));
    const [target] = body.items;
    expect(target.paused.reason).to.match(/INVALID_AUTHENTICATION/);
    expect(Date.parse(target.paused.since)).to.be.closeTo(Date.now(), 60_000);
    expect(target.pausedDeliveries).to.equal(2);
    (await openapiValidator(h))('CrmTargetList', body);
  });

  it('refuses resume to viewers and dealers (403, whether or not the target exists) and leaves the pause alone', async () => {
    for (const token of ['viewer-token', 'dealer1-token', 'auditor-token']) {
      for (const id of [TARGET, 'no-such-target']) {
        const res = await api(`/crm-targets/${id}/resume`, token, { method: 'POST' });
        expect(res.status, `${token} ${id}`).to.equal(403);
        expect(res.headers.get('content-type')).to.match(/problem\+json/);
      }
    }
    expect((await api(`/crm-targets/${TARGET}/resume`, undefined, { method: 'POST' })).status).to.equal(401);
    const missing = await api('/crm-targets/no-such-target/resume', 'operator-token', { method: 'POST' });
    expect(missing.status).to.equal(404);
    expect(missing.headers.get('content-type')).to.match(/problem\+json/);
    expect((await crmDeliveries()).map((d) => d.status)).to.deep.equal(['paused', 'paused']);
    expect(await h.db.knex.withSchema('lendwire').table('audit_log').where({ action: 'crm_target.resume' })).to.have.length(0);
  });

  it('lets an operator resume it: the paused deliveries really go out, and the audit log names the operator', async () => {
    const sent: unknown[] = [];
    const hubspot = nock(HUBSPOT)
      .patch(dealPath(), (body) => sent.push(body) > 0)
      .times(2)
      .reply(200, { id: '5550009' });
    const res = await api(`/crm-targets/${TARGET}/resume`, 'operator-token', { method: 'POST' });
    expect(res.status).to.equal(200);
    const body = await jsonOf(res);
    expect(body).to.include({ id: TARGET, paused: null, pausedDeliveries: 0 });
    (await openapiValidator(h))('CrmTarget', body);

    await waitFor(async () => {
      const rows = await crmDeliveries();
      return rows.length === 2 && rows.every((d) => d.status === 'succeeded');
    }, 10_000, 'both paused deliveries to go out');
    hubspot.done();
    expect(sent).to.have.length(2);
    // Whichever goes first, the deal ends up in the funded stage (the cancellation maps no stage).
    expect(sent.some((b) => (b as { properties: Record<string, string> }).properties.dealstage === 'closedwon'), JSON.stringify(sent)).to.equal(true);

    const audit = await h.db.knex.withSchema('lendwire').table('audit_log').where({ action: 'crm_target.resume', target_id: TARGET });
    expect(audit).to.have.length(1);
    expect(audit[0]).to.include({ actor: 'u-operator', target_type: 'crm_target' });
    expect(audit[0].details).to.deep.equal({ resumedDeliveries: 2 });
    const listed = await jsonOf(await api('/crm-targets', 'viewer-token'));
    expect(listed.items[0]).to.include({ paused: null, pausedDeliveries: 0 });
    // The audit log in the admin API shows it as well.
    const page = await jsonOf(await api('/audit?action=crm_target.resume', 'viewer-token'));
    expect(page.items.map((a: { actor: string; targetId: string }) => [a.actor, a.targetId])).to.deep.equal([['u-operator', TARGET]]);
  });
});
