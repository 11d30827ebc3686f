import type { RoundPair, SideRound } from './benchSupport.js';
import { median, round1, round3 } from './stats.js';

export interface Summary {
  throughput: number;
  p50: number;
  p99: number;
}

/** Medians over the rounds of one side. */
export function summarize(rounds: SideRound[]): Summary {
  return {
    throughput: round1(median(rounds.map((r) => r.throughput))),
    p50: round1(median(rounds.map((r) => r.p50))),
    p99: round1(median(rounds.map((r) => r.p99))),
  };
}

export type Comparison = ReturnType<typeof comparison>;

/** Both sides' medians, the median of the per-round ratios, and every round. */
export function comparison(pairs: RoundPair[]) {
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

/** The printed table of a comparison: both sides' throughput and latencies, the ratio per round. */
export function comparisonTable(unit: string, c: Comparison): string[] {
  const row = (name: string, s: Summary) => `  ${name.padEnd(9)} ${s.throughput.toFixed(1).padStart(10)} ${unit.padEnd(5)} ${s.p50.toFixed(1).padStart(9)} ${s.p99.toFixed(1).padStart(9)}`;
  return [
    `  ${''.padEnd(9)} ${'throughput'.padStart(16)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)}`,
    row('baseline', c.baseline),
    row('lendwire', c.lendwire),
    `  ratio (median of ${c.rounds.length} rounds): ${c.medianRatio.toFixed(3)}   per round: ${c.rounds.map((r) => r.ratio.toFixed(3)).join(' ')}`,
  ];
}
