import { expect } from 'chai';
import knexFactory, { type Knex } from 'knex';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';
import { migrateLatest } from '../../plugin/app/migrate.js';
import { preparedStatement } from '../../plugin/kernel/preparedStatement.js';
import { RawCallbackStore } from '../../plugin/callbacks/RawCallbackStore.js';

const callback = (n: number) => ({
  lenderId: 'westlake',
  receivedAt: new Date(),
  contentType: 'application/json',
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(`{"n":${n}}`),
  sourceIp: '127.0.0.1',
  dedupeKey: null,
  processStatus: 'pending' as const,
});

describe('prepared statements for the hot paths', () => {
  let db: TestDatabase;
  /** One connection, so the session's prepared statements can be looked at. */
  let single: Knex;

  before(async () => {
    db = await createTestDatabase();
    await migrateLatest(db.knex, 'lendwire');
    await migrateLatest(db.knex, 'lendwire_two');
    single = knexFactory({ client: 'pg', connection: db.url, pool: { min: 1, max: 1 } });
  });
  after(async () => {
    await single.destroy();
    await db.drop();
  });

  const prepared = async () => (await single.raw('SELECT name FROM pg_prepared_statements')).rows.map((r: { name: string }) => r.name) as string[];

  it('names a statement by its schema and text (one name, one text), and names nothing when turned off', () => {
    const a = preparedStatement({ schema: 'lendwire' }, 'SELECT 1');
    expect(a.name).to.match(/^lendwire_[0-9a-f]{32}$/);
    expect(preparedStatement({ schema: 'lendwire' }, 'SELECT 1')).to.deep.equal(a);
    expect(preparedStatement({ schema: 'lendwire_two' }, 'SELECT 1').name).not.to.equal(a.name);
    expect(preparedStatement({ schema: 'lendwire' }, 'SELECT 2').name).not.to.equal(a.name);
    expect(preparedStatement({ schema: 'lendwire', preparedStatements: false }, 'SELECT 1')).to.deep.equal({});
  });

  it('the callback insert is prepared once per connection, and two schemas on one connection keep apart', async () => {
    const one = new RawCallbackStore(single, { schema: 'lendwire' });
    const two = new RawCallbackStore(single, { schema: 'lendwire_two' });
    for (let i = 0; i < 3; i++) {
      await one.insert(callback(i));
      await two.insert(callback(i));
    }
    const names = await prepared();
    expect(names).to.have.length(2);
    expect(Number((await single.withSchema('lendwire').table('raw_callbacks').count({ n: '*' }))[0].n)).to.equal(3);
    expect(Number((await single.withSchema('lendwire_two').table('raw_callbacks').count({ n: '*' }))[0].n)).to.equal(3);
  });

  it('keeps working when a migration adds a column while the process runs (its results name their columns)', async () => {
    const store = new RawCallbackStore(single, { schema: 'lendwire' });
    await store.insert(callback(10));
    await single.raw('ALTER TABLE lendwire.raw_callbacks ADD COLUMN added_later text');
    const { id } = await store.insert(callback(11));
    expect(Number(id)).to.be.greaterThan(0);
  });

  it('prepares nothing with preparedStatements: false (PgBouncer in transaction mode)', async () => {
    const other = knexFactory({ client: 'pg', connection: db.url, pool: { min: 1, max: 1 } });
    try {
      await new RawCallbackStore(other, { schema: 'lendwire', preparedStatements: false }).insert(callback(20));
      expect((await other.raw('SELECT count(*)::int AS n FROM pg_prepared_statements')).rows[0].n).to.equal(0);
    } finally {
      await other.destroy();
    }
  });
});
