import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { createHarness, type Harness } from '../support/harness.js';
import { apptrakerAdapter } from '../../adapters/lenders/apptraker/index.js';
import { adminAuth, adminManifest, seedApplication, testSealer, waitFor, type SeededApplication } from '../admin/adminFixtures.js';
import { launchChromium, screenshotPath } from './browser.js';

describe('dashboard: operator review of an application in needs_review', function () {
  this.timeout(60_000);
  let h: Harness;
  let browser: Browser;
  let page: Page;
  let app: SeededApplication;
  const row = () => h.db.knex.withSchema('lendwire').table('applications').where({ id: app.id }).first();

  before(async function () {
    this.timeout(10 * 60_000);
    browser = await launchChromium();
    h = await createHarness({ manifest: adminManifest(), register: (lw) => lw.registerLenderAdapter(apptrakerAdapter), extra: { auth: adminAuth } });
    app = await seedApplication(h.db.knex, testSealer(), { dealerId: 'dealer-1', externalRef: 'LEAD-REVIEW', status: 'needs_review' });
  });
  after(async () => {
    await page?.close().catch(() => undefined);
    await browser?.close();
    await h?.close();
  });

  async function open(token: string): Promise<string[]> {
    await page?.close().catch(() => undefined);
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(`${h.url}/admin/?token=${token}#/applications/${app.id}`);
    await page.waitForSelector('#timeline', { state: 'attached' });
    return problems;
  }

  it('offers no review actions to a viewer', async () => {
    const errors = await open('viewer-token');
    expect(await page.locator('#review').count()).to.equal(0);
    expect(errors).to.deep.equal([]);
  });

  it('lets an operator record that the lender has it: status, AppId and audit row change, and the panel goes away', async () => {
    const errors = await open('operator-token');
    await page.waitForSelector('#review button[data-action=review-submitted]');
    await page.screenshot({ path: screenshotPath('review-application'), fullPage: true });
    page.on('dialog', (dialog) => void dialog.accept('AT-DASH-1'));
    await page.click('#review button[data-action=review-submitted]');
    await page.waitForSelector('#toast.show');
    expect(await page.textContent('#toast')).to.include('is now submitted');
    expect(await row()).to.include({ status: 'submitted', lender_app_id: 'AT-DASH-1' });
    await waitFor(async () => (await page.locator('#review').count()) === 0, 10_000, 'the review panel to go away');
    expect(await page.textContent('#timeline')).to.include('operator u-operator: submitted');
    const audit = await h.db.knex.withSchema('lendwire').table('audit_log').where({ action: 'application.review_resolved', target_id: app.id });
    expect(audit.map((a) => a.actor)).to.deep.equal(['u-operator']);
    expect(errors).to.deep.equal([]);
  });
});
