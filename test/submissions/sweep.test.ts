import { expect } from 'chai';
import nock from 'nock';
import { jsonOf, type Harness } from '../support/harness.js';
import { countCalls } from '../support/countCalls.js';
import { createApplicationHarness } from '../support/applicationHarness.js';
import { deleteKeys, keysMatching } from '../support/testRedis.js';
import { submitBody } from '../applications/support/fixtures.js';
import { settledApplication } from './support/settledApplication.js';
import { sleep } from '../support/waitFor.js';

describe('Submission sweep: Postgres rebuilds lost queue jobs', () => {
  let h: Harness;
  before(async () => {
    h = await createApplicationHarness({ start: false, submissions: { sweepIntervalMs: 100, pendingGraceMs: 100, backoffMs: 20 } });
  });
  after(async () => {
    await h.close();
    nock.cleanAll();
  });

  it('submits an application whose job vanished from Redis (flush), exactly once', async () => {
    const res = await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: submitBody() });
    const { id } = await jsonOf(res);
    await deleteKeys(h.redis.redis, `${h.redis.prefix}*`);
    expect(await keysMatching(h.redis.redis, `${h.redis.prefix}*`)).to.deep.equal([]);
    await sleep(150);
    const lender = countCalls(nock('https://los.test').post('/api/applications').times(3), () => [200, { AppId: 'AT-SWEPT' }]);
    await h.lendwire.start();
    expect(await settledApplication(h.db.knex, id)).to.include({ status: 'submitted', lender_app_id: 'AT-SWEPT' });
    await sleep(400); // several more sweeps: the submitted application is not picked up again
    expect(lender.calls).to.equal(1);
  });
});

describe('A worker that stopped between "outcome unknown" and reconciling it', () => {
  let h: Harness;
  before(async () => {
    h = await createApplicationHarness({ start: false, submissions: { backoffMs: 20 } });
  });
  after(async () => {
    await h.close();
  });

  it('is picked up by the next worker, which reconciles (review) instead of sending again', async () => {
    const { id } = await jsonOf(await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: submitBody() }));
    // The state a worker leaves when it dies right after recording an unknown outcome.
    await h.db.knex.withSchema('lendwire').table('applications').where({ id }).update({ status: 'submitting' });
    await h.db.knex.withSchema('lendwire').table('submissions').insert({ application_id: id, lender_id: 'westlake', state: 'unknown', attempt: 1, error_code: 'E_TIMEOUT', error_message: 'no answer within 2000 ms', finished_at: new Date() });
    const lender = countCalls(nock('https://los.test').post('/api/applications').times(3), () => [200, { AppId: 'AT-NEVER' }]);
    await h.lendwire.start();
    const app = await settledApplication(h.db.knex, id);
    expect(app.status).to.equal('needs_review');
    expect(lender.calls).to.equal(0);
    expect(await h.db.knex.withSchema('lendwire').table('submissions').where({ application_id: id })).to.have.length(1);
    nock.cleanAll();
  });
});
