const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "500ms", "30s", "5m", "2h", "7d" -> milliseconds (the manifest's duration format). */
export function parseDuration(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  if (!match) throw new Error(`"${text}" is not a duration like 500ms, 30s, 5m, 2h or 7d`);
  return Number(match[1]) * UNIT_MS[match[2]];
}

/** Spreads retries of many deliveries that failed together (±10%), so they don't all come back at once. */
export function withJitter(delayMs: number, random: () => number = Math.random): number {
  return Math.max(0, Math.round(delayMs * (0.9 + 0.2 * random())));
}
