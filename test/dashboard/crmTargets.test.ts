import { expect } from 'chai';
import nock from 'nock';
import type { Browser, Page } from 'playwright-core';
import type { Harness } from '../support/harness.js';
import { recordTransition } from '../../plugin/applications/recordTransition.js';
import { createHubspotTargetHarness, seedApplication, testSealer, waitFor, type SeededApplication } from '../admin/adminFixtures.js';
import { launchChromium, screenshotPath } from './browser.js';

const HUBSPOT = 'https://api.hubapi.com';
const TARGET = 'hubspot-dash';

describe('dashboard: paused CRM targets on the subscriptions view', function () {
  this.timeout(60_000);
  let h: Harness;
  let browser: Browser;
  let page: Page;
  let app: SeededApplication;
  const crmDelivery = () => h.db.knex.withSchema('lendwire').table('deliveries').where({ target_kind: 'crm', target_id: TARGET, application_id: app.id }).first();
  const row = () => `#crm-targets tr[data-id="${TARGET}"]`;

  before(async function () {
    this.timeout(10 * 60_000);
    browser = await launchChromium();
    h = await createHubspotTargetHarness(TARGET, 'LW_DASH_TEST_HUBSPOT_TOKEN');
    app = await seedApplication(h.db.knex, testSealer(), { dealerId: 'dealer-1', status: 'booked' });
    // HubSpot refuses the token: the engine pauses the target and keeps the delivery.
    nock(HUBSPOT)
      .patch(`/crm/v3/objects/deals/${app.id}?idProperty=lendwire_application_id`)
      .reply(401, { status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION' });
    await h.db.knex.transaction((trx) => recordTransition(trx, 'lendwire', { applicationId: app.id, dealerId: app.dealerId, from: 'booked', to: 'funded', source: 'callback', lenderStatus: 'Funded' }));
    await waitFor(async () => (await crmDelivery())?.status === 'paused', 10_000, 'the crm delivery to be paused');
  });
  afterEach(() => nock.cleanAll());
  after(async () => {
    await page?.close().catch(() => undefined);
    await browser?.close();
    await h?.close();
    delete process.env.LW_DASH_TEST_HUBSPOT_TOKEN;
  });

  async function open(token: string): Promise<string[]> {
    await page?.close().catch(() => undefined);
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(`${h.url}/admin/?token=${token}#/subscriptions`);
    await page.waitForSelector('#whoami');
    await page.waitForSelector(row());
    return problems;
  }

  it('shows a viewer the paused target, why, and how many deliveries wait, without a resume button', async () => {
    const errors = await open('viewer-token');
    const text = await page.textContent(row());
    expect(text).to.include('paused').and.include('INVALID_AUTHENTICATION');
    expect(await page.textContent(`${row()} td:nth-child(5)`)).to.equal('1');
    expect(await page.locator(`${row()} button[data-action=resume]`).count()).to.equal(0);
    expect(errors).to.deep.equal([]);
  });

  it('lets an operator resume it with a click: the paused delivery goes out and the audit log names the operator', async () => {
    const errors = await open('operator-token');
    page.on('dialog', (dialog) => void dialog.accept());
    const hubspot = nock(HUBSPOT).patch(`/crm/v3/objects/deals/${app.id}?idProperty=lendwire_application_id`, { properties: { dealstage: 'closedwon' } }).reply(200, { id: '5550042' });
    await page.screenshot({ path: screenshotPath('crm-targets-paused'), fullPage: true });
    await page.click(`${row()} button[data-action=resume]`);
    await page.waitForSelector('#toast.show');
    expect(await page.textContent('#toast')).to.include(`${TARGET} resumed`);
    await waitFor(async () => (await crmDelivery()).status === 'succeeded', 10_000, 'the resumed delivery to succeed');
    hubspot.done();
    // The table redraws: running, nothing waiting, no button.
    await page.waitForSelector(`${row()} button[data-action=resume]`, { state: 'detached', timeout: 10_000 });
    expect(await page.textContent(row())).to.include('running');
    const audit = await h.db.knex.withSchema('lendwire').table('audit_log').where({ action: 'crm_target.resume', target_id: TARGET });
    expect(audit.map((a) => a.actor)).to.deep.equal(['u-operator']);
    expect(errors).to.deep.equal([]);
  });
});
