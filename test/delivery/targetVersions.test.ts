import { expect } from 'chai';
import type { Knex } from 'knex';
import { partnerHarness } from './support/partnerHarness.js';
import { emit, waitFor } from './support/deliveryTestKit.js';
import { readWaitingEvents } from '../../plugin/delivery/outbox/readWaitingEvents.js';
import { REMOVED_FROM_MANIFEST } from '../../plugin/webhooks/SubscriptionRecord.js';
import { appendEvent } from '../../plugin/events/appendEvent.js';
import { migrateLatest } from '../../plugin/app/migrate.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';

/** The subscriptions' version in target_versions, as a new snapshot sees it. */
async function subscriptionVersion(knex: Knex): Promise<string> {
  return String((await knex.withSchema('lendwire').table('target_versions').where({ kind: 'subscription' }).first()).version);
}

/** The targets an event was fanned out to, once the relay has relayed it. */
async function targetsOf(knex: Knex, eventId: string): Promise<string[]> {
  await waitFor(async () => (await knex.withSchema('lendwire').table('outbox').where({ event_id: eventId }).whereNotNull('relayed_at').first()) !== undefined, 10_000, `event ${eventId} relayed`);
  return (await knex.withSchema('lendwire').table('deliveries').where({ event_id: eventId }).orderBy('target_id').pluck('target_id')) as string[];
}

describe('subscription filters are read again only when subscriptions changed (target_versions)', function () {
  this.timeout(30_000);
  const ctx = partnerHarness('versions.a');

  it('one event per relay pass: the filters are read once for 20 passes after a change, and every event is fanned out', async () => {
    const knex = ctx.h.db.knex;
    // A change (of no row) before the first event: its pass must read the filters once.
    await knex.raw('UPDATE lendwire.subscriptions SET events = events WHERE false');
    let reads = 0;
    const count = (q: { sql: string }) => {
      if (/subscriptions"? WHERE coalesce\(disabled_reason/i.test(q.sql)) reads++;
    };
    knex.on('query', count);
    try {
      for (let i = 0; i < 20; i++) {
        const eventId = await emit(knex, 'versions.a', { n: i });
        expect(await targetsOf(knex, eventId)).to.deep.equal(['partner']);
      }
    } finally {
      knex.off('query', count);
    }
    expect(reads, 'reads of the subscriptions filters in 20 passes').to.equal(1);
  });

  it('a change of subscriptions committed before an event is in that event\'s fan-out: created, filter changed, removed from the manifest, deleted', async () => {
    const { h, r } = ctx;
    const knex = h.db.knex;
    expect(await targetsOf(knex, await emit(knex, 'versions.a')), 'warm: the filters are loaded').to.deep.equal(['partner']);

    await h.lendwire.subscriptions.create({ id: 'second', url: r.url, events: ['versions.b'] }, { actor: 'u-admin' });
    expect(await targetsOf(knex, await emit(knex, 'versions.b'))).to.deep.equal(['second']);

    // Another process's writes: straight to the table, nothing in this process hears of them.
    await knex.withSchema('lendwire').table('subscriptions').where({ id: 'second' }).update({ events: ['versions.c'] });
    expect(await targetsOf(knex, await emit(knex, 'versions.b'))).to.deep.equal([]);
    expect(await targetsOf(knex, await emit(knex, 'versions.c'))).to.deep.equal(['second']);

    await knex.withSchema('lendwire').table('subscriptions').where({ id: 'second' }).update({ disabled_reason: REMOVED_FROM_MANIFEST });
    expect(await targetsOf(knex, await emit(knex, 'versions.c'))).to.deep.equal([]);

    await knex.withSchema('lendwire').table('subscriptions').where({ id: 'second' }).update({ disabled_reason: null });
    expect(await targetsOf(knex, await emit(knex, 'versions.c'))).to.deep.equal(['second']);

    await knex.withSchema('lendwire').table('subscriptions').where({ id: 'second' }).delete();
    expect(await targetsOf(knex, await emit(knex, 'versions.c'))).to.deep.equal([]);
  });
});

describe('target_versions', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
    await migrateLatest(db.knex, 'lendwire');
  });
  after(async () => db?.drop());

  /** A statement that changes no row still changes subscriptions' version (statement-level trigger). */
  const touch = (knex: Knex) => knex.raw('UPDATE lendwire.subscriptions SET events = events WHERE false');

  it('rises with each committed change of subscriptions, not with one rolled back or not committed yet; the waiting events carry the version of their own snapshot', async () => {
    const { knex } = db;
    await appendEvent(knex, 'lendwire', { type: 't', data: {} });
    const first = await readWaitingEvents(knex, 'lendwire', 10);
    expect(first.events).to.have.length(1);
    const before = await subscriptionVersion(knex);
    expect(first.versions).to.deep.equal({ subscription: before });

    await touch(knex);
    expect(Number(await subscriptionVersion(knex)), 'after a change').to.equal(Number(before) + 1);
    await knex.transaction(async (trx) => {
      await touch(trx);
      await trx.rollback();
    }).catch(() => undefined);
    expect(Number(await subscriptionVersion(knex)), 'after a rollback').to.equal(Number(before) + 1);

    const trx = await knex.transaction();
    await touch(trx);
    await trx.withSchema('lendwire').table('subscriptions').truncate();
    expect((await readWaitingEvents(knex, 'lendwire', 10)).versions, 'while not committed').to.deep.equal({ subscription: String(Number(before) + 1) });
    await trx.commit();
    expect((await readWaitingEvents(knex, 'lendwire', 10)).versions, 'after the commit (an UPDATE and a TRUNCATE)').to.deep.equal({ subscription: String(Number(before) + 3) });
    expect((await readWaitingEvents(knex, 'lendwire', 10)).events).to.have.length(1);
  });
});
