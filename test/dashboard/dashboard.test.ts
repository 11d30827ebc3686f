import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { Harness } from '../support/harness.js';
import { startSampleReceiver, type SampleReceiver } from '../../host-example/receiver/sampleReceiver.js';
import { createAdminHarness, seedApplication, seedDelivery, testSealer, waitFor, WEBHOOK_SECRET, type SeededApplication } from '../admin/adminFixtures.js';
import { launchChromium, screenshotPath } from './browser.js';

describe('dashboard in headless Chromium', function () {
  // The first run on a fresh machine may install chromium.
  this.timeout(60_000);
  let h: Harness;
  let receiver: SampleReceiver;
  let browser: Browser;
  let page: Page;
  let app: SeededApplication;
  let dead: string;

  before(async function () {
    this.timeout(10 * 60_000);
    browser = await launchChromium();
    receiver = await startSampleReceiver({ secret: WEBHOOK_SECRET, print: () => undefined });
    h = await createAdminHarness(receiver.webhookUrl);
    const sealer = testSealer();
    app = await seedApplication(h.db.knex, sealer, { dealerId: 'dealer-1', externalRef: 'LEAD-77', appNo: '2097152', status: 'conditioned' });
    await seedApplication(h.db.knex, sealer, { dealerId: 'dealer-2', externalRef: 'LEAD-78', status: 'funded' });
    await h.db.knex.withSchema('lendwire').table('application_transitions').insert({ application_id: app.id, from_status: 'received', to_status: 'conditioned', lender_status: 'Conditioned', source: 'callback' });
    await h.db.knex.withSchema('lendwire').table('raw_callbacks').insert({ lender_id: 'westlake', headers: '{}', body: Buffer.from('<html>502 Bad Gateway</html>'), parse_status: 'unparseable', parse_reason: 'body is not JSON', process_status: 'review', application_id: app.id });
    dead = await seedDelivery(h.db.knex, app, { status: 'dead_lettered' });
  });
  after(async () => {
    await page?.close().catch(() => undefined);
    await browser?.close();
    await h?.close();
    await receiver?.close();
  });

  async function open(token: string, hash = '') {
    await page?.close().catch(() => undefined);
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(`${h.url}/admin/?token=${token}${hash}`);
    await page.waitForSelector('#whoami');
    return problems;
  }

  it('signs an operator in and shows live overview counts (no CDN, token dropped from the address bar)', async () => {
    const requests: string[] = [];
    await page?.close().catch(() => undefined);
    const errors = await open('operator-token');
    page.on('request', (r) => requests.push(r.url()));
    expect(await page.textContent('#whoami')).to.equal('u-operator (operator)');
    expect(page.url()).not.to.include('token=');
    await page.waitForSelector('[data-metric=dead-letters] .value');
    expect(await page.textContent('[data-metric=dead-letters] .value')).to.equal('1');
    expect(await page.textContent('[data-metric=review-queue] .value')).to.equal('1');
    // Live: a new dead letter appears without a reload.
    await seedDelivery(h.db.knex, app, { status: 'dead_lettered' });
    await waitFor(async () => (await page.textContent('[data-metric=dead-letters] .value')) === '2', 10_000, 'the live count');
    await page.screenshot({ path: screenshotPath('overview'), fullPage: true });
    expect(requests.every((u) => u.startsWith(h.url))).to.equal(true);
    expect(errors).to.deep.equal([]);
  });

  it('finds an application by lead id and shows its timeline', async () => {
    await open('viewer-token', '#/applications');
    await page.fill('input[name=q]', 'LEAD-77');
    await page.click('form.filters button[type=submit]');
    await page.waitForSelector(`tr[data-id="${app.id}"]`);
    // The unfiltered first page may still be shown until the search answers.
    await waitFor(async () => (await page.locator('tbody tr').count()) === 1, 5000, 'the search result');
    expect(await page.locator('tbody tr').count()).to.equal(1);
    await page.click(`tr[data-id="${app.id}"]`);
    await page.waitForSelector('#timeline li');
    const kinds = await page.$$eval('#timeline li', (lis) => lis.map((li) => li.getAttribute('data-kind')));
    expect(kinds).to.include.members(['transition', 'callback', 'delivery']);
    expect(await page.textContent('#timeline')).to.include('body is not JSON');
    expect(await page.textContent('.kv')).to.include('***-**-6789');
    expect(await page.locator('text=Reveal SSN').count()).to.equal(0);
    await page.screenshot({ path: screenshotPath('timeline'), fullPage: true });
  });

  it('replays a dead letter with a click, and the endpoint receives it again', async () => {
    await open('operator-token', '#/dead-letters');
    const eventId = (await h.db.knex.withSchema('lendwire').table('deliveries').where({ id: dead }).first()).event_id;
    await page.waitForSelector(`tr[data-id="${dead}"] button[data-action=replay]`);
    await page.screenshot({ path: screenshotPath('dead-letters'), fullPage: true });
    await page.click(`tr[data-id="${dead}"] button[data-action=replay]`);
    await page.waitForSelector('#toast.show');
    expect(await page.textContent('#toast')).to.include('queued for redelivery');
    const got = await waitFor(async () => receiver.received.find((r) => r.id === eventId), 10_000, 'the redelivered webhook');
    expect(got.data.applicationId).to.equal(app.id);
    await waitFor(async () => (await h.db.knex.withSchema('lendwire').table('deliveries').where({ id: dead }).first()).status === 'succeeded', 10_000, 'succeeded');
    // The list refreshes itself: the replayed delivery leaves the dead letters.
    await page.waitForSelector(`tr[data-id="${dead}"]`, { state: 'detached', timeout: 10_000 });
    const audit = await h.db.knex.withSchema('lendwire').table('audit_log').where({ action: 'delivery.replay', target_id: dead });
    expect(audit[0].actor).to.equal('u-operator');
  });

  it('shows the review queue, and hides actions the role may not take', async () => {
    await open('viewer-token', '#/review');
    await page.waitForSelector('tbody tr[data-id]');
    expect(await page.textContent('tbody')).to.include('502 Bad Gateway');
    expect(await page.locator('button[data-action=re-process]').count()).to.equal(0);
    await page.screenshot({ path: screenshotPath('review'), fullPage: true });
    await open('dealer1-token');
    expect(await page.isHidden('a[data-view=overview]')).to.equal(true);
    expect(await page.isHidden('a[data-view=subscriptions]')).to.equal(true);
    await page.waitForSelector('tbody tr[data-id]');
    const ids = await page.$$eval('tbody tr[data-id]', (trs) => trs.map((tr) => tr.getAttribute('data-id')));
    expect(ids).to.deep.equal([app.id]);
  });

  it('loads the page and every view with zero console errors: the icon is served, nothing breaks the CSP', async () => {
    await page?.close().catch(() => undefined);
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(err.message));
    const icon = page.waitForResponse((r) => r.url().endsWith('/admin/assets/favicon.svg'));
    await page.goto(`${h.url}/admin/?token=admin-token`);
    await page.waitForSelector('#whoami');
    expect((await icon).status()).to.equal(200);
    expect((await icon).headers()['content-type']).to.equal('image/svg+xml');
    for (const [view, shows] of [
      ['overview', '[data-metric=dead-letters] .value'],
      ['applications', 'tbody tr[data-id]'],
      ['deliveries', 'tbody tr[data-id]'],
      ['dead-letters', 'form.filters'],
      ['subscriptions', '#crm-targets'],
      ['review', 'tbody tr[data-id]'],
      ['audit', 'tbody tr'],
    ]) {
      await page.click(`#nav a[data-view="${view}"]`);
      await page.waitForSelector(`a.active[data-view="${view}"]`);
      await page.waitForSelector(shows);
    }
    await page.click(`a[data-view=applications]`);
    await page.click(`tr[data-id="${app.id}"]`);
    await page.waitForSelector('#timeline li');
    expect(consoleErrors).to.deep.equal([]);
  });

  it('serves the page, script, styles and icon with their types and the CSP, and nothing else', async () => {
    const types: Record<string, string> = {
      '/admin/': 'text/html; charset=utf-8',
      '/admin/assets/dashboard.js': 'text/javascript; charset=utf-8',
      '/admin/assets/dashboard.css': 'text/css; charset=utf-8',
      '/admin/assets/favicon.svg': 'image/svg+xml',
    };
    for (const [path, type] of Object.entries(types)) {
      const res = await fetch(`${h.url}${path}`);
      expect(res.status, path).to.equal(200);
      expect(res.headers.get('content-type'), path).to.equal(type);
      expect(res.headers.get('content-security-policy'), path).to.include("script-src 'self'").and.include("img-src 'self'");
      expect((await res.text()).length, path).to.be.greaterThan(100);
    }
    const page = await (await fetch(`${h.url}/admin/`)).text();
    expect(page).to.match(/<script src="assets\/dashboard\.js"><\/script>/);
    expect(page.match(/<script/g)).to.have.length(1);
    expect(page).not.to.include('style=');
    for (const missing of ['/admin/assets/index.html', '/admin/assets/core.js', '/admin/assets/nothing.js']) {
      expect((await fetch(`${h.url}${missing}`)).status, missing).to.equal(404);
    }
  });

  it('refuses a bad token on the sign-in form', async () => {
    await page?.close().catch(() => undefined);
    page = await browser.newPage();
    await page.goto(`${h.url}/admin`);
    expect(page.url()).to.match(/\/admin\/$/);
    await page.fill('#token', 'not-a-token');
    await page.click('#signin button');
    await waitFor(async () => (await page.textContent('#signin-error')) !== '', 5000, 'the sign-in error');
    expect(await page.textContent('#signin-error')).to.equal('That token was not accepted.');
    expect(await page.isVisible('#nav')).to.equal(false);
  });
});
