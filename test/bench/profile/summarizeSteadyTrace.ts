/**
 * Reads a steady-rate trace (`BENCH_TRACE=<file> npm run bench`, steadyTrace.ts) and prints,
 * per round and side: latency and own-write percentiles; for lendwire the stages of each
 * event from its rows; the stalls (an event over STALL_MS after a calm of CALM_MS starts
 * one) with their spacing, and the bench process' event-loop lags. Stalls about 540 ms apart
 * on both sides are the machine's, not lendwire's (docs/performance.md, "2026-12-05, twelfth session").
 * Usage: node --import tsx test/bench/profile/summarizeSteadyTrace.ts <file>
 */
import { readFileSync } from 'node:fs';
import { quantile, round1 } from '../stats.js';
import type { SteadyRoundTrace } from '../steadyTrace.js';

const STALL_MS = 15;
const CALM_MS = 100;

const [file] = process.argv.slice(2);
if (!file) throw new Error('usage: summarizeSteadyTrace.ts <trace file>');

const percentiles = (values: number[]) => `p50 ${round1(quantile(values, 0.5))} p90 ${round1(quantile(values, 0.9))} p99 ${round1(quantile(values, 0.99))}`;

for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
  const trace = JSON.parse(line) as SteadyRoundTrace;
  const start = trace.events[0]?.[1] ?? 0;
  const latencies = trace.events.flatMap(([, , latency]) => (latency === null ? [] : [latency]));
  const writes = trace.events.flatMap(([, , , write]) => (write === null ? [] : [write]));
  console.log(`${trace.side} round ${trace.round}: ${trace.events.length} events, latency ${percentiles(latencies)}, own write ${percentiles(writes)}`);
  if (trace.stages) {
    const startedAt = new Map(trace.events.map(([key, started]) => [key, started]));
    const known = trace.stages.filter((s) => startedAt.has(s.key));
    console.log(`  to the statement ${percentiles(known.map((s) => s.written - startedAt.get(s.key)!))}`);
    console.log(`  commit + relay   ${percentiles(known.map((s) => s.relayed - s.written))}`);
    console.log(`  pickup           ${percentiles(known.map((s) => s.started - s.relayed))}`);
    console.log(`  send             ${percentiles(known.map((s) => s.sendMs))}`);
  }
  const stalls: number[] = [];
  let lastSlow = -Infinity;
  for (const [, started, latency] of trace.events) {
    if (latency === null || latency <= STALL_MS) continue;
    if (started - lastSlow > CALM_MS) stalls.push(Math.round(started - start));
    lastSlow = started;
  }
  const spacing = stalls.slice(1).map((s, i) => s - stalls[i]);
  console.log(`  stalls (> ${STALL_MS} ms) at ms ${stalls.join(' ') || '-'}; spacing ${spacing.join(' ') || '-'}`);
  if (trace.lags.length) console.log(`  event-loop lags: ${trace.lags.map(([at, gap]) => `${Math.round(at - start)}:${gap}`).join(' ')}`);
}
