import { expect } from 'chai';
import { pino } from 'pino';
import { migrateLatest, parseManifest, ConfigurationError } from '../../plugin/index.js';
import { RawCallbackRetention } from '../../plugin/callbacks/RawCallbackRetention.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { testManifest } from '../support/testManifest.js';

const DAY = 86_400_000;

describe('raw callback retention', () => {
  let db: TestDatabase;
  const now = new Date('2026-11-23T12:00:00Z');
  before(async () => {
    db = await createTestDatabase();
    await migrateLatest(db.knex, 'lendwire');
  });
  after(async () => {
    await db.drop();
  });

  const store = (daysAgo: number) =>
    db.knex
      .withSchema('lendwire')
      .table('raw_callbacks')
      .insert({ lender_id: 'westlake', received_at: new Date(now.getTime() - daysAgo * DAY), headers: '{}', body: Buffer.from(`{"age":${daysAgo}}`) })
      .returning('id');

  it('deletes raw callbacks older than retention.rawCallbacksDays and keeps every younger one', async () => {
    for (const days of [3000, 2600, 2558]) await store(days);
    for (const days of [2556, 800, 1]) await store(days);
    const retention = new RawCallbackRetention(db.knex, { schema: 'lendwire' }, { retention: { rawCallbacksDays: 2557, deliveriesDays: 90, auditLogDays: 761 } }, { now: () => now }, pino({ level: 'silent' }));
    expect(await retention.prune(2)).to.equal(3);
    const left = await db.knex.withSchema('lendwire').table('raw_callbacks').select('body').orderBy('id');
    expect(left.map((r: { body: Buffer }) => JSON.parse(r.body.toString()).age)).to.deep.equal([2556, 800, 1]);
    expect(await retention.prune()).to.equal(0);
  });

  it('refuses a retention shorter than the 25 months ECOA Reg B requires', () => {
    try {
      parseManifest(testManifest({ retention: { rawCallbacksDays: 365 } }));
      expect.fail('a one-year retention was accepted');
    } catch (err) {
      expect(err).to.be.instanceOf(ConfigurationError);
      expect((err as ConfigurationError).problems.map((p) => p.path)).to.deep.equal(['/retention/rawCallbacksDays']);
    }
  });
});
