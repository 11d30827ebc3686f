import { expect } from 'chai';
import knexFactory from 'knex';
import { migrateLatest } from '../../plugin/index.js';
import { up as scaleIndexesUp } from '../../migrations/20261203000300_scale_indexes.js';
import { up as statusListingUp, down as statusListingDown } from '../../migrations/20261205000100_status_listing_index.js';
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
    // 20261205000100 replaced the plain status index with one that also carries the listed columns.
    expect(ix.applications_status_created).to.equal(undefined);
    expect(ix.applications_status_listing?.definition).to.contain('(status, created_at, id) INCLUDE (dealer_id, lender_id, external_ref, lender_status, lender_app_id, lender_app_no, updated_at)');
    expect(ix.raw_callbacks_review?.definition).to.contain('(parse_status, id) WHERE (parse_status = ANY');
    expect(ix.raw_callbacks_review_lender?.definition).to.contain('(lender_id, parse_status, id) WHERE (parse_status = ANY');
    const added = [ix.applications_dealer_status_created, ix.applications_status_listing, ix.raw_callbacks_review, ix.raw_callbacks_review_lender];
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
    const before = (await indexes(db)).raw_callbacks_review.oid;
    // A host whose pool sets a statement timeout on every connection (one connection, so it is the one the migration used).
    const host = knexFactory({ client: 'pg', connection: `${db.url}?options=-c%20statement_timeout%3D45000`, pool: { min: 0, max: 1 } });
    try {
      await scaleIndexesUp(host, { schema: SCHEMA });
      expect((await host.raw('SHOW statement_timeout')).rows[0].statement_timeout).to.equal('45s');
    } finally {
      await host.destroy();
    }
    expect((await indexes(db)).raw_callbacks_review.oid).to.equal(before);
  });

  it('swaps the plain status index for the listing one and back (down, then up), never leaving the status searches without an index', async () => {
    await statusListingDown(db.knex, { schema: SCHEMA });
    let ix = await indexes(db);
    expect(ix.applications_status_listing).to.equal(undefined);
    expect(ix.applications_status_created?.definition).to.contain('(status, created_at, id)');
    await statusListingUp(db.knex, { schema: SCHEMA });
    ix = await indexes(db);
    expect(ix.applications_status_created).to.equal(undefined);
    expect(ix.applications_status_listing?.valid).to.equal(true);
  });
  it("serves the review queue's default view (unparseable or failed, newest first; all lenders or one) from its partial indexes, not a walk of the primary key", async () => {
    const applied = await migrateLatest(db.knex, SCHEMA);
    expect(applied).to.not.include('20261204000600_review_queue_index'); // applied by the first test already
    const ix = await indexes(db);
    expect(ix.raw_callbacks_review_queue?.definition).to.contain("(id) WHERE ((parse_status = 'unparseable'::text) OR (process_status = 'failed'::text))");
    expect(ix.raw_callbacks_review_queue_lender?.definition).to.contain('(lender_id, id) WHERE');
    // 50,000 healthy callbacks, 1 in 1000 unparseable, 1 in 2000 failed in processing.
    await db.knex.raw(
      `INSERT INTO ??.raw_callbacks (lender_id, headers, body, parse_status, process_status)
       SELECT CASE WHEN g % 10 = 0 THEN 'eastbank' ELSE 'westlake' END, '{}'::jsonb, '\\x7b7d'::bytea,
              CASE WHEN g % 1000 = 0 THEN 'unparseable' ELSE 'parsed' END,
              CASE WHEN g % 2000 = 1 THEN 'failed' ELSE 'applied' END
         FROM generate_series(1, 50000) g`,
      [SCHEMA],
    );
    await db.knex.raw('ANALYZE ??.raw_callbacks', [SCHEMA]);
    // The statement CallbackReview.list sends for the default view.
    const view = (lenderId?: string) => {
      const q = db.knex.withSchema(SCHEMA).table('raw_callbacks').orderBy('id', 'desc').limit(50);
      q.where((w) => w.where('parse_status', 'unparseable').orWhere('process_status', 'failed'));
      if (lenderId) q.where({ lender_id: lenderId });
      return q.toSQL();
    };
    // At this size one lender's view may read the all-lenders index and filter it; at 10M rows it reads its own (the bench's EXPLAIN).
    for (const lenderId of [undefined, 'eastbank']) {
      const { sql, bindings } = view(lenderId);
      const plan = ((await db.knex.raw(`EXPLAIN ${sql}`, bindings as never)).rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n');
      expect(plan, plan).to.match(/Index Scan Backward using raw_callbacks_review_queue/);
      expect(plan, plan).not.to.match(/raw_callbacks_pkey|Seq Scan/);
    }
  });
});
