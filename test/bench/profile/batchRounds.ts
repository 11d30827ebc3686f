/**
 * Consecutive lendwire-only batch rounds, as the delivery benchmark runs them, with the
 * machine's CPU per delivery counted inside each round's timed window only (the event
 * writes before it left out): shows whether a round costs more than the one before.
 *   node --import tsx test/bench/profile/batchRounds.ts
 * Knobs: ROUNDS (4), N (events per round, 2000); PGSS=1 prints each round's heaviest
 * statements from pg_stat_statements (needs it in shared_preload_libraries: measure, then
 * reset); VACUUM=1 vacuums the churned tables between rounds (what autovacuum, off on
 * the CI machine, would do eventually).
 */
import type { Knex } from 'knex';
import { registerBuiltInAdapters } from '../../../adapters/index.js';
import { createHarness } from '../../support/harness.js';
import { productionLikeLogger, sleep } from '../benchSupport.js';
import { attemptsMark, attemptsSince, batchRound, benchManifest, startBaselineDelivery, writeLendwireBatch } from '../deliveryBench.js';
import { startBenchPeer } from '../peer.js';
import { cpuPer, machineCpu } from './machineCpu.js';

const ROUNDS = Number(process.env.ROUNDS ?? 4);
const N = Number(process.env.N ?? 2000);

async function heaviestStatements(knex: Knex): Promise<string> {
  const { rows } = await knex.raw(
    `SELECT calls, rows, round((total_exec_time * 1000 / greatest(rows, 1))::numeric) AS us_per_row,
            round(shared_blks_hit::numeric / greatest(rows, 1), 1) AS hits_per_row, round(wal_bytes / greatest(rows, 1)) AS wal_per_row,
            left(regexp_replace(query, '\\s+', ' ', 'g'), 60) AS q
       FROM pg_stat_statements WHERE calls > 5 ORDER BY total_exec_time DESC LIMIT 4`,
  );
  return (rows as Record<string, string>[]).map((r) => `   ${r.calls} calls, ${r.rows} rows: ${r.us_per_row} us/row, ${r.hits_per_row} buffer hits/row, ${r.wal_per_row} B WAL/row  ${r.q}`).join('\n');
}

const peer = await startBenchPeer();
const h = await createHarness({ manifest: benchManifest(await peer.receiver()), register: registerBuiltInAdapters, extra: { logger: productionLikeLogger() } });
const baseline = await startBaselineDelivery(h.db.url, h.redis.prefix, await peer.receiver());
try {
  // Warm-up, unrecorded, as in npm run bench.
  await batchRound('lendwire', 0, baseline, h, peer, 500);
  if (process.env.PGSS) await h.db.knex.raw('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  for (let round = 1; round <= ROUNDS; round++) {
    const keys = Array.from({ length: N }, (_, i) => `rounds-${round}-${i}`);
    await writeLendwireBatch(h, keys);
    if (process.env.VACUUM) for (const table of ['deliveries', 'outbox', 'delivery_attempts']) await h.db.knex.raw(`VACUUM lendwire.${table}`);
    if (process.env.PGSS) await h.db.knex.raw('SELECT pg_stat_statements_reset()');
    const mark = await attemptsMark(h.db.knex, 'lendwire');
    const c0 = machineCpu();
    const t0 = performance.now();
    while ((await attemptsSince(h.db.knex, 'lendwire', mark)) < N) await sleep(10);
    const ms = performance.now() - t0;
    const cpu = cpuPer(c0, machineCpu(), N)
      .slice(0, 4)
      .map(([name, v]) => `${name} ${(v * 1000).toFixed(0)}`)
      .join(', ');
    console.log(`round ${round}: ${(N / (ms / 1000)).toFixed(0)} deliveries/s; CPU us/delivery: ${cpu}`);
    if (process.env.PGSS) console.log(await heaviestStatements(h.db.knex));
    await sleep(300);
  }
} finally {
  await baseline.close();
  await h.close();
  await peer.close();
}
process.exit(0);
