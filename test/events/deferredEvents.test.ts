import { expect } from 'chai';
import type { Knex } from 'knex';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { migrateLatest } from '../../plugin/app/migrate.js';
import { DeferredEvents } from '../../plugin/events/DeferredEvents.js';
import { applicationUpdate } from '../../plugin/applications/updateApplicationColumns.js';

describe('DeferredEvents: a transaction\'s event writes held and sent together', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
    await migrateLatest(db.knex, 'lendwire');
    await db.knex
      .withSchema('lendwire')
      .table('applications')
      .insert(['a', 'b', 'c'].map((id) => ({ id: `app_${id}`, dealer_id: 'dealer-1', lender_id: 'westlake', status: 'received', application: '{}' })));
  });
  after(async () => {
    await db?.drop();
  });

  /** Runs `work` in a transaction, recording its statements and the NOTIFYs the relay would get. */
  async function recorded(work: (trx: Knex.Transaction) => Promise<void>): Promise<{ statements: string[]; notifications: number }> {
    const statements: string[] = [];
    const onQuery = (q: { sql: string }) => statements.push(q.sql);
    const listener = await db.knex.client.acquireConnection();
    let notifications = 0;
    listener.on('notification', () => notifications++);
    await listener.query('LISTEN lendwire_outbox');
    db.knex.on('query', onQuery);
    try {
      await db.knex.transaction(work);
    } finally {
      db.knex.off('query', onQuery);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    await listener.query('UNLISTEN *');
    await db.knex.client.releaseConnection(listener);
    return { statements: statements.filter((s) => !/^(begin|commit)/i.test(s.trim())), notifications };
  }

  const outbox = (type: string) => db.knex.withSchema('lendwire').table('outbox').where({ type }).orderBy('id').select('application_id', 'payload');

  it('sends the events of several subjects, with the writes that go with them, in one statement and wakes the relay once', async () => {
    const { statements, notifications } = await recorded(async (trx) => {
      const events = new DeferredEvents(trx, 'lendwire');
      for (const [id, apr] of [['a', 1], ['b', 2], ['c', 3]] as const) {
        await events.defer(`app_${id}`, { type: 'application.updated', applicationId: `app_${id}`, data: { apr } }, [applicationUpdate(trx, 'lendwire', `app_${id}`, { decision: JSON.stringify({ apr }) })]);
      }
      expect(events.size).to.equal(3);
      await events.flush();
      expect(events.size).to.equal(0);
      await events.flush(); // nothing held: no statement
    });
    expect(statements).to.have.length(1);
    expect(notifications).to.equal(1);
    // One statement runs in one snapshot: the events' ids follow no order across subjects (a subject's own are in order, below).
    expect((await outbox('application.updated')).map((r) => [r.application_id, r.payload.apr]).sort()).to.deep.equal([
      ['app_a', 1],
      ['app_b', 2],
      ['app_c', 3],
    ]);
    const rows = await db.knex.withSchema('lendwire').table('applications').orderBy('id').select('id', 'decision', 'version');
    expect(rows.map((r) => [r.id, r.decision.apr, r.version])).to.deep.equal([
      ['app_a', 1, 1],
      ['app_b', 2, 1],
      ['app_c', 3, 1],
    ]);
  });

  it('never holds two writes of one subject: the second sends the first before it is held, so both apply, in order', async () => {
    const { statements } = await recorded(async (trx) => {
      const events = new DeferredEvents(trx, 'lendwire');
      const write = (apr: number) =>
        events.defer('app_a', { type: 'application.status_changed', applicationId: 'app_a', data: { apr } }, [
          applicationUpdate(trx, 'lendwire', 'app_a', { decision: trx.raw(`jsonb_build_object('apr', ?::int, 'before', decision->'apr')`, [apr]) }),
        ]);
      await write(10);
      await write(11);
      await events.flush();
    });
    expect(statements).to.have.length(2);
    const row = await db.knex.withSchema('lendwire').table('applications').where({ id: 'app_a' }).first('decision', 'version');
    // The second saw the first's write (one statement each): a merged statement would have lost one of them.
    expect([row.decision, row.version]).to.deep.equal([{ apr: 11, before: 10 }, 3]);
    expect((await outbox('application.status_changed')).map((r) => r.payload.apr)).to.deep.equal([10, 11]);
  });

  it('a statement Postgres refuses fails the flush, and its transaction writes nothing of it', async () => {
    const before = await db.knex.withSchema('lendwire').table('outbox').count({ n: '*' });
    let failure: unknown;
    try {
      await db.knex.transaction(async (trx) => {
        const events = new DeferredEvents(trx, 'lendwire');
        await events.defer('app_b', { type: 'application.updated', applicationId: 'app_b', data: {} }, [applicationUpdate(trx, 'lendwire', 'app_b', { decision: JSON.stringify({ apr: 99 }) })]);
        await events.defer('app_c', { type: 'application.updated', applicationId: 'app_c', data: {} }, [applicationUpdate(trx, 'lendwire', 'app_c', { adverse_action_due_at: 'not a time' })]);
        await events.flush();
      });
    } catch (err) {
      failure = err;
    }
    expect(failure, 'the flush failed').to.be.an('error');
    expect(await db.knex.withSchema('lendwire').table('outbox').count({ n: '*' })).to.deep.equal(before);
    expect((await db.knex.withSchema('lendwire').table('applications').where({ id: 'app_b' }).first('decision')).decision).to.deep.equal({ apr: 2 });
  });
});
