import { registerBuiltInAdapters } from '../../adapters/index.js';
import { createHarness, type Harness } from '../support/harness.js';
import { BENCH, productionLikeLogger } from './benchSupport.js';
import { backlogGrows, runCallbackChain } from './callbackChain.js';
import { benchManifest } from './deliveryBench.js';
import { startBenchPeer, type BenchPeer } from './peer.js';
import { latencyOf, round1 } from './stats.js';

export interface SustainedResult {
  rate: number;
  durationMs: number;
  delivered: number;
  missing: number;
  failedPosts: number;
  p50: number;
  p99: number;
  /** Work waiting (unanswered POSTs + callbacks + outbox + deliveries) at the start and the end of the second half of the sending window. */
  backlogFirst: number;
  backlogLast: number;
  backlogGrows: boolean;
}

/**
 * Callback received -> webhook delivered at a sustained open-loop rate (500/s for
 * 10 s by default): does the pipeline keep up, or does work pile up between the
 * stages? Each callback is for its own application (a lender's batch of updates).
 */
export async function sustainedCallbackBenchmark(): Promise<SustainedResult> {
  const peer: BenchPeer = await startBenchPeer();
  let h: Harness | undefined;
  try {
    h = await createHarness({ manifest: benchManifest(await peer.receiver()), register: registerBuiltInAdapters, extra: { logger: productionLikeLogger() } });
    // Unrecorded warm-up, so the run does not measure JIT compilation.
    await runCallbackChain(h, peer, { tag: 'sustwarm', rate: 100, durationMs: 1000 });
    const run = await runCallbackChain(h, peer, { tag: 'sust', rate: BENCH.sustainedRate, durationMs: BENCH.sustainedDurationMs, drainTimeoutMs: 60_000 });
    const growth = backlogGrows(run, BENCH.sustainedDurationMs);
    const latency = latencyOf(run.latencies);
    return {
      rate: BENCH.sustainedRate,
      durationMs: BENCH.sustainedDurationMs,
      delivered: run.latencies.length,
      missing: run.missing,
      failedPosts: run.failedPosts,
      p50: round1(latency.p50),
      p99: round1(latency.p99),
      backlogFirst: growth.first,
      backlogLast: growth.last,
      backlogGrows: growth.grows,
    };
  } finally {
    await h?.close();
    await peer.close();
  }
}
