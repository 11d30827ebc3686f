import { destination, pino, type Logger } from 'pino';

/** Benchmark knobs; each can be set from the environment (BENCH_ROUNDS=5 npm run bench). */
export const BENCH = {
  rounds: Number(process.env.BENCH_ROUNDS ?? 3),
  ingestConnections: Number(process.env.BENCH_INGEST_CONNECTIONS ?? 50),
  ingestDurationMs: Number(process.env.BENCH_INGEST_DURATION_MS ?? 5000),
  ingestWarmupMs: Number(process.env.BENCH_INGEST_WARMUP_MS ?? 1000),
  deliveryBatch: Number(process.env.BENCH_DELIVERY_BATCH ?? 2000),
  steadyRate: Number(process.env.BENCH_STEADY_RATE ?? 200),
  steadyDurationMs: Number(process.env.BENCH_STEADY_DURATION_MS ?? 5000),
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
