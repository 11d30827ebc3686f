import { expect } from 'chai';
import nock from 'nock';
import { jsonOf, type Harness } from '../support/harness.js';
import { countCalls } from '../support/countCalls.js';
import { createApplicationHarness } from '../support/applicationHarness.js';
import { ConflictError, InputError, NotFoundError } from '../../plugin/index.js';
import { submitBody } from '../applications/support/fixtures.js';
import { settledApplication } from './support/settledApplication.js';
import { waitFor } from '../support/waitFor.js';

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

describe('Operator review of unknown submission outcomes (lendwire.applications.resolveReview)', () => {
  let h: Harness;
  before(async () => {
    h = await createApplicationHarness({ submissions: { backoffMs: 20 } });
  });
  afterEach(() => nock.cleanAll());
  after(async () => {
    await h.close();
  });

  const needsReview = async (): Promise<string> => {
    nock('https://los.test').post('/api/applications').reply(500, 'oops');
    const { id } = await jsonOf(await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: submitBody() }));
    expect((await settledApplication(h.db.knex, id)).status).to.equal('needs_review');
    return id;
  };
  const review = (id: string, decision: unknown, dealerIds?: string[]) => h.lendwire.applications.resolveReview(id, decision, { actor: 'u-operator', dealerIds });

  it('records "the lender has it" with its AppId; refuses bad decisions, other tenants and settled applications', async () => {
    const id = await needsReview();
    const bad = await failure(review(id, { resolution: 'maybe' }));
    expect(bad).to.be.instanceOf(InputError);
    expect((bad as InputError).problems).to.deep.equal([{ path: '/resolution', message: 'must be one of: submitted, resubmit, failed' }]);
    expect(((await failure(review(id, { resolution: 'submitted' }))) as InputError).problems[0].path).to.equal('/lenderAppId');
    expect(await failure(review(id, { resolution: 'resubmit' }, ['dealer-2']))).to.be.instanceOf(NotFoundError);

    expect(await review(id, { resolution: 'submitted', lenderAppId: 'AT-PORTAL-1', note: 'found in the portal' })).to.deep.equal({ id, status: 'submitted' });
    const row = await h.db.knex.withSchema('lendwire').table('applications').where({ id }).first();
    expect(row).to.include({ status: 'submitted', lender_app_id: 'AT-PORTAL-1' });
    const events = await h.db.knex.withSchema('lendwire').table('outbox').where({ application_id: id }).orderBy('id');
    expect(events.at(-1)).to.include({ type: 'application.submitted' });
    const [audit] = await h.db.knex.withSchema('lendwire').table('audit_log').where({ target_id: id, action: 'application.review_resolved' });
    expect(audit.actor).to.equal('u-operator');
    expect(await failure(review(id, { resolution: 'resubmit' }))).to.be.instanceOf(ConflictError);
  });

  it('resubmits only on an explicit operator decision, and then exactly once more', async () => {
    const id = await needsReview();
    const lender = countCalls(nock('https://los.test').post('/api/applications').times(3), () => [200, { AppId: 'AT-SECOND-TRY' }]);
    // Nothing is resent on its own.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lender.calls).to.equal(0);

    expect(await review(id, { resolution: 'resubmit', note: 'lender confirmed it has nothing' })).to.deep.equal({ id, status: 'queued' });
    const row = await waitFor(async () => {
      const r = await h.db.knex.withSchema('lendwire').table('applications').where({ id }).first();
      return r.status === 'submitted' ? r : undefined;
    }, 10_000, 'resubmission');
    expect(row.lender_app_id).to.equal('AT-SECOND-TRY');
    expect(lender.calls).to.equal(1);
    const attempts = await h.db.knex.withSchema('lendwire').table('submissions').where({ application_id: id }).orderBy('id');
    expect(attempts.map((a) => a.state)).to.deep.equal(['unknown', 'accepted']);
    const statuses = (await h.db.knex.withSchema('lendwire').table('application_transitions').where({ application_id: id }).orderBy('id')).map((t) => t.to_status);
    expect(statuses).to.deep.equal(['queued', 'submitting', 'needs_review', 'queued', 'submitting', 'submitted']);
  });

  it('closes a review as failed, with a reason the dealer sees', async () => {
    const id = await needsReview();
    await review(id, { resolution: 'failed', reason: 'duplicate of an application keyed in the portal' });
    const detail = await jsonOf(await h.request(`/applications/${id}`, { token: 'dealer1-token' }));
    expect(detail.status).to.equal('submission_failed');
    const timeline = await jsonOf(await h.request(`/applications/${id}/timeline`, { token: 'dealer1-token' }));
    expect(timeline.entries.at(-1).reason).to.include('duplicate of an application keyed in the portal');
  });
});
