import { expect } from 'chai';
import knexFactory, { type Knex } from 'knex';
import { migrateLatest } from '../../plugin/index.js';
import { CLAIM_ONE, claimDeliveries } from '../../plugin/delivery/claimDeliveries.js';
import { RECORD_ONE, recordDelivered } from '../../plugin/delivery/applyOutcome.js';
import { CLAIM_AND_FAN_OUT, claimAndFanOut } from '../../plugin/delivery/outbox/claimAndFanOut.js';
import { preparedStatement } from '../../plugin/kernel/preparedStatement.js';
import { readWaitingEvents, WAITING_EVENTS } from '../../plugin/delivery/outbox/readWaitingEvents.js';
import { RawCallbackStore } from '../../plugin/callbacks/RawCallbackStore.js';
import type { DeliveryRow } from '../../plugin/delivery/DeliveryRow.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';

const SCHEMA = 'lendwire';
const GROWN = 20_000;

/**
 * Sequential scans of `table` so far, as this connection's statistics say
 * (flushed first: Postgres reports a backend's counts in batches).
 */
async function seqScans(one: Knex, table: string): Promise<number> {
  await one.raw('SELECT pg_stat_force_next_flush()');
  await one.raw('SELECT 1');
  await one.raw('SELECT pg_stat_clear_snapshot()');
  const { rows } = await one.raw('SELECT seq_scan::int AS n FROM pg_stat_user_tables WHERE schemaname = ? AND relname = ?', [SCHEMA, table]);
  return rows[0].n as number;
}

/** Outbox events n0..n1-1 with one delivery each (ids dlv_<n>), written as a burst would leave them. */
async function seed(knex: Knex, from: number, to: number): Promise<void> {
  await knex.raw(`INSERT INTO ??.outbox (id, event_id, type, payload) SELECT g, 'msg_' || g, 'application.status_changed', '{}'::jsonb FROM generate_series(?::bigint, ?::bigint) g`, [
    SCHEMA,
    from,
    to - 1,
  ]);
  await knex.raw(
    `INSERT INTO ??.deliveries (id, outbox_id, event_id, event_type, target_kind, target_id, status)
     SELECT 'dlv_' || g, g, 'msg_' || g, 'application.status_changed', 'subscription', 'sub', 'pending' FROM generate_series(?::bigint, ?::bigint) g`,
    [SCHEMA, from, to - 1],
  );
  await knex.raw(
    `INSERT INTO ??.raw_callbacks (id, lender_id, headers, body, process_status) SELECT g, 'westlake', '{}'::jsonb, '\\x7b7d'::bytea, 'pending' FROM generate_series(?::bigint, ?::bigint) g`,
    [SCHEMA, from, to - 1],
  );
}

const ids = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

/** A first attempt of delivery dlv_<id>, delivered. */
const deliveredRecord = (id: number) => ({
  delivery: { id: `dlv_${id}`, attempts: 0 } as DeliveryRow,
  attempt: {
    startedAt: new Date(),
    durationMs: 3,
    outcome: { result: 'delivered' as const, statusCode: 200 },
  },
  now: new Date(),
});

/**
 * The hot path's batch statements look rows up by a batch of ids. A plan
 * Postgres made while a table was small (a sequential scan is cheapest then)
 * must not stay in use once it is large: a named prepared statement's generic
 * plan is kept per connection until the table is analyzed, and with autovacuum
 * off (or slow to come round in a burst) every claim then read the whole table.
 */
for (const small of [20, 200])
  describe(`hot statements keep reading by index as their tables grow (planned at ${small} rows)`, function () {
    this.timeout(60_000);
    /** Ids per batch while the tables are small (8 batches must find their rows). */
    const batch = small >= 200 ? 10 : 2;
    let db: TestDatabase;
    /** One connection: the one whose cached plans are under test. */
    let one: Knex;
    before(async function () {
      db = await createTestDatabase();
      // pg_stat_force_next_flush (a backend's counts readable at once) is new in PostgreSQL 15.
      if (Number((await db.knex.raw('SHOW server_version_num')).rows[0].server_version_num) < 150000) return this.skip();
      await migrateLatest(db.knex, SCHEMA);
      one = knexFactory({
        client: 'pg',
        connection: db.url,
        pool: { min: 1, max: 1 },
      });
      await seed(db.knex, 1, 1 + small);
    });
    after(async () => {
      await one?.destroy();
      await db?.drop();
    });

    /**
     * Runs `statement` often enough on the small tables for Postgres to settle on a cached plan,
     * grows them, runs it twice more (rounds 100 and 101): the sequential scans of each of those two runs.
     */
    async function grownRuns(statement: (round: number) => Promise<unknown>, table: string, prepare: (round: number) => Promise<unknown> = async () => undefined): Promise<[number, number]> {
      for (let round = 0; round < 8; round++) {
        await prepare(round);
        await statement(round);
      }
      // Grown through the same connection, so no other backend's statistics arrive in between.
      await seed(one, 10_000, 10_000 + GROWN);
      try {
        const scans: number[] = [];
        for (const round of [100, 101]) {
          await prepare(round);
          const last = await seqScans(one, table);
          await statement(round);
          scans.push((await seqScans(one, table)) - last);
        }
        return [scans[0], scans[1]];
      } finally {
        await db.knex.raw('TRUNCATE ??.delivery_attempts, ??.deliveries, ??.outbox, ??.raw_callbacks', [SCHEMA, SCHEMA, SCHEMA, SCHEMA]);
        await seed(db.knex, 1, 1 + small);
      }
    }

    /** The first run after the growth only: what a statement planned per run must already get right. */
    const grownRun = async (...args: Parameters<typeof grownRuns>) => (await grownRuns(...args))[0];

    /**
     * A one-delivery statement runs named, as the worker runs it: after growing the table it
     * still reads by the key, and Postgres did settle on its generic plan (no planning per run).
     */
    async function expectNamedAndByKey(statement: (round: number, options: { name?: string }) => Promise<unknown>, template: string, explainArgs: string): Promise<void> {
      const options = preparedStatement({ schema: SCHEMA }, template);
      const scans = await grownRuns((round) => statement(round, options), 'deliveries');
      expect(scans, 'sequential scans of deliveries in the two runs after it grew').to.deep.equal([0, 0]);
      const { rows } = await one.raw('SELECT generic_plans::int AS n FROM pg_prepared_statements WHERE name = ?', [options.name ?? '']);
      expect(rows[0]?.n, 'runs on its generic plan').to.be.greaterThan(0);
      // The cached plan reads the one delivery through its key (not a range, not the whole table).
      const plan = (await one.raw(`EXPLAIN EXECUTE ${options.name}(${explainArgs})`)).rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
      expect(plan).to.match(/Index Scan using deliveries_pkey on deliveries d\s+\(cost[^)]*rows=1 /);
      expect(plan).to.match(/Index Cond: \(id = /);
    }

    const singleId = (round: number) => (round >= 100 ? 15_000 + round : 1 + round);

    it('the one-delivery claim (named)', async () => {
      await expectNamedAndByKey(async (round, options) => {
        const [row] = await claimDeliveries(one, SCHEMA, [`dlv_${singleId(round)}`], new Date(), { one: options });
        expect(row?.id, 'the claimed delivery').to.equal(`dlv_${singleId(round)}`);
      }, CLAIM_ONE, `now(), now(), 'dlv_15200', now()`);
    });

    it('the one-delivery delivered write (named)', async () => {
      await expectNamedAndByKey(async (round, options) => {
        await recordDelivered(one, SCHEMA, [deliveredRecord(singleId(round))], options);
        const row = await one.withSchema(SCHEMA).table('deliveries').where({ id: `dlv_${singleId(round)}` }).first();
        expect([row.status, row.attempts], 'the delivery recorded').to.deep.equal(['succeeded', 1]);
      }, RECORD_ONE, `'dlv_15200', now(), 3, 200, NULL, NULL, 1, now()`);
    });

    it('the worker claim (deliveries by id, with their events)', async () => {
      const scans = await grownRun(
        (round) =>
          claimDeliveries(
            one,
            SCHEMA,
            (round >= 100 ? ids(15_000 + (round - 100) * 10, 10) : ids(1 + round * batch, batch)).map((i) => `dlv_${i}`),
            new Date(),
          ),
        'deliveries',
      );
      expect(scans, 'sequential scans of deliveries after it grew').to.equal(0);
    });

    it('recording delivered attempts (deliveries by id)', async () => {
      const record = deliveredRecord;
      const scans = await grownRun((round) => recordDelivered(one, SCHEMA, (round >= 100 ? ids(15_000 + (round - 100) * 10, 10) : ids(1 + round * batch, batch)).map(record)), 'deliveries');
      expect(scans, 'sequential scans of deliveries after it grew').to.equal(0);
    });

    it("the relay's claim and fan-out (outbox by id)", async () => {
      const eventsOf = (round: number) => (round >= 100 ? ids(20_000 + (round - 100) * 10, 10) : ids(100_000 + round * 10, 10));
      const scans = await grownRun(
        async (round) => {
          const targets = eventsOf(round).map((e) => ({
            id: `dlv_x${e}`,
            outbox_id: e,
            event_id: `msg_${e}`,
            event_type: 't',
            application_id: null,
            target_kind: 'subscription',
            target_id: 'other',
          }));
          // Named, as the relay runs it.
          await claimAndFanOut(one, SCHEMA, eventsOf(round), targets, preparedStatement({ schema: SCHEMA }, CLAIM_AND_FAN_OUT));
        },
        'outbox',
        async (round) => {
          if (round < 100) await one.raw(`INSERT INTO ??.outbox (id, event_id, type, payload) SELECT g, 'msg_' || g, 't', '{}'::jsonb FROM unnest(?::bigint[]) g`, [SCHEMA, eventsOf(round)]);
        },
      );
      expect(scans, 'sequential scans of outbox after it grew').to.equal(0);
    });

    it("the relay's read of waiting events", async () => {
      const scans = await grownRun(
        () => readWaitingEvents(one, SCHEMA, 250, preparedStatement({ schema: SCHEMA }, WAITING_EVENTS)),
        'outbox',
        // What a relay leaves: most events relayed, a few waiting.
        (round) => one.raw(`UPDATE ??.outbox SET relayed_at = now() WHERE relayed_at IS NULL AND id < ?`, [SCHEMA, round >= 100 ? 29_990 : 100 + round * 10]),
      );
      expect(scans, 'sequential scans of outbox after it grew').to.equal(0);
    });

    it("callback processing's outcome write (raw callbacks by id)", async () => {
      const store = new RawCallbackStore(one, { schema: SCHEMA });
      const outcome = (id: number) => ({
        id: String(id),
        parse_status: 'parsed',
        parse_reason: null,
        process_status: 'applied',
        process_detail: null,
        application_id: null,
        lender_app_no: null,
        lender_app_id: null,
        process_count: 1,
        processed_at: new Date(),
      });
      const scans = await grownRun((round) => one.transaction((trx) => store.writeOutcomes(trx, (round >= 100 ? ids(15_000 + (round - 100) * 10, 10) : ids(1 + round * batch, batch)).map(outcome))), 'raw_callbacks');
      expect(scans, 'sequential scans of raw_callbacks after it grew').to.equal(0);
    });
  });
