import { expect } from 'chai';
import { createHarness, jsonOf, type Harness } from '../support/harness.js';
import { apptrakerAdapter } from '../../adapters/lenders/apptraker/index.js';
import { adminAuth, adminManifest, seedApplication, seedDelivery, testSealer, type SeededApplication } from './adminFixtures.js';

describe('admin API: roles, search, timeline, PII reveal', () => {
  let h: Harness;
  let mine: SeededApplication;
  let theirs: SeededApplication;
  const api = (path: string, token?: string, init: RequestInit & { json?: unknown } = {}) => h.request(`/admin/api${path}`, { ...init, token });

  before(async () => {
    h = await createHarness({ manifest: adminManifest(), register: (lw) => lw.registerLenderAdapter(apptrakerAdapter), extra: { auth: adminAuth } });
    const sealer = testSealer();
    mine = await seedApplication(h.db.knex, sealer, { dealerId: 'dealer-1', externalRef: 'LEAD-1', appNo: '1048576', status: 'approved' });
    theirs = await seedApplication(h.db.knex, sealer, { dealerId: 'dealer-2', externalRef: 'LEAD-2', status: 'declined' });
  });
  after(async () => {
    await h?.close();
  });

  it('answers 401 without credentials on every admin route, before looking anything up', async () => {
    for (const [method, path] of [
      ['GET', '/applications'],
      ['GET', `/applications/${mine.id}`],
      ['GET', '/applications/app_doesnotexist/timeline'],
      ['GET', '/deliveries'],
      ['GET', '/overview'],
      ['POST', '/deliveries/dlv_x/replay'],
      ['GET', '/subscriptions'],
      ['GET', '/audit'],
    ]) {
      const res = await api(path, undefined, { method });
      expect(res.status, `${method} ${path}`).to.equal(401);
      expect(res.headers.get('content-type')).to.match(/problem\+json/);
    }
    expect((await api('/applications', 'wrong-token')).status).to.equal(401);
  });

  it('answers 403 to roles without the capability, the same for existing and missing records', async () => {
    expect((await api('/applications', 'nobody-token')).status).to.equal(403);
    for (const token of ['viewer-token', 'dealer1-token']) {
      const existing = await api('/deliveries/dlv_x/replay', token, { method: 'POST' });
      expect(existing.status, token).to.equal(403);
    }
    for (const path of ['/overview', '/subscriptions', '/audit', '/callbacks']) expect((await api(path, 'dealer1-token')).status, path).to.equal(403);
    expect((await api('/subscriptions', 'operator-token', { method: 'POST', json: {} })).status).to.equal(403);
    expect((await api('/overview', 'viewer-token')).status).to.equal(200);
  });

  it('scopes dealer users to their dealers: another dealer\'s application is a 404 exactly like a missing one', async () => {
    const list = await jsonOf(await api('/applications', 'dealer1-token'));
    expect(list.items.map((a: { id: string }) => a.id)).to.deep.equal([mine.id]);
    const other = await api(`/applications/${theirs.id}`, 'dealer1-token');
    const missing = await api('/applications/app_01JXXXXXXXXXXXXXXXXXXXXXXX', 'dealer1-token');
    expect(other.status).to.equal(404);
    expect(missing.status).to.equal(404);
    const [a, b] = [await jsonOf(other), await jsonOf(missing)];
    expect(a.title).to.equal(b.title);
    expect((await api(`/applications/${theirs.id}/timeline`, 'dealer1-token')).status).to.equal(404);
    const own = await jsonOf(await api(`/applications/${mine.id}`, 'dealer1-token'));
    expect(own.application.applicant.ssn).to.equal('***-**-6789');
  });

  it('searches by our id, externalRef, Appno, dealer and status for staff', async () => {
    const byRef = await jsonOf(await api('/applications?q=LEAD-2', 'viewer-token'));
    expect(byRef.items.map((a: { id: string }) => a.id)).to.deep.equal([theirs.id]);
    const byAppNo = await jsonOf(await api('/applications?appNo=1048576', 'viewer-token'));
    expect(byAppNo.items.map((a: { id: string }) => a.id)).to.deep.equal([mine.id]);
    const byStatus = await jsonOf(await api('/applications?status=declined,funded', 'operator-token'));
    expect(byStatus.items.map((a: { id: string }) => a.id)).to.deep.equal([theirs.id]);
    const byId = await jsonOf(await api(`/applications?q=${mine.id}`, 'admin-token'));
    expect(byId.items[0]).to.include({ id: mine.id, dealerId: 'dealer-1', externalRef: 'LEAD-1', lenderAppNo: '1048576', status: 'approved' });
    const bad = await api('/applications?status=flying&limit=0&from=yesterday', 'admin-token');
    expect(bad.status).to.equal(422);
    expect((await jsonOf(bad)).errors.map((e: { path: string }) => e.path).sort()).to.deep.equal(['/from', '/limit', '/status']);
  });

  it('pages newest first with a keyset cursor: no duplicates, nothing skipped, also within the same millisecond', async () => {
    const sealer = testSealer();
    const same = new Date('2026-01-01T00:00:00.000Z');
    const seeded = [];
    for (let i = 0; i < 7; i++) seeded.push((await seedApplication(h.db.knex, sealer, { dealerId: 'dealer-9', createdAt: i < 4 ? same : new Date(same.getTime() + i * 1000) })).id);
    // Microsecond-apart rows: a cursor rounded to milliseconds would skip some.
    await h.db.knex.raw(`UPDATE lendwire.applications SET created_at = created_at + (random() * interval '900 microseconds') WHERE dealer_id = 'dealer-9' AND created_at = ?`, [same]);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const qs: string = `/applications?dealerId=dealer-9&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const body = await jsonOf(await api(qs, 'admin-token'));
      seen.push(...body.items.map((a: { id: string }) => a.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).to.equal(3);
    expect(seen).to.have.length(7);
    expect(new Set(seen)).to.deep.equal(new Set(seeded));
    expect((await api('/applications?cursor=bm9wZQ', 'admin-token')).status).to.equal(422);
  });

  it('shows a timeline with transitions, raw callbacks and their parse status, deliveries with attempts and CRM syncs', async () => {
    const k = h.db.knex.withSchema('lendwire');
    await k.table('submissions').insert({ application_id: mine.id, lender_id: 'westlake', state: 'accepted', http_status: 200, vendor_response: JSON.stringify({ AppId: 'AT-1' }), duration_ms: 40 });
    await k.table('raw_callbacks').insert({ lender_id: 'westlake', headers: '{}', body: Buffer.from('<html>'), parse_status: 'unparseable', parse_reason: 'not JSON', process_status: 'review', application_id: mine.id });
    await h.db.knex.withSchema('lendwire').table('application_transitions').insert({ application_id: mine.id, from_status: 'submitted', to_status: 'approved', source: 'callback' });
    await seedDelivery(h.db.knex, mine, { status: 'succeeded' });
    await seedDelivery(h.db.knex, mine, { status: 'dead_lettered', targetKind: 'crm', targetId: 'hubspot-demo' });
    const res = await api(`/applications/${mine.id}/timeline`, 'viewer-token');
    expect(res.status).to.equal(200);
    const body = await jsonOf(res);
    const kinds = body.entries.map((e: { kind: string }) => e.kind);
    expect(kinds).to.include.members(['submission', 'callback', 'transition', 'delivery', 'crm_sync']);
    const callback = body.entries.find((e: { kind: string }) => e.kind === 'callback');
    expect(callback).to.include({ parseStatus: 'unparseable', parseReason: 'not JSON', bodyBytes: 6 });
    const crm = body.entries.find((e: { kind: string }) => e.kind === 'crm_sync');
    expect(crm).to.include({ status: 'dead_lettered', targetId: 'hubspot-demo' });
    expect(crm.attempts[0]).to.include({ attempt: 1, statusCode: 503, errorCode: 'E_HTTP_5XX' });
    expect(body.entries.find((e: { kind: string }) => e.kind === 'submission').vendorResponse).to.deep.equal({ AppId: 'AT-1' });
  });

  it('reveals unmasked PII only with the pii:reveal permission, and writes who/what/when to the access log', async () => {
    const denied = await api(`/applications/${mine.id}/reveal-pii`, 'admin-token', { method: 'POST' });
    expect(denied.status).to.equal(403);
    const deniedMissing = await api('/applications/app_missing/reveal-pii', 'viewer-token', { method: 'POST' });
    expect(deniedMissing.status).to.equal(403);
    const res = await api(`/applications/${mine.id}/reveal-pii`, 'auditor-token', { method: 'POST', json: { reason: 'customer called about funding' } });
    expect(res.status).to.equal(200);
    expect(res.headers.get('cache-control')).to.equal('no-store');
    const body = await jsonOf(res);
    expect(body.pii.applicant).to.deep.equal({ ssn: '123-45-6789', dateOfBirth: '1988-04-12', grossMonthlyIncome: 6800 });
    const rows = await h.db.knex.withSchema('lendwire').table('audit_log').where({ action: 'pii.reveal' });
    expect(rows).to.have.length(1);
    expect(rows[0]).to.include({ actor: 'u-auditor', target_type: 'application', target_id: mine.id });
    expect(rows[0].details.fields).to.include('applicant.ssn');
    expect(rows[0].details.reason).to.equal('customer called about funding');
    expect(Date.now() - new Date(rows[0].at).getTime()).to.be.lessThan(60_000);
    const audit = await jsonOf(await api('/audit?action=pii.reveal', 'viewer-token'));
    expect(audit.items[0]).to.include({ actor: 'u-auditor', action: 'pii.reveal', targetId: mine.id });
    expect(h.logs()).not.to.include('123-45-6789');
  });

  it('lists deliveries and dead letters with filters; dealers only see their own', async () => {
    const dead = await jsonOf(await api('/dead-letters', 'viewer-token'));
    expect(dead.items.length).to.be.greaterThan(0);
    expect(dead.items.every((d: { status: string }) => d.status === 'dead_lettered')).to.equal(true);
    const crm = await jsonOf(await api('/deliveries?targetKind=crm', 'viewer-token'));
    expect(crm.items.every((d: { targetKind: string }) => d.targetKind === 'crm')).to.equal(true);
    await seedDelivery(h.db.knex, theirs, { status: 'failed' });
    const dealerView = await jsonOf(await api('/deliveries', 'dealer1-token'));
    expect(dealerView.items.length).to.be.greaterThan(0);
    expect(dealerView.items.every((d: { applicationId: string }) => d.applicationId === mine.id)).to.equal(true);
    const detail = await api(`/deliveries/${dead.items[0].id}`, 'viewer-token');
    expect((await jsonOf(detail)).attemptLog[0]).to.include({ statusCode: 503 });
    expect((await api('/deliveries?status=lost', 'viewer-token')).status).to.equal(422);
  });

  it('serves the overview numbers the dashboard shows', async () => {
    const body = await jsonOf(await api('/overview', 'operator-token'));
    expect(body.deliveries.deadLetters).to.be.greaterThan(0);
    expect(body.callbacks.reviewQueue).to.equal(1);
    expect(body.applications.byStatus.approved).to.equal(1);
    expect(body.callbacks.perMinuteByResult.unparseable).to.be.greaterThan(0);
  });
});
