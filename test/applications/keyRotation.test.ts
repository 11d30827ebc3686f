import { expect } from 'chai';
import nock from 'nock';
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { createHarness, bearerAuth, type Harness } from '../support/harness.js';
import { createLendwire, type Lendwire } from '../../plugin/index.js';
import { registerBuiltInAdapters } from '../../adapters/index.js';
import { applicationManifest, submitBody } from './support/fixtures.js';
import { settledApplication } from '../submissions/support/settledApplication.js';

const TODAY = new Date('2026-11-23T12:00:00Z');

describe('PII encryption key rotation', () => {
  let h: Harness;
  const others: Lendwire[] = [];
  const withKeys = (activeKeyId: string, keys: Record<string, { env: string }>) => {
    const manifest = applicationManifest();
    return { ...manifest, security: { ...(manifest.security as object), encryption: { activeKeyId, keys } } };
  };
  const instance = async (manifest: Record<string, unknown>): Promise<Lendwire> => {
    const lw = await createLendwire({ manifest, knex: h.db.knex, redis: h.redis.redis, logger: pino({ level: 'silent' }), auth: bearerAuth(), queuePrefix: h.redis.prefix, clock: { now: () => TODAY }, submissions: { backoffMs: 20 } });
    registerBuiltInAdapters(lw);
    others.push(lw);
    return lw;
  };

  before(async () => {
    process.env.TEST_ROTATION_KEY_OLD = randomBytes(32).toString('hex');
    process.env.TEST_ROTATION_KEY_NEW = randomBytes(32).toString('base64');
    h = await createHarness({ manifest: withKeys('old', { old: { env: 'TEST_ROTATION_KEY_OLD' } }), register: registerBuiltInAdapters, start: false, extra: { clock: { now: () => TODAY } } });
  });
  after(async () => {
    for (const lw of others) await lw.stop();
    await h.close();
    nock.cleanAll();
  });

  it('reads and submits applications sealed with a retired active key, and seals new ones with the new key', async () => {
    const before = await h.lendwire.applications.submit(submitBody(), { dealerIds: ['dealer-1'] });
    const beforeRow = await h.db.knex.withSchema('lendwire').table('applications').where({ id: before.id }).first();
    expect(beforeRow.pii_key_id).to.equal('old');

    const rotated = await instance(withKeys('new', { old: { env: 'TEST_ROTATION_KEY_OLD' }, new: { env: 'TEST_ROTATION_KEY_NEW' } }));
    const after = await rotated.applications.submit(submitBody());
    expect((await h.db.knex.withSchema('lendwire').table('applications').where({ id: after.id }).first()).pii_key_id).to.equal('new');

    const oldView = await rotated.applications.get(String(before.id));
    expect((oldView.application as { applicant: { ssn: string } }).applicant.ssn).to.equal('***-**-6789');

    // The worker opens the old blob to send the real SSN to the lender.
    const ssns: unknown[] = [];
    nock('https://los.test')
      .post('/api/applications', (body) => (ssns.push(body.Applicant.SSN), true))
      .times(2)
      .reply(200, () => ({ AppId: `AT-${ssns.length}` }));
    await rotated.start();
    expect((await settledApplication(h.db.knex, String(before.id))).status).to.equal('submitted');
    expect((await settledApplication(h.db.knex, String(after.id))).status).to.equal('submitted');
    expect(ssns).to.deep.equal(['123456789', '123456789']);
  });

  it('without the old key, old applications stay readable but fully masked', async () => {
    const [row] = await h.db.knex.withSchema('lendwire').table('applications').where({ pii_key_id: 'old' });
    const newOnly = await instance(withKeys('new', { new: { env: 'TEST_ROTATION_KEY_NEW' } }));
    const view = await newOnly.applications.get(row.id);
    expect((view.application as { applicant: { ssn: string } }).applicant.ssn).to.equal('***-**-****');
  });
});
