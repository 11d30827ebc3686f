import { expect } from 'chai';
import nock from 'nock';
import { jsonOf, type Harness } from '../support/harness.js';
import { createFastSubmissionHarness } from './support/fastSubmissionHarness.js';
import { submitBody } from '../applications/support/fixtures.js';
import { settledApplication } from './support/settledApplication.js';

const WESTLAKE = 'https://los.test';

/** A lender's answer is input too: text Postgres cannot store must not leave an application stuck in `submitting`. */
describe('Submission worker: lender answers holding text Postgres cannot store', () => {
  let h: Harness;
  before(async () => {
    h = await createFastSubmissionHarness();
  });
  afterEach(() => nock.cleanAll());
  after(async () => {
    await h.close();
  });

  const submit = async (): Promise<string> => {
    const res = await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: submitBody() });
    expect(res.status).to.equal(202);
    return (await jsonOf(res)).id;
  };
  const submission = (id: string) => h.db.knex.withSchema('lendwire').table('submissions').where({ application_id: id }).orderBy('id', 'desc').first();

  it('stores an accepted answer whose status and message hold NUL / lone surrogates, cleaned, and an excerpt cut inside an emoji', async () => {
    // The emoji straddles the 4 KiB excerpt limit: cutting inside it would leave half a surrogate pair, which jsonb refuses.
    const head = '{"AppId":"AT-NULOK","Status":"RECEIVED\\u0000","Message":"ok \\ud800","pad":"';
    const body = `${head}${'x'.repeat(4095 - head.length)}😀😀"}`;
    nock(WESTLAKE).post('/api/applications').reply(200, body, { 'content-type': 'application/json' });
    const id = await submit();
    const app = await settledApplication(h.db.knex, id);
    expect(app).to.include({ status: 'submitted', lender_app_id: 'AT-NULOK', lender_status: 'RECEIVED' });
    const row = await submission(id);
    const excerpt = (row.vendor_response as { excerpt: string }).excerpt;
    expect(excerpt, 'cut before the emoji that does not fit whole').to.equal(body.slice(0, 4095));
    expect(Buffer.byteLength(excerpt)).to.be.at.most(4096);
  });

  it('sends an accepted answer whose AppId cannot be stored to review (the lender has it: never resubmitted)', async () => {
    const scope = nock(WESTLAKE).post('/api/applications').once().reply(200, '{"AppId":"AT-\\u0000X","Status":"RECEIVED"}', { 'content-type': 'application/json' });
    const id = await submit();
    const app = await settledApplication(h.db.knex, id);
    expect(app.status).to.equal('needs_review');
    expect(scope.isDone()).to.equal(true);
    const row = await submission(id);
    expect(row).to.include({ state: 'unknown', error_code: 'E_VENDOR_ID' });
  });
});
