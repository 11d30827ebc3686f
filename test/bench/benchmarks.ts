import type { BarId, Measurement } from './bars.js';
import { BENCH } from './benchSupport.js';
import { deliveryBenchmark } from './deliveryBench.js';
import { ingestBenchmark } from './ingestBench.js';
import { comparison, comparisonTable, summarize } from './report.js';
import { scaleBenchmark } from './scale/scaleBench.js';
import { sustainedCallbackBenchmark } from './sustainedBench.js';
import { submissionBenchmark } from './submissionBench.js';
import { scaleMeasurements, scaleTable } from './scale/scaleReport.js';

/** What one benchmark hands back to run.ts. */
export interface BenchOutcome {
  /** Printed in order: a title line, then its table. */
  sections: { title: string; lines: string[] }[];
  /** The bars (bars.ts) this benchmark measured. */
  measured: Partial<Record<BarId, Measurement>>;
  /** Its part of test-artifacts/bench.json. */
  json: unknown;
}

export interface Benchmark {
  /** Its key in bench.json and in `BENCH_ONLY=ingest,scale`. */
  key: string;
  run(): Promise<BenchOutcome>;
}

/** Every benchmark `npm run bench` runs, in order. Adding one is adding an entry here. */
export const BENCHMARKS: Benchmark[] = [
  {
    key: 'ingest',
    async run() {
      const ingest = comparison(await ingestBenchmark());
      return {
        sections: [{ title: `Callback ingest (closed loop, ${BENCH.ingestConnections} connections, ${BENCH.ingestDurationMs / 1000} s per round)`, lines: comparisonTable('req/s', ingest) }],
        measured: {
          ingestRatio: { value: ingest.medianRatio },
          ingestP99Ms: { value: ingest.lendwire.p99, detail: `at ${BENCH.ingestConnections} connections` },
        },
        json: ingest,
      };
    },
  },
  {
    key: 'delivery',
    async run() {
      const delivery = await deliveryBenchmark();
      const batch = comparison(delivery.batch);
      const steady = comparison(delivery.steady);
      const chain = summarize(delivery.callbackToWebhook);
      const missing = delivery.callbackToWebhook.reduce((n, r) => n + r.failed, 0);
      return {
        sections: [
          { title: `Outbound delivery, batch of ${BENCH.deliveryBatch} events (latency = batch written -> receiver)`, lines: comparisonTable('ev/s', batch) },
          {
            title: `Outbound delivery, steady ${BENCH.steadyRate}/s for ${BENCH.steadyDurationMs / 1000} s (event written -> receiver)`,
            lines: [...comparisonTable('ev/s', steady), '  (at a fixed offered rate the ratio only shows losses; compare the latencies)'],
          },
          {
            title: `Callback received -> webhook delivered, lendwire, steady ${BENCH.steadyRate}/s (no baseline; absolute bar)`,
            lines: [
              `  p50 ${chain.p50.toFixed(1)} ms, p99 ${chain.p99.toFixed(1)} ms (medians of ${delivery.callbackToWebhook.length} rounds; per-round p99: ${delivery.callbackToWebhook.map((r) => r.p99.toFixed(1)).join(' ')}), missing ${missing}`,
            ],
          },
        ],
        measured: {
          deliveryBatchRatio: { value: batch.medianRatio },
          deliverySteadyP99Ms: { value: steady.lendwire.p99, detail: `at ${BENCH.steadyRate}/s; baseline p99 ${steady.baseline.p99} ms` },
          callbackToWebhookP99Ms: { value: chain.p99, holds: missing === 0, detail: `at ${BENCH.steadyRate}/s, ${missing} missing` },
        },
        json: { batch, steady, callbackToWebhook: { ...chain, missing, rounds: delivery.callbackToWebhook.map((r) => summarize([r])) } },
      };
    },
  },
  {
    key: 'submission',
    async run() {
      const rounds = await submissionBenchmark();
      const s = summarize(rounds);
      const failed = rounds.reduce((n, r) => n + r.failed, 0);
      return {
        sections: [
          {
            title: `Dealer submission, POST /applications -> lender receives it, ${BENCH.submissionRate}/s for ${BENCH.steadyDurationMs / 1000} s (no baseline; absolute bar)`,
            lines: [
              `  p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms (medians of ${rounds.length} rounds; per-round p99: ${rounds.map((r) => r.p99.toFixed(1)).join(' ')}), failed ${failed}`,
              `  of which: 202 answered p99 ${rounds.map((r) => r.accepted.p99.toFixed(1)).join(' ')} ms; committed -> worker claimed p99 ${rounds.map((r) => r.pickup.p99.toFixed(1)).join(' ')} ms`,
            ],
          },
        ],
        measured: { dealerSubmitP99Ms: { value: s.p99, holds: failed === 0, detail: `at ${BENCH.submissionRate}/s, ${failed} failed` } },
        json: { ...s, failed, rounds },
      };
    },
  },
  {
    key: 'sustained',
    async run() {
      const s = await sustainedCallbackBenchmark();
      return {
        sections: [
          {
            title: `Callback received -> webhook delivered, lendwire, sustained ${s.rate}/s for ${s.durationMs / 1000} s`,
            lines: [
              `  p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, delivered ${s.delivered}, missing ${s.missing}, failed posts ${s.failedPosts}`,
              `  work waiting (unanswered POSTs + callbacks + outbox + deliveries) over the second half of the run: ${s.backlogFirst} -> ${s.backlogLast}${s.backlogGrows ? ' (grows)' : ''}`,
            ],
          },
        ],
        measured: {
          callbacksSustained500: {
            value: !s.backlogGrows,
            holds: s.missing === 0 && s.failedPosts === 0 && s.rate >= 500,
            detail: `${s.rate}/s for ${s.durationMs / 1000} s: waiting ${s.backlogFirst} -> ${s.backlogLast}, ${s.missing} missing, p99 ${s.p99} ms`,
          },
        },
        json: s,
      };
    },
  },
  {
    key: 'scale',
    async run() {
      const scale = await scaleBenchmark();
      return { sections: scaleTable(scale), measured: scaleMeasurements(scale), json: scale };
    },
  },
];
