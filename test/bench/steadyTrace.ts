import { appendFileSync } from 'node:fs';
import { epochNow } from './peer.js';
import type { EventStages } from './profile/steadyStages.js';

/**
 * `BENCH_TRACE=<file> npm run bench`: every steady-rate round appends one JSON line to
 * the file: each event's start (epoch ms), latency and own write time, the bench
 * process' event-loop stalls, and for lendwire each event's stages from its rows.
 * `node --import tsx test/bench/profile/summarizeSteadyTrace.ts <file>` reads it
 * (where a round's tail comes from: docs/performance.md, "2026-12-05, twelfth session").
 */
export const STEADY_TRACE_FILE = process.env.BENCH_TRACE;

/** One steady-rate round as the trace file holds it. */
export interface SteadyRoundTrace {
  side: 'baseline' | 'lendwire';
  round: number;
  /** [key, started (epoch ms), latency ms (null: never arrived), write ms (null: failed)] */
  events: [string, number, number | null, number | null][];
  /** [when (epoch ms), gap ms]: the bench process' event loop late by more than LAG_MS. */
  lags: [number, number][];
  stages?: EventStages[];
}

/** Gaps longer than this between 5 ms ticks count as stalls of the bench process. */
const LAG_MS = 12;

/** Records the event loop's stalls (a 5 ms timer that fired late) until stopped. */
export function sampleEventLoopLags(): { stop(): [number, number][] } {
  const lags: [number, number][] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - last > LAG_MS) lags.push([epochNow(), Math.round((now - last) * 10) / 10]);
    last = now;
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      return lags;
    },
  };
}

export function appendSteadyTrace(file: string, trace: SteadyRoundTrace): void {
  appendFileSync(file, `${JSON.stringify(trace)}\n`);
}
