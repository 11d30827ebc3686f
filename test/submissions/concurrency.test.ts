import { expect } from 'chai';
import nock from 'nock';
import { jsonOf, type Harness } from '../support/harness.js';
import { createApplicationHarness } from '../support/applicationHarness.js';
import { applicationManifest, fixtureJson, submitBody } from '../applications/support/fixtures.js';
import { settledApplication } from './support/settledApplication.js';
import { waitFor } from '../support/waitFor.js';

describe('Submission worker: a slow lender does not make submissions queue behind each other', () => {
  let h: Harness;
  before(async () => {
    h = await createApplicationHarness({ manifest: applicationManifest({ timeoutMs: 10_000 }) });
  });
  afterEach(() => nock.cleanAll());
  after(async () => {
    await h?.close();
  });

  it('with the default concurrency, 20 submissions are at the lender at the same time (a vendor taking seconds to answer does not hold up the others)', async () => {
    const waiting: ((err: null, result: [number, unknown]) => void)[] = [];
    // The lender answers nothing until 20 requests are with it at once, then answers them all.
    nock('https://los.test')
      .post('/api/applications')
      .times(20)
      .reply((_uri, _body, answer) => {
        waiting.push(answer as (err: null, result: [number, unknown]) => void);
        if (waiting.length === 20) for (const a of waiting.splice(0)) a(null, [200, fixtureJson('apptraker/00-submit-response.json')]);
      });
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: submitBody() });
      expect(res.status).to.equal(202);
      ids.push((await jsonOf(res)).id);
    }
    await waitFor(async () => {
      const rows = await h.db.knex.withSchema('lendwire').table('applications').whereIn('id', ids).where({ status: 'submitted' });
      return rows.length === 20;
    }, 8_000, 'all 20 submitted (the lender answers once 20 are in flight together)');
    for (const id of ids) expect((await settledApplication(h.db.knex, id)).status).to.equal('submitted');
  });
});
