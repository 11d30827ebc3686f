/**
 * CPU per ingested callback, one side at a time: the closed-loop ingest load of
 * `npm run bench` against lendwire's callback route or the hand-written baseline,
 * with the server process' CPU time (`process.cpuUsage()`) divided by the answers.
 * Run under `node --cpu-prof` to see where one side's time goes without the other's.
 * It also prints what the collector did per request (young-collection pauses, bytes
 * promoted to the old generation, mark-compacts): what the ingest's tail follows.
 *   PROFILE_SIDE=lendwire|baseline PROFILE_DURATION_MS=10000 node --import tsx test/bench/profile/profileIngest.ts
 */
import { registerBuiltInAdapters } from '../../../adapters/index.js';
import { callbackManifest, WESTLAKE_KEY } from '../../callbacks/callbackSupport.js';
import { createHarness } from '../../support/harness.js';
import { BENCH, productionLikeLogger } from '../benchSupport.js';
import { callbackBodies } from '../ingestBench.js';
import { startBaselineIngest } from '../baselines/ingestBaseline.js';
import { TEST_REDIS_URL } from '../../support/testRedis.js';
import { runLoad } from '../runLoad.js';
import { latencyOf } from '../stats.js';
import { cpuPer, machineCpu } from './machineCpu.js';
import { watchCollections } from './gcPromotion.js';

const side = process.env.PROFILE_SIDE ?? 'lendwire';
const durationMs = Number(process.env.PROFILE_DURATION_MS ?? 10_000);
const h = await createHarness({ manifest: callbackManifest(), register: registerBuiltInAdapters, start: false, extra: { logger: productionLikeLogger() } });
const baseline = side === 'baseline' ? await startBaselineIngest({ databaseUrl: h.db.url, prefix: h.redis.prefix, redisUrl: TEST_REDIS_URL, apiKey: WESTLAKE_KEY }) : undefined;
const origin = baseline?.origin ?? new URL(h.url).origin;
const path = baseline ? '/callbacks/westlake' : '/lendwire/callbacks/westlake';
const spec = {
  origin,
  path,
  headers: { 'content-type': 'application/json', 'x-api-key': WESTLAKE_KEY },
  bodies: callbackBodies(),
  connections: BENCH.ingestConnections,
  warmupMs: 0,
};
try {
  await runLoad({ ...spec, durationMs: 2000 });
  const cpu = process.cpuUsage();
  const machineBefore = machineCpu();
  const collections = watchCollections();
  const result = await runLoad({ ...spec, durationMs });
  const gc = collections.stop();
  const used = process.cpuUsage(cpu);
  const machine = cpuPer(machineBefore, machineCpu(), result.ok + result.failed);
  const { p50, p99 } = latencyOf(result.latencies);
  const perRequestUs = (used.user + used.system) / (result.ok + result.failed);
  console.log(
    `${side}: ${(result.ok / (result.measuredMs / 1000)).toFixed(0)} req/s, p50 ${p50.toFixed(1)} p99 ${p99.toFixed(1)} ms, failed ${result.failed}; ` +
      `server CPU per request ${perRequestUs.toFixed(0)} us (user ${(used.user / result.ok).toFixed(0)}, system ${(used.system / result.ok).toFixed(0)})`,
  );
  const answered = result.ok + result.failed;
  console.log(
    `  collector: ${gc.scavenges} young collections, ${((gc.scavengeMs * 1000) / answered).toFixed(0)} us of pause per request; ` +
      `${(gc.promotedBytes / answered / 1024).toFixed(1)} KB promoted to the old generation per request; ${gc.markCompacts} mark-compacts (${gc.markCompactMs.toFixed(0)} ms)`,
  );
  console.log(`  machine CPU per request (us): ${machine.slice(0, 6).map(([name, ms]) => `${name} ${(ms * 1000).toFixed(0)}`).join(', ')}`);
  const mb = (n: number) => (n / 1048576).toFixed(0);
  const m1 = process.memoryUsage();
  (globalThis as { gc?: () => void }).gc?.();
  const m2 = process.memoryUsage();
  if (process.env.PROFILE_MEMORY) console.log(`rss ${mb(m1.rss)} heapUsed ${mb(m1.heapUsed)} heapTotal ${mb(m1.heapTotal)} ext ${mb(m1.external)} -> after gc rss ${mb(m2.rss)} heapUsed ${mb(m2.heapUsed)} heapTotal ${mb(m2.heapTotal)}`);
} finally {
  await baseline?.close();
  await h.close();
}
process.exit(0);
