import { expect } from 'chai';
import { pino } from 'pino';
import { migrateLatest } from '../../plugin/index.js';
import { FileBatchRetention } from '../../plugin/webhooks/FileBatchRetention.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';

const DAY = 86_400_000;

describe('batch file retention', () => {
  let db: TestDatabase;
  const now = new Date('2026-11-23T12:00:00Z');
  before(async () => {
    db = await createTestDatabase();
    await migrateLatest(db.knex, 'lendwire');
  });
  after(async () => {
    await db.drop();
  });

  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  let sequence = 0;
  async function batch(name: string, openedDaysAgo: number, deliveredDaysAgo: number | null): Promise<void> {
    const id = `bat_partner_${++sequence}`;
    const opened = ago(openedDaysAgo);
    await db.knex.withSchema('lendwire').table('file_batches').insert({
      id,
      subscription_id: 'partner',
      sequence,
      record_count: 1,
      opened_at: opened,
      closes_at: opened,
      max_records: 100,
      closed_at: opened,
      delivered_at: deliveredDaysAgo === null ? null : ago(deliveredDaysAgo),
    });
    await db.knex
      .withSchema('lendwire')
      .table('file_batch_records')
      .insert({ batch_id: id, position: 1, subscription_id: 'partner', event_id: `evt_${name}`, event_type: 'application.status_changed', event_time: opened.toISOString(), body: `{"name":"${name}"}` });
  }

  it('deletes batches delivered longer ago than retention.deliveriesDays, with their records; never an undelivered one', async () => {
    await batch('old-delivered-1', 200, 150);
    await batch('old-delivered-2', 120, 91);
    await batch('young-delivered', 100, 89);
    await batch('old-undelivered', 300, null);
    const retention = new FileBatchRetention(db.knex, { schema: 'lendwire' }, { retention: { rawCallbacksDays: 2557, deliveriesDays: 90, auditLogDays: 761 } }, { now: () => now }, pino({ level: 'silent' }));
    expect(await retention.prune(1)).to.equal(2);
    const records = await db.knex.withSchema('lendwire').table('file_batch_records').select('event_id').orderBy('event_id');
    expect(records.map((r: { event_id: string }) => r.event_id)).to.deep.equal(['evt_old-undelivered', 'evt_young-delivered']);
    expect(await retention.prune()).to.equal(0);
  });
});
