/** Latency summary of one round, in milliseconds. */
export interface Latency {
  p50: number;
  p99: number;
}

/** The value at quantile `q` (0..1) of `samples` (nearest rank); NaN when empty. */
export function quantile(samples: ArrayLike<number>, q: number): number {
  if (!samples.length) return Number.NaN;
  const sorted = Float64Array.from(samples).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

export function latencyOf(samples: ArrayLike<number>): Latency {
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99) };
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

export const round1 = (n: number): number => Math.round(n * 10) / 10;
export const round3 = (n: number): number => Math.round(n * 1000) / 1000;
