/**
 * The outbound delivery benchmark's batch and steady-rate rounds only (no
 * ingest, no callback chain), interleaved with the baseline as in
 * `npm run bench`: a quick same-run ratio while working on the delivery path.
 *   node --import tsx test/bench/profile/compareDelivery.ts
 * Knobs: BENCH_ROUNDS, BENCH_DELIVERY_BATCH, BENCH_STEADY_RATE, BENCH_STEADY_DURATION_MS, COMPARE=batch|steady|both.
 */
import { registerBuiltInAdapters } from '../../../adapters/index.js';
import { createHarness } from '../../support/harness.js';
import { BENCH, productionLikeLogger } from '../benchSupport.js';
import { batchRound, benchManifest, startBaselineDelivery, steadyRound } from '../deliveryBench.js';
import { startBenchPeer } from '../peer.js';
import { median } from '../stats.js';
import { cpuPer, machineCpu } from './machineCpu.js';

const which = process.env.COMPARE ?? 'both';
const peer = await startBenchPeer();
const h = await createHarness({ manifest: benchManifest(await peer.receiver()), register: registerBuiltInAdapters, extra: { logger: productionLikeLogger() } });
const baseline = await startBaselineDelivery(h.db.url, h.redis.prefix, await peer.receiver());
try {
  if (which !== 'steady') {
    await batchRound('baseline', 0, baseline, h, peer, Math.min(500, BENCH.deliveryBatch));
    await batchRound('lendwire', 0, baseline, h, peer, Math.min(500, BENCH.deliveryBatch));
    const ratios: number[] = [];
    for (let round = 1; round <= BENCH.rounds; round++) {
      const c0 = machineCpu();
      const b = await batchRound('baseline', round, baseline, h, peer);
      const c1 = machineCpu();
      const l = await batchRound('lendwire', round, baseline, h, peer);
      const c2 = machineCpu();
      ratios.push(l.throughput / b.throughput);
      console.log(`batch ${round}: baseline ${b.throughput.toFixed(0)}/s | lendwire ${l.throughput.toFixed(0)}/s | ratio ${(l.throughput / b.throughput).toFixed(3)}`);
      // CPU per delivery (us) of every process, both sides: the machine's two cores are the budget.
      const cpu = (rows: [string, number][]) => rows.slice(0, 5).map(([name, ms]) => `${name} ${(ms * 1000).toFixed(0)}`).join(', ');
      console.log(`  CPU us/delivery baseline: ${cpu(cpuPer(c0, c1, BENCH.deliveryBatch))}`);
      console.log(`  CPU us/delivery lendwire: ${cpu(cpuPer(c1, c2, BENCH.deliveryBatch))}`);
    }
    console.log(`batch: median ratio ${median(ratios).toFixed(3)}`);
  }
  if (which !== 'batch') {
    // Unrecorded, as in npm run bench.
    await steadyRound('baseline', 0, baseline, h, peer);
    await steadyRound('lendwire', 0, baseline, h, peer);
    for (let round = 1; round <= BENCH.rounds; round++) {
      const b = await steadyRound('baseline', round, baseline, h, peer);
      const l = await steadyRound('lendwire', round, baseline, h, peer);
      console.log(`steady ${round}: baseline p50 ${b.p50.toFixed(1)} p99 ${b.p99.toFixed(1)} ms | lendwire p50 ${l.p50.toFixed(1)} p99 ${l.p99.toFixed(1)} ms, missing ${l.failed}`);
    }
  }
} finally {
  await baseline.close();
  await h.close();
  await peer.close();
}
process.exit(0);
