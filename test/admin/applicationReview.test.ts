import { expect } from 'chai';
import nock from 'nock';
import { createHarness, jsonOf, type Harness } from '../support/harness.js';
import { registerBuiltInAdapters } from '../../adapters/index.js';
import { applicationManifest, submitBody } from '../applications/support/fixtures.js';
import { adminAuth, waitFor } from './adminFixtures.js';
import { openapiValidator } from './openapiValidator.js';

const TODAY = new Date('2026-11-23T12:00:00Z');
const LENDER = 'https://los.test';

describe('admin API: operator review of applications (POST /admin/api/applications/:id/review)', () => {
  let h: Harness;
  const api = (path: string, token?: string, init: RequestInit & { json?: unknown } = {}) => h.request(`/admin/api${path}`, { ...init, token });
  const review = (id: string, token: string | undefined, json?: unknown) => api(`/applications/${id}/review`, token, { method: 'POST', ...(json === undefined ? {} : { json }) });
  const row = (id: string) => h.db.knex.withSchema('lendwire').table('applications').where({ id }).first();
  const transitions = async (id: string) => h.db.knex.withSchema('lendwire').table('application_transitions').where({ application_id: id }).orderBy('id');
  const audits = (id: string) => h.db.knex.withSchema('lendwire').table('audit_log').where({ target_id: id, action: 'application.review_resolved' }).orderBy('id');

  /** A real submission whose outcome the lender left unknown (a 500): the application waits in needs_review. */
  async function needsReview(): Promise<string> {
    nock(LENDER).post('/api/applications').reply(500, 'oops');
    const res = await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: submitBody() });
    expect(res.status).to.equal(202);
    const { id } = await jsonOf(res);
    await waitFor(async () => (await row(id)).status === 'needs_review', 10_000, `${id} to need review`);
    return id;
  }

  before(async () => {
    h = await createHarness({
      manifest: applicationManifest(),
      register: registerBuiltInAdapters,
      extra: { auth: adminAuth, clock: { now: () => TODAY }, submissions: { backoffMs: 20 } },
    });
  });
  afterEach(() => nock.cleanAll());
  after(async () => {
    await h?.close();
  });

  it('refuses viewers, dealers and other roles (403) before looking anything up, and changes nothing', async () => {
    const id = await needsReview();
    for (const token of ['viewer-token', 'auditor-token', 'dealer1-token', 'nobody-token']) {
      for (const target of [id, 'app_01JXXXXXXXXXXXXXXXXXXXXXXX']) {
        const res = await review(target, token, { resolution: 'failed', reason: 'not allowed' });
        expect(res.status, `${token} ${target}`).to.equal(403);
        expect(res.headers.get('content-type')).to.match(/problem\+json/);
      }
    }
    expect((await review(id, undefined, { resolution: 'failed', reason: 'anonymous' })).status).to.equal(401);
    expect((await row(id)).status).to.equal('needs_review');
    expect(await audits(id)).to.have.length(0);
  });

  it('answers 422 listing the failing field paths, 404 for unknown ids, 409 for applications not under review', async () => {
    const id = await needsReview();
    const cases: [unknown, string[]][] = [
      [{}, ['/resolution']],
      [{ resolution: 'maybe' }, ['/resolution']],
      [{ resolution: 'submitted' }, ['/lenderAppId']],
      [{ resolution: 'submitted', lenderAppId: '   ' }, ['/lenderAppId']],
      [{ resolution: 'failed' }, ['/reason']],
      [['resubmit'], ['/resolution']],
    ];
    for (const [body, paths] of cases) {
      const res = await review(id, 'operator-token', body);
      expect(res.status, JSON.stringify(body)).to.equal(422);
      expect(res.headers.get('content-type')).to.match(/problem\+json/);
      expect((await jsonOf(res)).errors.map((e: { path: string }) => e.path), JSON.stringify(body)).to.deep.equal(paths);
    }
    expect((await review(id, 'operator-token')).status, 'no body').to.equal(422);
    const notJson = await api(`/applications/${id}/review`, 'operator-token', { method: 'POST', body: 'resolution=resubmit', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(notJson.status).to.equal(415);

    const unknown = await review('app_01JXXXXXXXXXXXXXXXXXXXXXXX', 'operator-token', { resolution: 'resubmit' });
    expect(unknown.status).to.equal(404);
    expect(unknown.headers.get('content-type')).to.match(/problem\+json/);

    const settled = await review(id, 'operator-token', { resolution: 'submitted', lenderAppId: 'AT-PORTAL-7' });
    expect(settled.status).to.equal(200);
    const again = await review(id, 'admin-token', { resolution: 'resubmit' });
    expect(again.status).to.equal(409);
    expect(again.headers.get('content-type')).to.match(/problem\+json/);
    expect((await jsonOf(again)).detail).to.match(/submitted/);
    // Nothing happened on the refused requests: one decision, one audit row.
    expect(await audits(id)).to.have.length(1);
    expect((await row(id)).status).to.equal('submitted');
  });

  it('records "the lender has it" with its AppId: status, transition, outbox event and audit row naming the operator', async () => {
    const id = await needsReview();
    const res = await review(id, 'operator-token', { resolution: 'submitted', lenderAppId: 'AT-PORTAL-1', note: 'found in the portal' });
    expect(res.status).to.equal(200);
    const body = await jsonOf(res);
    expect(body).to.deep.equal({ id, status: 'submitted' });
    (await openapiValidator(h))('ReviewResult', body);

    expect(await row(id)).to.include({ status: 'submitted', lender_app_id: 'AT-PORTAL-1' });
    const last = (await transitions(id)).at(-1);
    expect(last).to.include({ from_status: 'needs_review', to_status: 'submitted', source: 'operator' });
    expect(last.reason).to.include('u-operator').and.include('found in the portal');
    const event = (await h.db.knex.withSchema('lendwire').table('outbox').where({ application_id: id }).orderBy('id')).at(-1);
    expect(event).to.include({ type: 'application.submitted' });
    const [audit] = await audits(id);
    expect(audit).to.include({ actor: 'u-operator', target_type: 'application' });
    expect(audit.details).to.include({ from: 'needs_review', resolution: 'submitted', lenderAppId: 'AT-PORTAL-1' });
    // The admin API's own views show the decision.
    const detail = await jsonOf(await api(`/applications/${id}`, 'viewer-token'));
    expect(detail).to.include({ status: 'submitted', lenderAppId: 'AT-PORTAL-1' });
  });

  it('marks it failed with a reason, and a failed application can still be resubmitted on an explicit decision (sent exactly once more)', async () => {
    const id = await needsReview();
    const failed = await review(id, 'admin-token', { resolution: 'failed', reason: 'dealer withdrew the deal' });
    expect(failed.status).to.equal(200);
    expect(await jsonOf(failed)).to.deep.equal({ id, status: 'submission_failed' });
    expect((await transitions(id)).at(-1)).to.include({ from_status: 'needs_review', to_status: 'submission_failed', source: 'operator' });
    expect((await transitions(id)).at(-1).reason).to.include('dealer withdrew the deal');
    const timeline = await jsonOf(await h.request(`/applications/${id}/timeline`, { token: 'dealer1-token' }));
    expect(timeline.entries.at(-1).reason).to.include('dealer withdrew the deal');

    let calls = 0;
    nock(LENDER)
      .post('/api/applications')
      .times(3)
      .reply(() => {
        calls++;
        return [200, { AppId: 'AT-SECOND-TRY' }];
      });
    const resubmit = await review(id, 'operator-token', { resolution: 'resubmit', note: 'the dealer asked again' });
    expect(resubmit.status).to.equal(200);
    expect(await jsonOf(resubmit)).to.deep.equal({ id, status: 'queued' });
    const submitted = await waitFor(async () => {
      const r = await row(id);
      return r.status === 'submitted' ? r : undefined;
    }, 10_000, 'the resubmission');
    expect(submitted.lender_app_id).to.equal('AT-SECOND-TRY');
    expect(calls).to.equal(1);
    expect((await transitions(id)).map((t) => t.to_status)).to.deep.equal(['queued', 'submitting', 'needs_review', 'submission_failed', 'queued', 'submitting', 'submitted']);
    expect((await audits(id)).map((a) => [a.actor, a.details.resolution])).to.deep.equal([
      ['u-admin', 'failed'],
      ['u-operator', 'resubmit'],
    ]);
  });
});
