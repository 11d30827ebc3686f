import { registerBuiltInAdapters } from '../../adapters/index.js';
import { callbackManifest, fixture, renumbered, WESTLAKE_KEY } from '../callbacks/callbackSupport.js';
import { createHarness, type Harness } from '../support/harness.js';
import { TEST_REDIS_URL } from '../support/testRedis.js';
import { BENCH, productionLikeLogger, type RoundPair, type SideRound } from './benchSupport.js';
import { runLoad } from './runLoad.js';
import { forkBaseline, type ForkedBaseline } from './baselines/forkBaseline.js';
import { latencyOf } from './stats.js';

/** A thousand distinct stage-2 appTRAKER callbacks (distinct bodies, as a busy lender would send). */
export function callbackBodies(): string[] {
  const template = fixture('02-decision-conditioned.json');
  return Array.from({ length: 1000 }, (_, i) => renumbered(template, `AT-B${i}`, String(3_000_000 + i)));
}

async function measure(origin: string, path: string, bodies: string[]): Promise<SideRound> {
  const result = await runLoad({
    origin,
    path,
    headers: { 'content-type': 'application/json', 'x-api-key': WESTLAKE_KEY },
    bodies,
    connections: BENCH.ingestConnections,
    durationMs: BENCH.ingestDurationMs,
    warmupMs: BENCH.ingestWarmupMs,
  });
  if (result.failed) console.warn(`  ${result.failed} failed requests (first: ${result.firstFailure})`);
  return { throughput: result.ok / (result.measuredMs / 1000), ...latencyOf(result.latencies), failed: result.failed };
}

/**
 * Callback ingest, closed loop at 50 connections: lendwire's POST /lendwire/callbacks/westlake
 * (appTRAKER, X-API-KEY) against the minimal ingest, rounds interleaved. Lendwire runs
 * without its workers (as an API process with `lendwire worker` elsewhere), like the
 * baseline, which has no consumer either: only the ingest path is compared.
 */
export async function ingestBenchmark(): Promise<RoundPair[]> {
  let h: Harness | undefined;
  let baseline: ForkedBaseline | undefined;
  try {
    h = await createHarness({ manifest: callbackManifest(), register: registerBuiltInAdapters, start: false, extra: { logger: productionLikeLogger() } });
    // In a process of its own: the bench process is the host whose RSS the bench reports.
    baseline = await forkBaseline({ which: 'ingest', options: { databaseUrl: h.db.url, prefix: h.redis.prefix, redisUrl: TEST_REDIS_URL, apiKey: WESTLAKE_KEY } });
    const bodies = callbackBodies();
    const lendwireOrigin = new URL(h.url).origin;
    // One unrecorded round per side first, so round 1 does not measure the JIT compiler.
    await measure(baseline.origin!, '/callbacks/westlake', bodies);
    await measure(lendwireOrigin, '/lendwire/callbacks/westlake', bodies);
    const pairs: RoundPair[] = [];
    for (let round = 1; round <= BENCH.rounds; round++) {
      const b = await measure(baseline.origin!, '/callbacks/westlake', bodies);
      const l = await measure(lendwireOrigin, '/lendwire/callbacks/westlake', bodies);
      pairs.push({ round, baseline: b, lendwire: l, ratio: l.throughput / b.throughput });
      console.log(`  ingest round ${round}: baseline ${b.throughput.toFixed(0)}/s p99 ${b.p99.toFixed(1)} ms | lendwire ${l.throughput.toFixed(0)}/s p99 ${l.p99.toFixed(1)} ms | ratio ${(l.throughput / b.throughput).toFixed(3)}`);
    }
    return pairs;
  } finally {
    await baseline?.close();
    await h?.close();
  }
}
