import { registerBuiltInAdapters } from '../../../adapters/index.js';
import type { MigrationContext } from '../../../migrations/MigrationContext.js';
import { callbackManifest } from '../../callbacks/callbackSupport.js';
import { createHarness, type Harness } from '../../support/harness.js';
import { BENCH, productionLikeLogger } from '../benchSupport.js';
import { latencyOf, median, round3, type Latency } from '../stats.js';
import { explainLookup, type StatementPlan } from './explainLookup.js';
import { scaleLookups, type Lookup } from './scaleLookups.js';
import { seedAtScale, type SeedTimings } from './seedAtScale.js';
import { ServerTimes, type ServerTime } from './serverTimes.js';

/**
 * The migration whose indexes the "before" pass goes without (its `down` runs
 * before seeding, its `up` is then timed on the full tables). Empty: no
 * before pass.
 */
const COMPARE_WITHOUT = process.env.BENCH_SCALE_COMPARE_WITHOUT ?? '20261205000100_status_listing_index';

export interface LookupResult {
  name: string;
  kind: Lookup['kind'];
  /** Timed samples per round. */
  samples: number;
  /** Median of the rounds' p50 and p99 (the bar is judged on the median of the rounds, as every other bar). */
  p50: number;
  p99: number;
  max: number;
  /** Each round's p50 and p99, ms. */
  rounds: Latency[];
  /** Postgres' execution time (pg_stat_statements), where available. */
  server?: ServerTime;
  seqScan: boolean;
  plans: StatementPlan[];
}

export interface ScaleResults {
  applications: number;
  rawCallbacks: number;
  seeding: SeedTimings;
  /** Lookups with every migration applied: what the bars are judged on. */
  lookups: LookupResult[];
  /** Without COMPARE_WITHOUT's indexes, and how long its `up` took on the seeded tables. */
  before?: { migration: string; lookups: LookupResult[]; migrationUpMs: number };
}

interface MigrationModule {
  up(knex: Harness['db']['knex'], ctx: MigrationContext): Promise<void>;
  down(knex: Harness['db']['knex'], ctx: MigrationContext): Promise<void>;
}

/**
 * Each lookup: a few unrecorded runs, then `samples` timed one after another
 * (client side: what a caller waits), in BENCH.rounds interleaved rounds (every
 * lookup once per round, each round on its own sample numbers: other windows and
 * statuses, the same key rows), then its plans. A lookup's
 * p50 and p99 are the median of its rounds', as the other benchmarks' bars are.
 */
async function measure(h: Harness, lookups: Lookup[]): Promise<LookupResult[]> {
  const serverTimes = await ServerTimes.create(h.db.knex);
  const samples = BENCH.scaleSamples;
  const timed = lookups.map(() => ({ rounds: [] as Latency[], max: 0, serverMs: 0, serverMaxMs: 0 }));
  for (const lookup of lookups) for (let i = 0; i < 3; i++) await lookup.run(BENCH.rounds * samples + i);
  for (let round = 0; round < BENCH.rounds; round++) {
    for (const [k, lookup] of lookups.entries()) {
      await serverTimes?.reset();
      const times: number[] = [];
      for (let i = 0; i < samples; i++) {
        const t0 = performance.now();
        await lookup.run(round * samples + i);
        times.push(performance.now() - t0);
      }
      const server = await serverTimes?.since(times.length);
      timed[k].rounds.push(latencyOf(times));
      timed[k].max = Math.max(timed[k].max, ...times);
      if (server) {
        timed[k].serverMs += server.meanMs / BENCH.rounds;
        timed[k].serverMaxMs = Math.max(timed[k].serverMaxMs, server.maxMs);
      }
    }
  }
  const results: LookupResult[] = [];
  for (const [k, lookup] of lookups.entries()) {
    const { rounds, max } = timed[k];
    const plans = await explainLookup(h.db.knex, () => lookup.run(0));
    const p50 = median(rounds.map((r) => r.p50));
    const p99 = median(rounds.map((r) => r.p99));
    const seqScan = plans.some((p) => p.seqScan);
    const server = serverTimes ? { meanMs: round3(timed[k].serverMs), maxMs: timed[k].serverMaxMs } : undefined;
    results.push({ name: lookup.name, kind: lookup.kind, samples, p50, p99, max, rounds, ...(server ? { server } : {}), seqScan, plans });
    const serverText = server ? `  (Postgres: mean ${server.meanMs.toFixed(3)} ms, max ${server.maxMs.toFixed(2)} ms)` : '';
    const perRound = rounds.length > 1 ? `  (rounds: ${rounds.map((r) => r.p99.toFixed(2)).join(' ')})` : '';
    console.log(`    ${lookup.name.padEnd(48)} p50 ${p50.toFixed(2).padStart(7)} ms  p99 ${p99.toFixed(2).padStart(7)} ms${perRound}${serverText}${seqScan ? '  SEQ SCAN' : ''}`);
  }
  return results;
}

/**
 * Data at scale: a throwaway database seeded with BENCH.scaleApplications
 * applications and BENCH.scaleRawCallbacks raw callbacks (SQL, not the API),
 * every search and callback lookup timed through lendwire's own query code,
 * with its EXPLAIN ANALYZE; first without the scale-index migration, then
 * after running it on the full tables.
 */
export async function scaleBenchmark(): Promise<ScaleResults> {
  let h: Harness | undefined;
  try {
    h = await createHarness({ manifest: callbackManifest(), register: registerBuiltInAdapters, start: false, extra: { logger: productionLikeLogger() } });
    const { knex } = h.db;
    const ctx = { schema: 'lendwire' };
    const migration = COMPARE_WITHOUT ? ((await import(`../../../migrations/${COMPARE_WITHOUT}.js`)) as MigrationModule) : undefined;
    await migration?.down(knex, ctx);
    console.log(`  seeding ${BENCH.scaleApplications} applications, ${BENCH.scaleRawCallbacks} raw callbacks...`);
    const seeding = await seedAtScale(knex, 'lendwire', { applications: BENCH.scaleApplications, rawCallbacks: BENCH.scaleRawCallbacks });
    const rawCallbacks = Number((await knex.raw('SELECT count(*) AS n FROM lendwire.raw_callbacks')).rows[0].n);
    console.log(`  seeded in ${((seeding.applicationsMs + seeding.rawCallbacksMs + seeding.vacuumAnalyzeMs) / 1000).toFixed(1)} s (${rawCallbacks} raw callbacks)`);
    const lookups = await scaleLookups(h.lendwire, knex, 'lendwire', BENCH.scaleApplications, BENCH.scaleSamples);
    const results: ScaleResults = { applications: BENCH.scaleApplications, rawCallbacks, seeding, lookups: [] };
    if (migration) {
      console.log(`  lookups without ${COMPARE_WITHOUT}:`);
      const before = await measure(h, lookups);
      const t0 = performance.now();
      await migration.up(knex, ctx);
      const migrationUpMs = Math.round(performance.now() - t0);
      await knex.raw('ANALYZE lendwire.applications');
      // The new indexes' pages are dirty: written out now, as after seeding, not while the lookups are timed.
      await knex.raw('CHECKPOINT');
      console.log(`  ${COMPARE_WITHOUT} up on the seeded tables: ${(migrationUpMs / 1000).toFixed(1)} s`);
      results.before = { migration: COMPARE_WITHOUT, lookups: before, migrationUpMs };
    }
    console.log('  lookups with every migration:');
    results.lookups = await measure(h, lookups);
    return results;
  } finally {
    await h?.close();
  }
}
