import { expect } from 'chai';
import nock from 'nock';
import { createHarness, jsonOf, type Harness } from '../support/harness.js';
import { deleteKeys } from '../support/testRedis.js';
import { registerBuiltInAdapters } from '../../adapters/index.js';
import { applicationManifest, submitBody } from '../applications/support/fixtures.js';
import { settledApplication, sleep } from './support/waitFor.js';

const TODAY = new Date('2026-11-23T12:00:00Z');

describe('Submission sweep: Postgres rebuilds lost queue jobs', () => {
  let h: Harness;
  before(async () => {
    h = await createHarness({
      manifest: applicationManifest(),
      register: registerBuiltInAdapters,
      start: false,
      extra: { clock: { now: () => TODAY }, submissions: { sweepIntervalMs: 100, backoffMs: 20 } },
    });
  });
  after(async () => {
    await h.close();
    nock.cleanAll();
  });

  it('submits an application whose job vanished from Redis (flush), exactly once', async () => {
    const res = await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: submitBody() });
    const { id } = await jsonOf(res);
    await deleteKeys(h.redis.redis, `${h.redis.prefix}*`);
    expect(await h.redis.redis.keys(`${h.redis.prefix}*`)).to.deep.equal([]);
    await sleep(150);
    let calls = 0;
    nock('https://los.test')
      .post('/api/applications')
      .times(3)
      .reply(() => {
        calls++;
        return [200, { AppId: 'AT-SWEPT' }];
      });
    await h.lendwire.start();
    expect(await settledApplication(h.db.knex, id)).to.include({ status: 'submitted', lender_app_id: 'AT-SWEPT' });
    await sleep(400); // several more sweeps: the submitted application is not picked up again
    expect(calls).to.equal(1);
  });
});
