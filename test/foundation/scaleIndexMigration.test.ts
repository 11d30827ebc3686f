import { expect } from 'chai';
import knexFactory from 'knex';
import { migrateLatest } from '../../plugin/index.js';
import { up as scaleIndexesUp } from '../../migrations/20261203000300_scale_indexes.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';

const SCHEMA = 'lendwire_ix';

/** Index name -> { valid, definition, oid } in SCHEMA. */
async function indexes(db: TestDatabase): Promise<Record<string, { valid: boolean; definition: string; oid: number }>> {
  const { rows } = await db.knex.raw(
    `SELECT i.relname AS name, x.indisvalid AS valid, pg_get_indexdef(i.oid) AS definition, i.oid::int AS oid
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace ns ON ns.oid = i.relnamespace
      WHERE ns.nspname = ?`,
    [SCHEMA],
  );
  return Object.fromEntries((rows as { name: string; valid: boolean; definition: string; oid: number }[]).map((r) => [r.name, r]));
}

/** The indexes the searches at scale need (see docs/performance.md, "Data at scale"), built without blocking the host's writes. */
describe('scale indexes migration', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => {
    await db?.drop();
  });

  it('builds the dealer + status, status + date and review-queue indexes through the normal migrate (outside a transaction: CONCURRENTLY refuses one)', async () => {
    const applied = await migrateLatest(db.knex, SCHEMA);
    expect(applied).to.include('20261203000300_scale_indexes');
    const ix = await indexes(db);
    expect(ix.applications_dealer_status_created?.definition).to.contain('(dealer_id, status, created_at, id)');
    expect(ix.applications_status_created?.definition).to.contain('(status, created_at, id)');
    expect(ix.raw_callbacks_review?.definition).to.contain('(parse_status, id) WHERE (parse_status = ANY');
    expect(ix.raw_callbacks_review_lender?.definition).to.contain('(lender_id, parse_status, id) WHERE (parse_status = ANY');
    const added = [ix.applications_dealer_status_created, ix.applications_status_created, ix.raw_callbacks_review, ix.raw_callbacks_review_lender];
    expect(added.every((i) => i.valid)).to.equal(true);
  });

  it('rebuilds an index an interrupted concurrent build left INVALID (IF NOT EXISTS alone would keep it)', async () => {
    await db.knex.raw('DROP INDEX ??.applications_dealer_status_created', [SCHEMA]);
    // What a cancelled CREATE INDEX CONCURRENTLY leaves: the name taken, the index unusable.
    await db.knex.raw('CREATE INDEX applications_dealer_status_created ON ??.applications (dealer_id)', [SCHEMA]);
    await db.knex.raw(`UPDATE pg_index SET indisvalid = false WHERE indexrelid = ?::regclass`, [`${SCHEMA}.applications_dealer_status_created`]);
    await scaleIndexesUp(db.knex, { schema: SCHEMA });
    const ix = await indexes(db);
    expect(ix.applications_dealer_status_created.valid).to.equal(true);
    expect(ix.applications_dealer_status_created.definition).to.contain('(dealer_id, status, created_at, id)');
  });

  it("keeps a valid index a DBA built ahead of the upgrade, and gives the host's connection back with its own statement_timeout", async () => {
    const before = (await indexes(db)).applications_status_created.oid;
    // A host whose pool sets a statement timeout on every connection (one connection, so it is the one the migration used).
    const host = knexFactory({ client: 'pg', connection: `${db.url}?options=-c%20statement_timeout%3D45000`, pool: { min: 0, max: 1 } });
    try {
      await scaleIndexesUp(host, { schema: SCHEMA });
      expect((await host.raw('SHOW statement_timeout')).rows[0].statement_timeout).to.equal('45s');
    } finally {
      await host.destroy();
    }
    expect((await indexes(db)).applications_status_created.oid).to.equal(before);
  });
});
