import { expect } from 'chai';
import nock from 'nock';
import { jsonOf, type Harness } from '../support/harness.js';
import { createApplicationHarness } from '../support/applicationHarness.js';
import { applicationManifest, fixtureJson, submitBody, validApplication, FIXTURE_SSN, INVALID_FIXTURE_PATHS } from './support/fixtures.js';

describe('Dealer API: POST/GET /applications', () => {
  let h: Harness;
  before(async () => {
    // No worker: these tests look at intake only (the worker has its own tests).
    h = await createApplicationHarness({ start: false });
  });
  after(async () => {
    await h.close();
    nock.cleanAll();
  });

  const count = async (table: string) => Number((await h.db.knex.withSchema('lendwire').table(table).count({ n: '*' }))[0].n);

  it('accepts a valid application: 202, stored as queued with its outbox event, PII sealed', async () => {
    const res = await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: submitBody({ externalRef: 'deal-42' }) });
    expect(res.status).to.equal(202);
    const body = await jsonOf(res);
    expect(body).to.include({ status: 'queued', lenderId: 'westlake', dealerId: 'dealer-1', externalRef: 'deal-42' });
    expect(body.id).to.match(/^app_[0-9A-Z]{26}$/);
    const row = await h.db.knex.withSchema('lendwire').table('applications').where({ id: body.id }).first();
    expect(row.status).to.equal('queued');
    expect(row.pii_key_id).to.equal('k1');
    expect(JSON.stringify(row.application)).not.to.include(FIXTURE_SSN);
    expect(JSON.stringify(row.application)).not.to.include('1988-04-12');
    expect(JSON.stringify(row.application)).not.to.include('6800');
    expect(Buffer.from(row.pii).includes(Buffer.from('6789'))).to.equal(false);
    const transitions = await h.db.knex.withSchema('lendwire').table('application_transitions').where({ application_id: body.id });
    expect(transitions.map((t) => [t.from_status, t.to_status])).to.deep.equal([[null, 'queued']]);
    const events = await h.db.knex.withSchema('lendwire').table('outbox').where({ application_id: body.id });
    expect(events.map((e) => e.type)).to.deep.equal(['application.status_changed']);
    expect(JSON.stringify(events[0].payload)).not.to.match(/123-45-6789|1988-04-12|6800/);
  });

  it('GET /applications/:id shows the application with SSN, DOB and income masked', async () => {
    const created = await jsonOf(await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: submitBody() }));
    const res = await h.request(`/applications/${created.id}`, { token: 'dealer1-token' });
    expect(res.status).to.equal(200);
    const body = await jsonOf(res);
    expect(body.status).to.equal('queued');
    expect(body.application.applicant.ssn).to.equal('***-**-6789');
    expect(body.application.applicant.dateOfBirth).to.equal('****-**-**');
    expect(body.application.applicant.employment.grossMonthlyIncome).to.equal('***');
    expect(body.application.applicant.otherIncome[0]).to.deep.equal({ source: 'part-time clinic shifts', monthlyAmount: '***' });
    expect(body.application.vehicle.vin).to.equal('1HGCV1F37LA012345');
    expect(JSON.stringify(body)).not.to.match(/123-45-6789|1988-04-12|6800/);
  });

  it('reports every error of the invalid fixture as problem+json, and stores nothing', async () => {
    const before = await count('applications');
    const res = await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: submitBody({ application: fixtureJson('applications/invalid-many-errors.json') }) });
    expect(res.status).to.equal(422);
    expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
    const body = await jsonOf(res);
    const paths: string[] = body.errors.map((e: { path: string }) => e.path);
    for (const path of INVALID_FIXTURE_PATHS) expect(paths, path).to.include(path);
    expect(body.errors.find((e: { path: string }) => e.path === '/application/deal/downPayment').message).to.match(/cash price/);
    expect(JSON.stringify(body)).not.to.include('123456789x');
    expect(await count('applications')).to.equal(before);
  });

  it('applies the cross-field rules: age, previous employment, VIN check digit, amounts adding up', async () => {
    const app = validApplication() as { applicant: { dateOfBirth: string; employment: { monthsWithEmployer: number } }; vehicle: { vin: string }; deal: { amountFinanced: number; termMonths: number } };
    app.applicant.dateOfBirth = '2010-01-01';
    app.applicant.employment.monthsWithEmployer = 6;
    app.vehicle.vin = '1HGCV1F30LA012345';
    app.deal.amountFinanced = 25000;
    app.deal.termMonths = 120;
    const res = await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: submitBody({ application: app }) });
    expect(res.status).to.equal(422);
    const errors: { path: string; message: string }[] = (await jsonOf(res)).errors;
    const byPath = Object.fromEntries(errors.map((e) => [e.path, e.message]));
    expect(byPath['/application/applicant/dateOfBirth']).to.match(/18 years/);
    expect(byPath['/application/applicant/previousEmployment']).to.match(/under 24/);
    expect(byPath['/application/vehicle/vin']).to.match(/check digit/);
    expect(byPath['/application/deal/amountFinanced']).to.match(/21529\.69/);
    expect(byPath['/application/deal/termMonths']).to.match(/<= 96/);
  });

  it('refuses unknown and disabled lenders and dealers outside the principal, naming the field', async () => {
    const before = await count('applications');
    const unknown = await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: submitBody({ lenderId: 'nobank' }) });
    expect(unknown.status).to.equal(422);
    expect((await jsonOf(unknown)).errors).to.deep.include({ path: '/lenderId', message: 'is not a configured lender' });
    const disabled = await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: submitBody({ lenderId: 'oldbank' }) });
    expect((await jsonOf(disabled)).errors).to.deep.include({ path: '/lenderId', message: 'is disabled' });
    const otherDealer = await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: submitBody({ dealerId: 'dealer-2' }) });
    expect(otherDealer.status).to.equal(422);
    expect((await jsonOf(otherDealer)).errors).to.deep.include({ path: '/dealerId', message: 'is not a dealer you may submit for' });
    expect(await count('applications')).to.equal(before);
  });

  it('answers malformed JSON 400, a wrong content type 415, a body over the limit 413, no token 401, a viewer 403', async () => {
    const malformed = await h.request('/applications', { token: 'dealer1-token', method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"lenderId": "westlake",' });
    expect(malformed.status).to.equal(400);
    expect(malformed.headers.get('content-type')).to.match(/problem\+json/);
    const wrongType = await h.request('/applications', { token: 'dealer1-token', method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(submitBody()) });
    expect(wrongType.status).to.equal(415);
    const huge = await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: submitBody({ externalRef: 'x'.repeat(300_000) }) });
    expect(huge.status).to.equal(413);
    const anonymous = await h.request('/applications', { method: 'POST', json: submitBody() });
    expect(anonymous.status).to.equal(401);
    const viewer = await h.request('/applications', { method: 'POST', token: 'viewer-token', json: submitBody() });
    expect(viewer.status).to.equal(403);
    const notObject = await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: [1, 2] });
    expect(notObject.status).to.equal(422);
  });

  it('replays the same answer for the same Idempotency-Key and body, and answers 409 for another body', async () => {
    const body = submitBody();
    const first = await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: body, headers: { 'idempotency-key': 'idem-1' } });
    expect(first.status).to.equal(202);
    const firstBody = await jsonOf(first);
    // Same content, other key order: still the same request.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: reordered, headers: { 'idempotency-key': 'idem-1' } });
    expect(again.status).to.equal(202);
    expect(again.headers.get('idempotent-replayed')).to.equal('true');
    expect(await jsonOf(again)).to.deep.equal(firstBody);
    const other = await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: submitBody(), headers: { 'idempotency-key': 'idem-1' } });
    expect(other.status).to.equal(409);
    const rows = await h.db.knex.withSchema('lendwire').table('applications').where({ idempotency_key: 'idem-1' });
    expect(rows).to.have.length(1);
  });

  it('stores one application when two requests with one key race', async () => {
    const body = submitBody();
    const answers = await Promise.all(
      [1, 2, 3].map(() => h.request('/applications', { method: 'POST', token: 'dealer1-token', json: body, headers: { 'idempotency-key': 'race-key' } })),
    );
    const bodies = await Promise.all(answers.map((r) => jsonOf(r)));
    expect(answers.map((r) => r.status)).to.deep.equal([202, 202, 202]);
    expect(new Set(bodies.map((b) => b.id)).size).to.equal(1);
    expect(await h.db.knex.withSchema('lendwire').table('applications').where({ idempotency_key: 'race-key' })).to.have.length(1);
  });

  it('isolates tenants: others\u2019 applications answer 404 and never appear in lists', async () => {
    const mine = await jsonOf(await h.request('/applications', { method: 'POST', token: 'dealer2-token', json: submitBody({ dealerId: 'dealer-2', externalRef: 'only-dealer-2' }) }));
    const res = await h.request(`/applications/${mine.id}`, { token: 'dealer1-token' });
    expect(res.status).to.equal(404);
    expect((await h.request(`/applications/${mine.id}/timeline`, { token: 'dealer1-token' })).status).to.equal(404);
    expect((await h.request(`/applications/app_nope`, { token: 'dealer1-token' })).status).to.equal(404);
    const list = await jsonOf(await h.request('/applications?externalRef=only-dealer-2', { token: 'dealer1-token' }));
    expect(list.items).to.deep.equal([]);
    const forced = await jsonOf(await h.request('/applications?dealerId=dealer-2', { token: 'dealer1-token' }));
    expect(forced.items).to.deep.equal([]);
    const own = await jsonOf(await h.request('/applications?externalRef=only-dealer-2', { token: 'dealer2-token' }));
    expect(own.items.map((i: { id: string }) => i.id)).to.deep.equal([mine.id]);
  });

  it('lists with filters and keyset paging, newest first, without repeats', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await h.request('/applications', { method: 'POST', token: 'admin-token', json: submitBody({ dealerId: 'dealer-2', lenderId: 'eastbank' }) });
      expect(res.status, await res.clone().text()).to.equal(202);
      ids.push((await jsonOf(res)).id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await h.request(`/applications?dealerId=dealer-2&limit=2&status=queued${cursor ? `&cursor=${cursor}` : ''}`, { token: 'dealer2-token' });
      expect(res.status).to.equal(200);
      const page = await jsonOf(res);
      expect(page.items.length).to.be.at.most(2);
      seen.push(...page.items.filter((i: { lenderId: string }) => i.lenderId === 'eastbank').map((i: { id: string }) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).to.deep.equal([...ids].reverse());
    const bad = await h.request('/applications?limit=0&status=nope&cursor=zzz', { token: 'dealer2-token' });
    expect(bad.status).to.equal(422);
    expect((await jsonOf(bad)).errors.map((e: { path: string }) => e.path)).to.have.members(['/limit', '/status', '/cursor']);
  });

  it('offers the same operations in-process through lendwire.applications', async () => {
    const answer = await h.lendwire.applications.submit(submitBody({ dealerId: 'dealer-2', externalRef: 'in-process' }), { idempotencyKey: 'host-1' });
    expect(answer).to.include({ status: 'queued', dealerId: 'dealer-2' });
    const replay = await h.lendwire.applications.submit(submitBody({ dealerId: 'dealer-2', externalRef: 'in-process' }), { idempotencyKey: 'host-1' });
    expect(replay.id).to.equal(answer.id);
    const detail = await h.lendwire.applications.get(String(answer.id));
    expect((detail.application as { applicant: { ssn: string } }).applicant.ssn).to.equal('***-**-6789');
    const listed = await h.lendwire.applications.list({ externalRef: 'in-process' });
    expect(listed.items.map((i) => i.id)).to.deep.equal([answer.id]);
    let error: unknown;
    try {
      await h.lendwire.applications.submit({ lenderId: 'westlake', dealerId: 'dealer-2', application: {} });
    } catch (err) {
      error = err;
    }
    expect(error).to.have.property('name', 'InputError');
    expect((error as { problems: unknown[] }).problems.length).to.be.greaterThan(3);
  });
});

describe('Dealer API without PII encryption configured', () => {
  it('refuses to store applications (503) rather than keep SSNs in clear text', async () => {
    const manifest = applicationManifest();
    const h = await createApplicationHarness({ manifest: { ...manifest, security: { allowInsecureHttp: true } }, start: false });
    try {
      const res = await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: submitBody() });
      expect(res.status).to.equal(503);
      expect((await jsonOf(res)).detail).to.match(/security\.encryption/);
      expect(await h.db.knex.withSchema('lendwire').table('applications')).to.deep.equal([]);
    } finally {
      await h.close();
    }
  });
});
