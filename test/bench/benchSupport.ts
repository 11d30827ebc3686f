import { destination, pino, type Logger } from 'pino';

/**
 * `npm run bench -- --quick`: small sizes, one round, verdicts printed but never
 * failing the run. CI runs it so the bench keeps working; its numbers mean nothing.
 */
export const QUICK = process.argv.includes('--quick');

/** A knob from the environment, else its full-size or --quick default. */
const knob = (name: string, full: number, quick: number): number => Number(process.env[name] ?? (QUICK ? quick : full));

/** Benchmark knobs; each can be set from the environment (BENCH_ROUNDS=5 npm run bench). */
export const BENCH = {
  quick: QUICK,
  rounds: knob('BENCH_ROUNDS', 3, 1),
  ingestConnections: knob('BENCH_INGEST_CONNECTIONS', 50, 10),
  ingestDurationMs: knob('BENCH_INGEST_DURATION_MS', 5000, 1000),
  ingestWarmupMs: knob('BENCH_INGEST_WARMUP_MS', 1000, 200),
  deliveryBatch: knob('BENCH_DELIVERY_BATCH', 2000, 200),
  steadyRate: knob('BENCH_STEADY_RATE', 200, 50),
  steadyDurationMs: knob('BENCH_STEADY_DURATION_MS', 5000, 1000),
  /** Callback -> webhook at a sustained rate: does the work waiting between the stages grow? */
  sustainedRate: knob('BENCH_SUSTAINED_RATE', 500, 50),
  sustainedDurationMs: knob('BENCH_SUSTAINED_DURATION_MS', 10_000, 2000),
  /** Data at scale: rows seeded (raw callbacks spread evenly over the applications) and timed samples per lookup. */
  scaleApplications: knob('BENCH_SCALE_APPLICATIONS', 1_000_000, 10_000),
  scaleRawCallbacks: knob('BENCH_SCALE_RAW_CALLBACKS', 10_000_000, 100_000),
  scaleSamples: knob('BENCH_SCALE_SAMPLES', 500, 50),
  /** Dealer POST /applications per second in the submission benchmark (docs/design.md: p99 <= 100 ms at 20/s). */
  submissionRate: knob('BENCH_SUBMISSION_RATE', 20, 20),
};

/**
 * What a host would hand lendwire in production: info level, written out (to
 * /dev/null, so the disk is not measured). The test harness' debug-level
 * in-memory logger would make lendwire pay for logging nobody runs with.
 */
export function productionLikeLogger(): Logger {
  return pino({ level: 'info' }, destination({ dest: '/dev/null', sync: false }));
}

/** One side's numbers in one round. */
export interface SideRound {
  throughput: number;
  p50: number;
  p99: number;
  failed: number;
}

export interface RoundPair {
  round: number;
  baseline: SideRound;
  lendwire: SideRound;
  /** lendwire throughput / baseline throughput in this round. */
  ratio: number;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
