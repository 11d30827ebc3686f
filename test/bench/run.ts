import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { BENCH, type RoundPair, type SideRound } from './benchSupport.js';
import { deliveryBenchmark } from './deliveryBench.js';
import { ingestBenchmark } from './ingestBench.js';
import { median, round1, round3 } from './stats.js';

/** DESIGN.md, "Performance and reliability bar". */
const BAR = {
  ingestRatio: 0.85,
  ingestP99Ms: 50,
  deliveryRatio: 0.8,
  callbackToWebhookP99Ms: 250,
};

interface Summary {
  throughput: number;
  p50: number;
  p99: number;
}

/** Medians over the rounds of one side. */
function summarize(rounds: SideRound[]): Summary {
  return {
    throughput: round1(median(rounds.map((r) => r.throughput))),
    p50: round1(median(rounds.map((r) => r.p50))),
    p99: round1(median(rounds.map((r) => r.p99))),
  };
}

function comparison(pairs: RoundPair[]) {
  return {
    baseline: summarize(pairs.map((p) => p.baseline)),
    lendwire: summarize(pairs.map((p) => p.lendwire)),
    medianRatio: round3(median(pairs.map((p) => p.ratio))),
    rounds: pairs.map((p) => ({
      round: p.round,
      ratio: round3(p.ratio),
      baseline: { ...summarize([p.baseline]), failed: p.baseline.failed },
      lendwire: { ...summarize([p.lendwire]), failed: p.lendwire.failed },
    })),
  };
}

const verdict = (ok: boolean) => (ok ? 'PASS' : 'BELOW BAR');

function table(title: string, unit: string, c: ReturnType<typeof comparison>): string {
  const row = (name: string, s: Summary) => `  ${name.padEnd(9)} ${s.throughput.toFixed(1).padStart(10)} ${unit.padEnd(4)} ${s.p50.toFixed(1).padStart(9)} ${s.p99.toFixed(1).padStart(9)}`;
  return [
    title,
    `  ${''.padEnd(9)} ${'throughput'.padStart(15)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)}`,
    row('baseline', c.baseline),
    row('lendwire', c.lendwire),
    `  ratio (median of ${c.rounds.length} rounds): ${c.medianRatio.toFixed(3)}   per round: ${c.rounds.map((r) => r.ratio.toFixed(3)).join(' ')}`,
  ].join('\n');
}

async function main(): Promise<void> {
  console.log(`lendwire benchmarks: ${BENCH.rounds} interleaved rounds per side, ${cpus().length} CPUs, node ${process.version}`);
  console.log('callback ingest...');
  const ingest = comparison(await ingestBenchmark());
  console.log('outbound delivery...');
  const delivery = await deliveryBenchmark();
  const batch = comparison(delivery.batch);
  const steady = comparison(delivery.steady);
  const chain = summarize(delivery.callbackToWebhook);
  const chainMissing = delivery.callbackToWebhook.reduce((n, r) => n + r.failed, 0);

  const checks = {
    ingestThroughput: { bar: `>= ${BAR.ingestRatio} x baseline`, measured: ingest.medianRatio, verdict: verdict(ingest.medianRatio >= BAR.ingestRatio) },
    ingestP99: { bar: `p99 <= ${BAR.ingestP99Ms} ms at ${BENCH.ingestConnections} connections`, measured: ingest.lendwire.p99, verdict: verdict(ingest.lendwire.p99 <= BAR.ingestP99Ms) },
    deliveryThroughput: { bar: `>= ${BAR.deliveryRatio} x baseline`, measured: batch.medianRatio, verdict: verdict(batch.medianRatio >= BAR.deliveryRatio) },
    callbackToWebhookP99: {
      bar: `p99 <= ${BAR.callbackToWebhookP99Ms} ms at ${BENCH.steadyRate}/s, nothing missing`,
      measured: chain.p99,
      verdict: verdict(chain.p99 <= BAR.callbackToWebhookP99Ms && chainMissing === 0),
    },
  };

  console.log('');
  console.log(table(`Callback ingest (closed loop, ${BENCH.ingestConnections} connections, ${BENCH.ingestDurationMs / 1000} s per round)`, 'req/s', ingest));
  console.log(`  bar: throughput ${checks.ingestThroughput.bar}: ${checks.ingestThroughput.verdict}; ${checks.ingestP99.bar}: ${checks.ingestP99.verdict}`);
  console.log('');
  console.log(table(`Outbound delivery, batch of ${BENCH.deliveryBatch} events (latency = batch written -> receiver)`, 'ev/s', batch));
  console.log(`  bar: throughput ${checks.deliveryThroughput.bar}: ${checks.deliveryThroughput.verdict}`);
  console.log('');
  console.log(table(`Outbound delivery, steady ${BENCH.steadyRate}/s for ${BENCH.steadyDurationMs / 1000} s (event written -> receiver)`, 'ev/s', steady));
  console.log('  (at a fixed offered rate the ratio only shows losses; compare the latencies)');
  console.log('');
  console.log(`Callback received -> webhook delivered, lendwire, steady ${BENCH.steadyRate}/s (no baseline; absolute bar)`);
  console.log(`  p50 ${chain.p50.toFixed(1)} ms, p99 ${chain.p99.toFixed(1)} ms (medians of ${delivery.callbackToWebhook.length} rounds; per-round p99: ${delivery.callbackToWebhook.map((r) => r.p99.toFixed(1)).join(' ')}), missing ${chainMissing}`);
  console.log(`  bar: ${checks.callbackToWebhookP99.bar}: ${checks.callbackToWebhookP99.verdict}`);

  const report = {
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version },
    settings: BENCH,
    ingest,
    delivery: { batch, steady, callbackToWebhook: { ...chain, missing: chainMissing, rounds: delivery.callbackToWebhook.map((r) => summarize([r])) } },
    checks,
  };
  mkdirSync('test-artifacts', { recursive: true });
  writeFileSync('test-artifacts/bench.json', `${JSON.stringify(report, null, 2)}\n`);
  console.log('\nwritten to test-artifacts/bench.json');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
