import { expect } from 'chai';
import nock from 'nock';
import { jsonOf, type Harness } from '../support/harness.js';
import { createFastSubmissionHarness } from '../submissions/support/fastSubmissionHarness.js';
import { submitBody } from '../applications/support/fixtures.js';
import { settledApplication } from '../submissions/support/settledApplication.js';
import { startReceiver, type Receiver } from '../delivery/support/receiver.js';
import { emit } from '../delivery/support/deliveryTestKit.js';
import { createAdminHarness, seedApplication, testSealer, waitFor } from '../admin/adminFixtures.js';
import { scrubSsnLike, scrubSsnLikeDeep } from '../../plugin/security/scrubSsnLike.js';

/** Any spelling of the SSNs used below, dashed or not. */
const SSN = /123-?45-?6789|987-?65-?4320|555-?12-?3456|111-?22-?3333/;
const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

describe('PII never leaks through vendor text', () => {
  it('masks SSN-shaped numbers, dashed or not, and nothing else', () => {
    expect(scrubSsnLike('Applicant 123-45-6789 / 987654320 rejected')).to.equal('Applicant ***-**-**** / ***-**-**** rejected');
    expect(scrubSsnLike('SSN:123456789.')).to.equal('SSN:***-**-****.');
    for (const kept of ['1234567890', '12-345-6789', 'AT-7Q2K9W', 'phone 214-555-0147', '2026-11-23T12:00:00Z', '$21,529.69', '***-**-6789']) expect(scrubSsnLike(kept)).to.equal(kept);
    expect(scrubSsnLike(null)).to.equal(null);
    expect(scrubSsnLikeDeep({ a: ['ssn 123-45-6789'], n: 123456789, k: { '123456789': 'x' } })).to.deep.equal({ a: ['ssn ***-**-****'], n: 123456789, k: { '***-**-****': 'x' } });
  });

  describe('lender submissions', () => {
    let h: Harness;
    before(async () => {
      h = await createFastSubmissionHarness(1);
    });
    afterEach(() => nock.cleanAll());
    after(() => h?.close());

    it('a refusal quoting the SSN keeps it out of the attempt log, the transition, both timelines and the logs', async () => {
      nock('https://los.test')
        .post('/api/applications')
        .reply(422, { Message: 'Applicant SSN 123-45-6789 does not match the bureau', Errors: [{ Field: 'SSN', Message: '123456789 is on file for another applicant' }] });
      const res = await h.request('/applications', { method: 'POST', token: 'dealer1-token', json: submitBody() });
      const { id } = await jsonOf(res);
      const app = await settledApplication(h.db.knex, id);
      expect(app.status).to.equal('submission_failed');
      const submissions = await h.db.knex.withSchema('lendwire').table('submissions').where({ application_id: id });
      const transitions = await h.db.knex.withSchema('lendwire').table('application_transitions').where({ application_id: id });
      // The vendor's words are kept, only the number is masked.
      // (the appTRAKER adapter masks the applicant's own data it finds echoed, withoutApplicantData).
      expect(submissions[0].error_message).to.match(/Applicant SSN \[masked\] does not match/);
      expect(transitions.map((t) => t.reason).join(' ')).to.match(/does not match/);
      for (const value of [submissions, transitions, (await h.db.knex.withSchema('lendwire').table('outbox').where({ application_id: id })).map((e) => e.payload)]) {
        expect(text(value)).not.to.match(SSN);
      }
      const dealerTimeline = await jsonOf(await h.request(`/applications/${id}/timeline`, { token: 'dealer1-token' }));
      const adminTimeline = await jsonOf(await h.request(`/admin/api/applications/${id}/timeline`, { token: 'admin-token' }));
      expect(text(dealerTimeline)).to.match(/does not match/).and.not.to.match(SSN);
      expect(text(adminTimeline)).to.match(/does not match/).and.not.to.match(SSN);
      expect(text(await jsonOf(await h.request(`/admin/api/applications/${id}`, { token: 'admin-token' })))).not.to.match(SSN);
      expect(h.logs()).not.to.match(SSN);
    });
  });

  describe('deliveries, callbacks and reviews', () => {
    let h: Harness;
    let receiver: Receiver;
    before(async () => {
      receiver = await startReceiver((_req, res) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('no customer with SSN 987-65-4320 (ref 987654320)');
      });
      h = await createAdminHarness(receiver.url);
    });
    after(async () => {
      await h?.close();
      await receiver?.close();
    });

    it('a webhook endpoint echoing an SSN: the attempt log, the delivery views and the admin timeline show it masked', async () => {
      const app = await seedApplication(h.db.knex, testSealer(), { dealerId: 'dealer-1' });
      await emit(h.db.knex, 'application.status_changed', { applicationId: app.id, status: 'approved' });
      const attempt = await waitFor(
        async () => (await h.db.knex.withSchema('lendwire').table('delivery_attempts').join('deliveries', 'deliveries.id', 'delivery_attempts.delivery_id').where('deliveries.application_id', app.id).first('delivery_attempts.*')) as Record<string, unknown> | undefined,
        10_000,
        'a failed attempt',
      );
      expect(attempt.response_excerpt).to.equal('no customer with SSN ***-**-**** (ref ***-**-****)');
      const delivery = await h.db.knex.withSchema('lendwire').table('deliveries').where({ id: attempt.delivery_id }).first();
      expect(text(delivery)).not.to.match(SSN);
      const view = await jsonOf(await h.request(`/admin/api/deliveries/${String(attempt.delivery_id)}`, { token: 'admin-token' }));
      expect(text(view)).to.match(/no customer with SSN/).and.not.to.match(SSN);
      expect(text(await jsonOf(await h.request(`/admin/api/applications/${app.id}/timeline`, { token: 'admin-token' })))).not.to.match(SSN);
    });

    it('a callback quoting an SSN is stored byte for byte, but the review queue and its views mask it', async () => {
      const body = '<html><body>Applicant 555-12-3456 could not be matched</body></html>';
      const res = await h.request('/callbacks/westlake', { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'callback-key-1' }, body });
      expect(res.status).to.equal(200);
      const { id } = await jsonOf(res);
      await waitFor(async () => (await h.db.knex.withSchema('lendwire').table('raw_callbacks').where({ id }).first())?.parse_status, 10_000, 'parsed');
      const row = await h.db.knex.withSchema('lendwire').table('raw_callbacks').where({ id }).first();
      expect(Buffer.from(row.body).toString('utf8')).to.equal(body);
      const list = await jsonOf(await h.request('/admin/api/callbacks', { token: 'admin-token' }));
      const mine = list.items.find((c: { id: string }) => c.id === String(id));
      expect(mine.bodyPreview).to.equal('<html><body>Applicant ***-**-**** could not be matched</body></html>');
      expect(text(await jsonOf(await h.request(`/admin/api/callbacks/${String(id)}`, { token: 'admin-token' })))).not.to.match(SSN);
      expect(text(await h.lendwire.callbacks.get(String(id)))).not.to.match(SSN);
    });

    it('a review reason or note with an SSN in it is stored and shown masked (transition, audit log, timelines)', async () => {
      const app = await seedApplication(h.db.knex, testSealer(), { dealerId: 'dealer-1', status: 'needs_review' });
      const res = await h.request(`/admin/api/applications/${app.id}/review`, {
        method: 'POST',
        token: 'operator-token',
        json: { resolution: 'failed', reason: 'lender says SSN 111-22-3333 is frozen', note: 'called about 111223333' },
      });
      expect(res.status).to.equal(200);
      const transitions = await h.db.knex.withSchema('lendwire').table('application_transitions').where({ application_id: app.id });
      const audit = await h.db.knex.withSchema('lendwire').table('audit_log').where({ target_id: app.id });
      expect(text(transitions)).to.match(/is frozen/).and.not.to.match(SSN);
      expect(text(audit)).to.match(/is frozen/).and.not.to.match(SSN);
      expect(text(await jsonOf(await h.request(`/applications/${app.id}/timeline`, { token: 'dealer1-token' })))).to.match(/is frozen/).and.not.to.match(SSN);
      expect(text(await jsonOf(await h.request(`/admin/api/applications/${app.id}/timeline`, { token: 'admin-token' })))).not.to.match(SSN);
      expect(text(await jsonOf(await h.request('/admin/api/audit', { token: 'admin-token' })))).not.to.match(SSN);
      expect(h.logs()).not.to.match(SSN);
    });
  });
});
