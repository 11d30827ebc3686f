import { expect } from 'chai';
import { migrateLatest } from '../../plugin/app/migrate.js';
import { recordAudit } from '../../plugin/audit/recordAudit.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';

const SCHEMA = 'lendwire';

describe('recordAudit (the one audit_log writer)', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
    await migrateLatest(db.knex, SCHEMA);
  });
  after(() => db.drop());

  const rows = (targetId: string) => db.knex.withSchema(SCHEMA).table('audit_log').where({ target_id: targetId }).orderBy('id');

  it('writes who did what to which target, with its details as JSON (null without)', async () => {
    await recordAudit(db.knex, SCHEMA, { actor: 'u-1', action: 'pii.reveal', targetType: 'application', targetId: 'app-1', details: { fields: ['applicant.ssn'], reason: null } });
    await recordAudit(db.knex, SCHEMA, { actor: 'system', action: 'callback.reprocess', targetType: 'raw_callback', targetId: 'app-1' });
    const [first, second] = await rows('app-1');
    expect(first).to.include({ actor: 'u-1', action: 'pii.reveal', target_type: 'application', target_id: 'app-1' });
    expect(first.details).to.deep.equal({ fields: ['applicant.ssn'], reason: null });
    expect(first.at).to.be.instanceOf(Date);
    expect(second).to.include({ actor: 'system', action: 'callback.reprocess', target_type: 'raw_callback', details: null });
  });

  it("writes in the caller's transaction: a rolled-back action leaves no audit line", async () => {
    await db.knex
      .transaction(async (trx) => {
        await recordAudit(trx, SCHEMA, { actor: 'u-2', action: 'subscription.disable', targetType: 'subscription', targetId: 'sub-rolled-back', details: { reason: 'x' } });
        throw new Error('the action failed');
      })
      .catch(() => undefined);
    expect(await rows('sub-rolled-back')).to.deep.equal([]);
  });
});
